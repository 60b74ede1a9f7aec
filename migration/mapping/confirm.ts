import type { ObjectKind } from "../model/types";
import type { ColumnEdit, ColumnMap, ColumnProposal, ConfirmedMap, ConfirmMeta, FileMap, FileProposal, MapEdits, MapProblem, Proposal, ProposedChoice } from "./types";
import { objectSpec } from "../model/objects";
import { MapValidationError, validateConfirmedMap } from "./validate";

/** The proposal's column re-read for another object: same field id if that object has it, else do-not-migrate. */
function carryOver(column: ColumnProposal, object: ObjectKind, proposed: ObjectKind | null): ColumnMap {
  const base: ColumnMap = { source: column.source, field: column.field, target: column.target };
  if (column.valueMap) base.valueMap = column.valueMap;
  if (column.custom) base.custom = column.custom;
  if (proposed === object) return base;
  const field = column.field ? objectSpec(object).fields.find((f) => f.id === column.field) : undefined;
  return field ? { source: column.source, field: field.id, target: field.target } : { source: column.source, field: null, target: null };
}

/** The column's proposal as the admin saw it: what their choice is compared with to know a correction. */
export function proposedChoice(column: Pick<ColumnMap, "field" | "target">, learned?: ColumnProposal["learned"]): ProposedChoice {
  return { field: column.field, target: column.target, ...(learned ? { learnedFrom: learned.confirmedAt } : {}) };
}

function applyEdit(column: ColumnMap, edit: ColumnEdit, object: ObjectKind): ColumnMap {
  const spec = objectSpec(object);
  let next: ColumnMap = { ...column };
  if (edit.custom) {
    next = { source: column.source, field: null, target: `custom:${edit.custom.table}.${edit.custom.logicalName}`, custom: edit.custom };
  } else if (edit.field !== undefined) {
    const field = edit.field === null ? undefined : spec.fields.find((f) => f.id === edit.field);
    next = { source: column.source, field: edit.field, target: field ? field.target : edit.field === null ? null : column.target };
    if (edit.field === column.field && column.valueMap) next.valueMap = column.valueMap;
  } else if (edit.target !== undefined) {
    const fields = spec.fields.filter((f) => f.target === edit.target);
    const field = fields.length === 1 ? fields[0] : fields.find((f) => f.id === column.field);
    next = { source: column.source, field: edit.target === null ? null : (field?.id ?? null), target: edit.target };
    if (column.custom && edit.target === column.target) next.custom = column.custom;
    if (field && field.id === column.field && column.valueMap) next.valueMap = column.valueMap;
  }
  if (edit.valueMap) next.valueMap = edit.valueMap;
  return next;
}

function confirmFile(file: FileProposal, edits: MapEdits, problems: MapProblem[]): FileMap | undefined {
  const fileEdit = edits.files?.[file.file];
  const object = fileEdit?.object !== undefined ? fileEdit.object : file.object;
  if (object === null) return undefined;
  const sources = new Set(file.columns.map((c) => c.source));
  for (const name of Object.keys(fileEdit?.columns ?? {})) {
    if (!sources.has(name)) problems.push({ file: file.file, column: name, code: "shape", message: `${file.file} has no column '${name}' to edit` });
  }
  const columns = file.columns.map((c) => {
    // For another object than the proposed one, the proposal the admin saw is the column carried over to it.
    const carried = carryOver(c, object, file.object);
    const edit = fileEdit?.columns?.[c.source];
    const proposed = proposedChoice(carried, object === file.object ? c.learned : undefined);
    return { ...(edit ? applyEdit(carried, edit, object) : carried), proposed };
  });
  const dateOrder = fileEdit?.dateOrder ?? file.dateOrder;
  return { file: file.file, object, columns, dateOrder };
}

/**
 * The admin's confirmation: the proposal with their edits applied, as a versioned map (version 3: each column
 * says what was proposed, so a correction is known as one). Files whose object
 * is unknown (or set to null) are left out. Throws MapValidationError when the result names unknown or
 * duplicate targets, leaves a required field unmapped or a file's date order undecided, so an invalid map
 * never exists.
 */
export function confirmMap(proposal: Proposal, edits: MapEdits, meta: ConfirmMeta): ConfirmedMap {
  const problems: MapProblem[] = [];
  for (const name of Object.keys(edits.files ?? {})) {
    if (!proposal.files.some((f) => f.file === name)) problems.push({ file: name, code: "shape", message: `the proposal has no file ${name}` });
  }
  const files = proposal.files.map((f) => confirmFile(f, edits, problems)).filter((f): f is FileMap => !!f);
  const map: ConfirmedMap = {
    version: 3,
    confirmedAt: meta.confirmedAt ?? new Date().toISOString(),
    confirmedBy: meta.confirmedBy,
    timeZone: meta.timeZone,
    files,
  };
  problems.push(...validateConfirmedMap(map));
  if (problems.length > 0) throw new MapValidationError(problems);
  return map;
}
