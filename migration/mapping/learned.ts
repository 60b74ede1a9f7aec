import type { ObjectKind } from "../model/types";
import { objectSpecs } from "../model/objects";
import type { ColumnMap, ConfirmedMap, LearnedChoice, ProposedChoice } from "./types";

/**
 * A header as the org's memory compares it: NFKC, camelCase split, lower case, every run of punctuation,
 * underscores and spaces one space. `Date Opened`, `date_opened`, `DateOpened` and ` DATE  OPENED ` are one header.
 */
export function normaliseHeader(header: string): string {
  return header
    .normalize("NFKC")
    .replace(/(\p{Ll})(\p{Lu})/gu, "$1 $2")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

/** The key a learned choice is found by: the object and the normalised header. */
export const learnedKey = (object: ObjectKind, header: string): string => `${object}\u0000${normaliseHeader(header)}`;

const sameChoice = (a: { field: string | null; target: string | null }, b: { field: string | null; target: string | null }) =>
  a.field === b.field && a.target === b.target;

/** Whether the object can still take the choice (a field retired from the model, or a malformed custom column, cannot). */
function stillAChoice(object: ObjectKind, column: ColumnMap): boolean {
  const spec = objectSpecs.find((s) => s.kind === object);
  if (!spec) return false;
  if (column.field !== null) return spec.fields.some((f) => f.id === column.field && f.target === column.target);
  if (column.target === null) return true;
  const custom = column.custom;
  return !!spec.acceptsCustomFields && !!custom && custom.table === spec.table && column.target === `custom:${custom.table}.${custom.logicalName}`;
}

const time = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
};

function learned(object: ObjectKind, column: ColumnMap, proposed: ProposedChoice, confirmedAt: string): LearnedChoice {
  const choice: LearnedChoice = { object, header: normaliseHeader(column.source), field: column.field, target: column.target, confirmedAt };
  if (column.custom && column.target?.startsWith("custom:")) choice.custom = column.custom;
  if (column.valueMap && Object.keys(column.valueMap).length > 0) choice.valueMap = column.valueMap;
  if (!sameChoice(proposed, column)) choice.corrected = { field: proposed.field, target: proposed.target };
  return choice;
}

/**
 * What an org's admins taught its proposals, from the confirmed maps on its run rows: per object and
 * normalised header, the newest confirmation that says what was proposed (version 3 maps; older ones do not,
 * so nothing is learned from them) decides.
 * - The admin chose something other than the proposal (a correction): that choice is learned.
 * - The admin kept a proposal that was itself an earlier admin's choice: it is learned again, with this date.
 * - The admin kept the engine's own proposal: nothing is learned, and older corrections of that header no
 *   longer count (the newest confirmation wins).
 * Pure: the maps come from one org (readLearnedChoices), and what it returns is only ever applied there.
 */
export function learnedChoices(maps: readonly ConfirmedMap[]): LearnedChoice[] {
  const newestFirst = maps.map((map, i) => ({ map, i })).sort((a, b) => time(b.map.confirmedAt) - time(a.map.confirmedAt) || a.i - b.i);
  const decided = new Set<string>();
  const choices: LearnedChoice[] = [];
  for (const { map } of newestFirst) {
    for (const file of map.files) {
      for (const column of file.columns) {
        const proposed = column.proposed;
        if (!proposed) continue;
        const key = learnedKey(file.object, column.source);
        if (decided.has(key)) continue;
        decided.add(key);
        const corrected = !sameChoice(proposed, column);
        if (!corrected && proposed.learnedFrom === undefined) continue;
        if (stillAChoice(file.object, column)) choices.push(learned(file.object, column, proposed, map.confirmedAt));
      }
    }
  }
  return choices;
}

/** The learned choices by object and header, the newest of any two for the same one kept. */
export function indexLearned(choices: readonly LearnedChoice[]): Map<string, LearnedChoice> {
  const index = new Map<string, LearnedChoice>();
  for (const choice of choices) {
    const key = learnedKey(choice.object, choice.header);
    const held = index.get(key);
    if (!held || time(choice.confirmedAt) > time(held.confirmedAt)) index.set(key, choice);
  }
  return index;
}
