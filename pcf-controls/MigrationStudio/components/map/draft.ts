import type { ColumnMap, ColumnProposal, ConfirmedMap, FileMap, Proposal } from "../../../../migration/mapping/types";
import { targetsFor } from "../../../../migration/mapping/targets";
import { validateConfirmedMap } from "../../../../migration/mapping/validate";
import { proposedChoice } from "../../../../migration/mapping/confirm";
import type { ObjectKind } from "../../../../migration/model/types";
import type { DateOrder } from "../../../../migration/time";

/** The map the admin is editing: the proposal's choices, per file, before Confirm. */
export type DraftMap = FileMap[];

export function draftFromProposal(proposal: Proposal): DraftMap {
  return proposal.files
    .filter((f): f is typeof f & { object: ObjectKind } => f.object !== null)
    // An order the values do not decide stays null: the admin's choice, which Confirm waits for.
    .map((f) => ({ file: f.file, object: f.object, columns: f.columns.map(columnFromProposal), dateOrder: f.dateOrder }));
}

/** The admin's choice of how a file writes its dates. */
export function setDateOrder(draft: DraftMap, file: string, dateOrder: DateOrder): DraftMap {
  return draft.map((f) => (f.file === file ? { ...f, dateOrder } : f));
}

/** Files whose date order nobody has decided yet: the map cannot be confirmed while there are any. */
export function undecidedDateOrders(draft: DraftMap): string[] {
  return draft.filter((f) => f.dateOrder === null || f.dateOrder === undefined).map((f) => f.file);
}

function columnFromProposal(c: ColumnProposal): ColumnMap {
  return { source: c.source, field: c.field, target: c.target, ...(c.valueMap ? { valueMap: { ...c.valueMap } } : {}), ...(c.custom ? { custom: c.custom } : {}) };
}

/** A choice in the target picker: an object field (with where it lands), a proposed custom column, or "do not migrate". */
export interface TargetChoice {
  key: string;
  field: string | null;
  target: string | null;
  label: string;
}

export const DO_NOT_MIGRATE = "none";

/** The engine's picker list for the object (fields, then do-not-migrate), plus the column's proposed custom column. */
export function targetChoices(object: ObjectKind, proposed: ColumnProposal | undefined, labels: { doNotMigrate: string; engineField: string }): TargetChoice[] {
  const choices: TargetChoice[] = targetsFor(object).map((t) =>
    t.field === null && t.target === null
      ? { key: DO_NOT_MIGRATE, field: null, target: null, label: labels.doNotMigrate }
      : { key: `field:${t.field}`, field: t.field, target: t.target, label: t.target ? `${t.label} → ${t.target}` : labels.engineField.replace("{0}", t.label) },
  );
  if (proposed?.custom && proposed.target) choices.splice(choices.length - 1, 0, { key: `custom:${proposed.target}`, field: null, target: proposed.target, label: `${proposed.custom.displayName} → ${proposed.target}` });
  return choices;
}

export function choiceKey(column: ColumnMap): string {
  if (column.field) return `field:${column.field}`;
  if (column.target) return `custom:${column.target}`;
  return DO_NOT_MIGRATE;
}

export function applyChoice(column: ColumnMap, choice: TargetChoice): ColumnMap {
  const changed = choice.target !== column.target || choice.field !== column.field;
  return {
    source: column.source,
    field: choice.field,
    target: choice.target,
    // A value map belongs to the target it was made for.
    ...(!changed && column.valueMap ? { valueMap: column.valueMap } : {}),
    ...(choice.target?.startsWith("custom:") && column.custom ? { custom: column.custom } : {}),
  };
}

export function updateColumn(draft: DraftMap, file: string, source: string, update: (column: ColumnMap) => ColumnMap): DraftMap {
  return draft.map((f) => (f.file !== file ? f : { ...f, columns: f.columns.map((c) => (c.source === source ? update(c) : c)) }));
}

/**
 * The confirmed map (version 3: each column says what was proposed, so the org learns the admin's corrections),
 * or the engine's reasons it cannot be confirmed (unknown or duplicate targets, required fields unmapped).
 */
export function confirmDraft(draft: DraftMap, proposal: Proposal, confirmedBy: string, timeZone: string, now: Date): { map: ConfirmedMap; problems: string[] } {
  const proposedOf = new Map(proposal.files.flatMap((f) => f.columns.map((c) => [`${f.file}\u0000${c.source}`, proposedChoice(c, c.learned)] as const)));
  const files = draft.map((f) => ({
    ...f,
    columns: f.columns.map((c) => {
      const proposed = proposedOf.get(`${f.file}\u0000${c.source}`);
      return proposed ? { ...c, proposed } : c;
    }),
  }));
  const map: ConfirmedMap = { version: 3, confirmedAt: now.toISOString(), confirmedBy, timeZone, files };
  return { map, problems: validateConfirmedMap(map).map((p) => p.message) };
}

/** Custom columns the confirmed map will create, one per accepted `custom:` target. */
export function customColumnsOf(map: { files: FileMap[] }): NonNullable<ColumnMap["custom"]>[] {
  return map.files.flatMap((f) => f.columns.filter((c) => c.target?.startsWith("custom:") && c.custom).map((c) => c.custom!));
}
