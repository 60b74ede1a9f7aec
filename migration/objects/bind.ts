import { tableAddress } from "../model/tables";
import type { PlannedRecord } from "../plan/types";
import type { Entity } from "../../dataverse/types";
import type { ObjectKind } from "../model/types";
import { contentHash } from "./hash";
import type { MappedRow } from "./mapped-row";

/** Source key of a Dental-Exec row: `patient:10482`. */
export const sourceKey = (prefix: string, id: string) => `${prefix}:${id}`;

/** OData string literal: quotes doubled. */
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** `/contacts(dxm_sourcekey='patient:1')`: a lookup bound by alternate key, no GUID look-up needed. */
export function bindByKey(table: string, key: string): string {
  return `/${tableAddress(table).entitySet}(dxm_sourcekey=${literal(key)})`;
}

/** `/systemusers(<id>)`. */
export function bindById(entitySet: string, id: string): string {
  return `/${entitySet}(${id})`;
}

/** Drops undefined values, so payloads only carry what the row has. */
export function compact(payload: Record<string, unknown>): Entity {
  const out: Entity = {};
  for (const [k, v] of Object.entries(payload)) if (v !== undefined && v !== "") out[k] = v;
  return out;
}

/** A PlannedRecord for `table` with its entity set filled in, and its content hash worked out when first read. */
export function plannedRecord(
  row: Pick<MappedRow, "file" | "line">,
  object: ObjectKind,
  table: string,
  key: string,
  payload: Entity,
  extra: Pick<PlannedRecord, "attachment" | "finalState" | "hashKey"> = {},
): PlannedRecord {
  const record = new Planned(object, table, key, row.file, row.line, payload);
  if (extra.attachment) record.attachment = extra.attachment;
  if (extra.finalState) record.finalState = extra.finalState;
  if (extra.hashKey) record.hashKey = extra.hashKey;
  return record;
}

/**
 * A planned record whose content hash is worked out when first read, and kept: a full run's validation pass
 * checks every record and never reads it (a tenth of that pass's time at 10k). The load reads it as each record
 * is produced (plan-migration.ts `records`), before anything else holds the record, so it is the planned
 * payload's. A class, not an object literal with a getter: the getter then lives once on the prototype, where a
 * literal made a closure and a getter for each record (2 million records: 5.2 s against 1.9 s with the hash
 * read, 2.9 s against 0.2 s without).
 */
class Planned implements PlannedRecord {
  readonly entitySet: string;
  // Set only when the record has them, as the object literal did (`declare`: no field is defined otherwise).
  declare attachment?: PlannedRecord["attachment"];
  declare finalState?: PlannedRecord["finalState"];
  declare hashKey?: string;
  private hash: string | undefined = undefined;

  constructor(
    readonly object: ObjectKind,
    readonly table: string,
    readonly sourceKey: string,
    readonly file: string,
    readonly line: number,
    readonly payload: Entity,
  ) {
    this.entitySet = tableAddress(table).entitySet;
  }

  get contentHash(): string {
    return (this.hash ??= contentHash({ payload: this.payload, attachment: this.attachment, finalState: this.finalState }));
  }
}
