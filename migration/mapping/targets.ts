import type { ObjectKind } from "../model/types";
import type { TargetChoice } from "./types";
import { objectSpec } from "../model/objects";

/**
 * The searchable picker's list for an object: each field with its target, then "do not migrate".
 * Custom columns are proposed per column (see ColumnProposal.custom) and are not part of this list.
 */
export function targetsFor(object: ObjectKind): TargetChoice[] {
  const spec = objectSpec(object);
  return [
    ...spec.fields.map((f) => ({
      field: f.id, target: f.target, label: f.header, type: f.type, required: !!f.required, description: f.description,
    })),
    { field: null, target: null, label: "Do not migrate", type: "none", required: false, description: "The column is left out of the migration." },
  ];
}
