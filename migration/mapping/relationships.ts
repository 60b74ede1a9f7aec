import type { ColumnProfile } from "../source/types";
import type { ColumnValues, RelationshipProposal, RowSource } from "./types";
import { count, percent } from "./format";

/** Values that look like ids: short codes with digits (`10482`, `P-00017`), not dates, money or text. */
const idLike = /^[A-Za-z]{0,4}[-_]?\d{1,12}$/;
const listSeparator = /\s*[;|]\s*/;

export interface RelationshipOptions {
  /** Share of a column's distinct values that must appear in the other column (default 0.95). */
  minContainment?: number;
  /** Columns with fewer distinct values are not considered (default 3). */
  minDistinct?: number;
}

/** A column whose values are (almost) all id-like, each list value split (`12;15` → 12, 15). */
function idValues(values: ReadonlySet<string>): Set<string> | undefined {
  const out = new Set<string>();
  let idCount = 0;
  for (const value of values) {
    for (const part of value.split(listSeparator)) {
      if (part === "") continue;
      if (idLike.test(part)) idCount++;
      out.add(part);
    }
  }
  return out.size > 0 && idCount / out.size >= 0.98 ? out : undefined;
}

/**
 * Relationships by value containment over plain value sets: a column whose id values all appear in a
 * column of another file points at that file's rows. Every candidate with enough containment is kept, best
 * first, tightest target first (ids 1..1000 are contained in 1..1000 and in 1..5000; the first is the
 * likelier key); the proposal keeps the one whose target is the key of the object its field refers to.
 */
export function relationshipsFromValues(columns: ColumnValues[], options: RelationshipOptions = {}): RelationshipProposal[] {
  const minContainment = options.minContainment ?? 0.95;
  const minDistinct = options.minDistinct ?? 3;
  const prepared = columns.map((c) => ({ ...c, ids: idValues(c.values) })).filter((c) => c.ids && c.ids.size >= minDistinct);
  // Candidate targets: columns of single ids, one distinct value per row (a key).
  const keys = prepared.filter((c) => c.unique && c.values.size === c.ids?.size);
  const out: (RelationshipProposal & { tightness: number })[] = [];
  for (const from of prepared) {
    const fromIds = from.ids as Set<string>;
    for (const to of keys) {
      if (to.file === from.file) continue;
      const toIds = to.ids as Set<string>;
      let inside = 0;
      for (const v of fromIds) if (toIds.has(v)) inside++;
      const containment = inside / fromIds.size;
      if (containment < minContainment) continue;
      out.push({
        from: { file: from.file, column: from.column },
        to: { file: to.file, column: to.column },
        containment: Math.round(containment * 1000) / 1000,
        tightness: inside / toIds.size,
        evidence: `${percent(containment)} of ${count(fromIds.size)} distinct values of ${from.file} '${from.column}' appear in ${to.file} '${to.column}'`,
      });
    }
  }
  out.sort((a, b) => b.containment - a.containment || b.tightness - a.tightness);
  return out.map(({ tightness: _tightness, ...r }) => r);
}

/**
 * Whether a column's profile leaves room for ids (or has no profile): only such columns' values are
 * collected, so names, notes and other patient data are never gathered into sets.
 */
function mayHoldIds(profile: ColumnProfile | undefined): boolean {
  if (!profile) return true;
  return profile.nonEmpty > 0 && profile.types.some((t) => (t.type === "id" || t.type === "idList") && t.share >= 0.9);
}

/**
 * Reads every readable file's rows once and finds relationships by value containment. Only the distinct
 * values of id-like columns are held, in memory, and only for the run of this function; nothing is logged
 * or stored.
 */
export async function findRelationships(source: RowSource, options: RelationshipOptions = {}): Promise<RelationshipProposal[]> {
  const columns: ColumnValues[] = [];
  for (const file of source.inventory.files.filter((f) => f.readable && f.headers.length > 0)) {
    const headers = file.headers.filter((h) => mayHoldIds(file.profiles.find((p) => p.name === h)));
    if (headers.length === 0) continue;
    const sets = new Map(headers.map((h) => [h, { values: new Set<string>(), nonEmpty: 0 }]));
    for await (const row of source.rows(file.name)) {
      // A row the reader refused holds values it could not separate: no evidence of anything.
      if (row.refused) continue;
      for (const [header, set] of sets) {
        const value = row.values[header]?.trim();
        if (!value) continue;
        set.values.add(value);
        set.nonEmpty++;
      }
    }
    for (const [column, { values, nonEmpty }] of sets) columns.push({ file: file.name, column, values, unique: values.size === nonEmpty });
  }
  return relationshipsFromValues(columns, options);
}
