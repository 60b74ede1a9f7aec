import type { ObjectKind } from "../model/types";
import type { ColumnProfile, ExportFileInfo, Inventory } from "../source/types";
import type { ColumnProposal, FileProposal, LearnedChoice, Proposal, ProposeOptions, RelationshipProposal } from "./types";
import { indexedObjects, type IndexedField, type IndexedObject } from "./fields";
import { headerMatch, type HeaderMatch, type PreparedHeader } from "./signals/header";
import { sharesOf, typeFit, typeWords, type TypeFit } from "./signals/profile";
import { fileNameMatch } from "./signals/file-name";
import { choicesFor, proposeValueMap, unmappedList } from "./value-maps";
import { FAILED_ROWS_COLUMNS } from "../run/failed-rows";
import { customColumnFor } from "./custom";
import { customPrefix, headerTokens } from "./tokens";
import { count, percent, round2 } from "./format";
import { indexLearned, learnedKey } from "./learned";

const DEFAULT_THRESHOLD = 0.5;
/** Field types distinctive enough that values alone can name the field when the header says nothing. */
const distinctiveTypes = new Set(["npi", "cdt", "email", "surface", "zip", "time", "fileName", "idList", "state"]);

/** Field types whose values have a shape: a column whose values lack it is not that field, whatever its header. */
const shapedTypes = new Set(["date", "datetime", "time", "email", "phone"]);

/** A column prepared once: its profile, header words and value type shares. */
interface PreparedColumn {
  profile: ColumnProfile;
  /** The header marks a practice's own field ("Custom: ..."): it goes to a custom column where the object takes them. */
  marked: boolean;
  /** Header matches per field, computed once per column (both passes read them). */
  headerMatches: Map<IndexedField, HeaderMatch>;
  /** Share of values in each status field's vocabulary, computed once per column. */
  vocabulary: Map<IndexedField, number>;
  header: PreparedHeader;
  shares: ReturnType<typeof sharesOf>;
  /** Objects this column's values point at (value containment), with the share contained. */
  pointsAt: { object: ObjectKind; containment: number; evidence: string }[];
  /** Objects whose key file was checked and holds none of this column's values (set once relationships are known). */
  pointsNowhere: { object: ObjectKind; file: string }[];
}

interface Candidate {
  field: IndexedField;
  score: number;
  header: HeaderMatch;
  fit: TypeFit;
  notes: string[];
  /** Evidence that does not depend on the header carried the score (values in another file's key, the status vocabulary). */
  byValues: boolean;
}

/** From this confidence up a proposal reads as sure: only a header and values that agree, with no close rival, reach it. */
export const SURE = 0.8;
/** Where confidence is held when one kind of evidence is missing or a rival is close. */
const UNSURE = 0.75;
/** An admin's earlier choice for the same header and object in this org: the strongest evidence there is. */
const LEARNED = 0.97;

/** Learned choices by learnedKey (object and normalised header). */
type LearnedIndex = ReadonlyMap<string, LearnedChoice>;

/**
 * Share of a column's rows whose value maps onto an option of a status field (the object's status
 * vocabulary: "Completed", "NS", "booked"), for a low-cardinality column; 0 when the field has no options.
 */
function statusVocabularyShare(profile: ColumnProfile, field: IndexedField): number {
  if (field.spec.type !== "status" || profile.topValues.length === 0 || profile.distinct > 12) return 0;
  const choices = choicesFor(field.spec.target);
  if (!choices) return 0;
  const total = profile.topValues.reduce((n, v) => n + (v.value.trim() === "" ? 0 : v.count), 0);
  return total > 0 ? proposeValueMap(profile.topValues, choices).mappedRows / total : 0;
}

function scoreCandidate(column: PreparedColumn, field: IndexedField, object: IndexedObject): Candidate {
  let header = column.headerMatches.get(field);
  if (!header) column.headerMatches.set(field, (header = headerMatch(column.header, field, object.contextWords)));
  const fit = typeFit(field.spec.type, column.profile, column.shares);
  const notes: string[] = [];
  // Values support what a header says; they do not make a weak header a match on their own (that is the
  // value-only path below): the type's weight fades in as the header score goes from 0.2 to 0.6.
  const support = Math.max(0, Math.min(1, (header.score - 0.2) / 0.4));
  let score = 0.72 * header.score + 0.28 * fit.score * support;
  if (header.score < 0.5 && distinctiveTypes.has(field.spec.type) && (fit.share ?? 0) >= 0.9 && fit.type === field.spec.type) {
    const sameType = object.fields.filter((f) => f.spec.type === field.spec.type).length;
    if (sameType === 1) {
      score = Math.max(score, 0.5 + 0.1 * fit.score);
      notes.push(`values alone identify it: the object's only ${field.spec.type} field`);
    }
  }
  const profile = column.profile;
  let byValues = false;
  let vocabulary = column.vocabulary.get(field);
  if (vocabulary === undefined) column.vocabulary.set(field, (vocabulary = statusVocabularyShare(profile, field)));
  if (vocabulary >= 0.9) {
    // The values are this object's status words whatever the header says ("Visit Outcome", "Claim Condition").
    const lifted = Math.min(UNSURE, 0.5 + 0.25 * vocabulary + 0.2 * header.score);
    if (lifted > score) byValues = true;
    score = Math.max(score, lifted);
    notes.push(`${percent(vocabulary)} of its values are ${object.spec.label} ${field.spec.header.toLowerCase()} words`);
  }
  if (shapedTypes.has(field.spec.type) && profile.nonEmpty > 0 && fit.score < 0.2) {
    // The header names a dated or addressed field but the values are something else (`POSTED_BY` is a person).
    score -= 0.3;
    notes.push(`its values are not ${typeWords[field.spec.type]}`);
  }
  if (field.isKey && profile.nonEmpty > 0) {
    if (profile.unique) {
      score += 0.08;
      notes.push(`all ${count(profile.nonEmpty)} values are unique`);
    } else if (profile.nonEmpty - profile.distinct <= Math.max(1, 0.1 * profile.nonEmpty)) {
      // Up to a tenth of the values repeat (one in a small file: one duplicate among nine plans is 89 %
      // distinct): a key with duplicate rows, which are reported, not a column that cannot be the key.
      score -= 0.05;
      const repeats = profile.nonEmpty - profile.distinct;
      // An estimated distinct count can come out at or above the row count although a repeat was seen.
      notes.push(repeats > 0 && !profile.distinctEstimated
        ? `${count(repeats)} of ${count(profile.nonEmpty)} values repeat: duplicate rows will be reported`
        : "some values repeat: duplicate rows will be reported");
    } else {
      score -= 0.6;
      notes.push(`values repeat (${count(profile.distinct)} distinct of ${count(profile.nonEmpty)}), so it cannot be the key`);
    }
  }
  if (field.references) {
    const link = column.pointsAt.find((p) => p.object === field.references);
    const miss = column.pointsNowhere.find((p) => p.object === field.references);
    if (link) {
      score = Math.max(score, 0.6 + 0.3 * link.containment) + (header.score >= 0.5 ? 0.1 : 0);
      byValues = link.containment >= 0.95;
      notes.push(link.evidence);
    } else if (miss && column.profile.nonEmpty > 0) {
      score -= 0.3;
      notes.push(`its values are not the ids of ${miss.file}`);
    }
  }
  return { field, score: Math.max(0, Math.min(1, score)), header, fit, notes, byValues };
}

interface Assignment {
  object: IndexedObject;
  /** Per column: the field it maps to, or undefined. */
  chosen: (Candidate | undefined)[];
  /** Per column: every candidate, best first. */
  ranked: Candidate[][];
  conflicts: Map<number, string>;
  /** Columns that take an admin's earlier choice in this org, by column index. */
  learned: Map<number, LearnedChoice>;
}

/**
 * The columns of a file that take a learned choice for this object: one column per choice and one per field
 * or custom column (a header repeated in a file, or two headers the admin sent to one field, keep the first);
 * a choice the object no longer offers is passed over.
 */
function learnedColumns(columns: PreparedColumn[], object: IndexedObject, learned: LearnedIndex): Map<number, LearnedChoice> {
  const fixed = new Map<number, LearnedChoice>();
  if (learned.size === 0) return fixed;
  const used = new Set<LearnedChoice>();
  const targets = new Set<string>();
  columns.forEach((column, i) => {
    const choice = learned.get(learnedKey(object.spec.kind, column.profile.name));
    if (!choice || used.has(choice)) return;
    const offered = choice.field !== null
      ? object.fields.some((f) => f.spec.id === choice.field && f.spec.target === choice.target)
      : choice.target === null || (object.spec.acceptsCustomFields && choice.custom?.table === object.spec.table);
    const target = choice.field ?? choice.target;
    if (!offered || (target !== null && targets.has(target))) return;
    if (target !== null) targets.add(target);
    used.add(choice);
    fixed.set(i, choice);
  });
  return fixed;
}

/**
 * Greedy one-to-one assignment of columns to fields, best scores first; losers of close calls are flagged.
 * Columns with a learned choice take it first (their field is no longer open to the others).
 */
function assign(columns: PreparedColumn[], object: IndexedObject, threshold: number, learnedIndex: LearnedIndex): Assignment {
  const ranked = columns.map((c) => object.fields.map((f) => scoreCandidate(c, f, object)).sort((a, b) => b.score - a.score));
  const learned = learnedColumns(columns, object, learnedIndex);
  const open = (i: number) => !learned.has(i) && !(columns[i].marked && object.spec.acceptsCustomFields);
  const pairs = ranked.flatMap((cands, i) => (open(i) ? cands.filter((c) => c.score >= threshold).map((c) => ({ i, c })) : []));
  pairs.sort((a, b) => b.c.score - a.c.score || b.c.header.score - a.c.header.score);
  const chosen: (Candidate | undefined)[] = columns.map(() => undefined);
  const taken = new Map<string, number>();
  const conflicts = new Map<number, string>();
  for (const [i, choice] of learned) {
    // The object's score counts the column by its own evidence for the field, not by the admin's say-so.
    const c = choice.field === null ? undefined : ranked[i].find((r) => r.field.spec.id === choice.field);
    if (!c) continue;
    chosen[i] = c;
    taken.set(c.field.spec.id, i);
  }
  for (const { i, c } of pairs) {
    if (chosen[i]) continue;
    const holder = taken.get(c.field.spec.id);
    if (holder !== undefined) {
      if (ranked[i][0] === c && (chosen[holder]?.score ?? 0) - c.score < 0.1) {
        conflicts.set(i, `conflict: also reads as ${c.field.spec.header} (${round2(c.score)}), which '${columns[holder].profile.name}' took`);
      }
      continue;
    }
    chosen[i] = c;
    taken.set(c.field.spec.id, i);
  }
  return { object, chosen, ranked, conflicts, learned };
}

interface ObjectScore {
  assignment: Assignment;
  total: number;
  headerPart: number;
  fileScore: number;
  fileWord: string;
}

/** How well a file's columns, and its name, fit one object. */
function scoreObject(file: ExportFileInfo, columns: PreparedColumn[], object: IndexedObject, threshold: number, learned: LearnedIndex): ObjectScore {
  const assignment = assign(columns, object, threshold, learned);
  const byField = new Map(assignment.chosen.filter((c): c is Candidate => !!c).map((c) => [c.field.spec.id, c.score]));
  const explained = columns.length > 0 ? [...byField.values()].reduce((a, b) => a + b, 0) / columns.length : 0;
  const required = object.fields.filter((f) => f.spec.required && !f.isKey);
  const requiredCover = required.length > 0 ? required.reduce((a, f) => a + (byField.get(f.spec.id) ?? 0), 0) / required.length : 1;
  const key = byField.get(object.spec.keyField) ?? 0;
  const headerPart = 0.45 * explained + 0.25 * requiredCover + 0.3 * key;
  const name = fileNameMatch(file.name, object);
  return { assignment, total: 0.75 * headerPart + 0.25 * name.score, headerPart, fileScore: name.score, fileWord: name.word };
}

function headerEvidence(profile: ColumnProfile, c: Candidate): string {
  const raw = profile.name.trim();
  const expanded = headerTokens(raw).join(" ");
  const reads = expanded.toLowerCase() !== raw.toLowerCase() ? ` (${expanded})` : "";
  return `header '${raw}'${reads} reads as ${c.header.phrase} (match ${c.header.score.toFixed(2)})`;
}

function valueEvidence(profile: ColumnProfile, fit: TypeFit): string {
  if (profile.nonEmpty === 0) return "the column has no values";
  if (!fit.type || fit.share === undefined) return `${count(profile.nonEmpty)} values`;
  return `${percent(fit.share)} of ${count(profile.nonEmpty)} values parse as ${typeWords[fit.type]}`;
}

/**
 * The confidence shown for a mapped column: its score, held below SURE when one kind of evidence is missing
 * (a header that only half reads as the field and no value evidence; values of another type than the
 * field's) or when another field of the object scores close for the same column. Measured on the holdout
 * sets (bench/mapping.ts): a score alone was confidently wrong on headers such as `ClaimIdentifier`.
 */
function calibrated(profile: ColumnProfile, c: Candidate, rival: Candidate | undefined): { confidence: number; doubt?: string } {
  const doubts: string[] = [];
  if (c.header.score < 0.85 && !c.byValues) doubts.push("the header only partly reads as the field");
  if (profile.nonEmpty > 0 && c.fit.score < 0.5 && !c.byValues) doubts.push(`the values are not ${typeWords[c.field.spec.type]}`);
  if (rival && c.score - rival.score < 0.15) doubts.push(`it also reads as ${rival.field.spec.header} (${round2(rival.score)})`);
  if (doubts.length === 0 || round2(c.score) < SURE) return { confidence: round2(c.score) };
  return { confidence: round2(Math.min(c.score, UNSURE)), doubt: `confidence held below ${SURE}: ${doubts.join("; ")}` };
}

function mappedColumn(profile: ColumnProfile, c: Candidate, object: IndexedObject, rival: Candidate | undefined, conflict?: string): ColumnProposal {
  const evidence = [headerEvidence(profile, c), valueEvidence(profile, c.fit), ...c.notes];
  const flags: string[] = conflict ? [conflict] : [];
  const { confidence, doubt } = calibrated(profile, c, rival);
  if (doubt) evidence.push(doubt);
  const proposal: ColumnProposal = { source: profile.name, field: c.field.spec.id, target: c.field.spec.target, confidence, evidence: "" };
  if (c.field.isKey && c.field.spec.target === null) evidence.push(`key of ${object.spec.label}: becomes the source key ${object.spec.keyPrefix}:<id>`);
  // A field kept out of Dataverse on purpose says why, so a missing column or value map is not a mystery.
  else if (c.field.spec.target === null && c.field.spec.description.includes("not written")) evidence.push(c.field.spec.description);
  const choices = choicesFor(c.field.spec.target);
  if (choices && profile.topValues.length > 0) {
    const map = proposeValueMap(profile.topValues, choices);
    proposal.valueMap = map.valueMap;
    evidence.push(map.evidence);
    if (map.unmapped.distinct > 0) flags.push(`unmapped values: ${map.unmapped.distinct} distinct in ${count(map.unmapped.rows)} rows (${unmappedList(map.unmapped.values)}), left empty`);
    if (profile.distinct > profile.topValues.length) flags.push(`only the ${profile.topValues.length} most frequent of ${count(profile.distinct)} distinct values were mapped`);
  }
  proposal.evidence = evidence.join("; ");
  if (flags.length > 0) proposal.flags = flags;
  return proposal;
}

const choiceWords = (c: { field: string | null; target: string | null }): string => c.target ?? (c.field ? `field ${c.field}` : "do not migrate");

/**
 * A column that takes an admin's earlier choice for the same header and object in this org, at high confidence
 * with their confirmation as its evidence; held below SURE when the values now contradict it (the header holds
 * something else in this export). An option-set target maps the values found, the admin's own value choices first.
 */
function learnedColumn(column: PreparedColumn, choice: LearnedChoice, candidate: Candidate | undefined): ColumnProposal {
  const profile = column.profile;
  const was = choice.corrected ? ` (proposed then: ${choiceWords(choice.corrected)})` : "";
  const evidence = [`confirmed by an admin on ${choice.confirmedAt.slice(0, 10)}${was}`];
  let confidence = LEARNED;
  const type = candidate?.field.spec.type;
  if (candidate && type && shapedTypes.has(type) && profile.nonEmpty > 0 && candidate.fit.score < 0.2) {
    confidence = UNSURE;
    evidence.push(`confidence held below ${SURE}: its values are not ${typeWords[type]}`);
  }
  const proposal: ColumnProposal = { source: profile.name, field: choice.field, target: choice.target, confidence, evidence: "", learned: { confirmedAt: choice.confirmedAt } };
  if (choice.custom) proposal.custom = choice.custom;
  const choices = choicesFor(choice.target);
  if (choices && profile.topValues.length > 0) {
    const found = proposeValueMap(profile.topValues, choices);
    const allowed = new Set(choices.map((c) => c.value));
    const seen = new Set(profile.topValues.map((v) => v.value));
    const admins = Object.entries(choice.valueMap ?? {}).filter(([value, option]) => seen.has(value) && allowed.has(option));
    proposal.valueMap = { ...found.valueMap, ...Object.fromEntries(admins) };
    evidence.push(found.evidence);
    if (admins.length > 0) evidence.push(`${admins.length} value(s) mapped as the admin mapped them`);
    const unmapped = profile.topValues.filter((v) => v.value.trim() !== "" && proposal.valueMap![v.value] === undefined);
    if (unmapped.length > 0) proposal.flags = [`unmapped values: ${unmapped.length} distinct in ${count(unmapped.reduce((n, v) => n + v.count, 0))} rows (${unmappedList(unmapped.map((v) => v.value))}), left empty`];
  }
  proposal.evidence = evidence.join("; ");
  return proposal;
}

function unmappedColumn(profile: ColumnProfile, ranked: Candidate[], object: IndexedObject, taken: Set<string>, conflict?: string): ColumnProposal {
  const best = ranked[0];
  const marked = customPrefix.test(profile.name);
  const bestWords = best ? `best: ${best.field.spec.header} ${round2(best.score)}` : "no fields";
  const fitsNothing = marked
    ? `header '${profile.name}' marks a practice custom field`
    : `header '${profile.name}' fits no ${object.spec.label} field (${bestWords})`;
  // Fitting no field is an absence of evidence, not evidence of no home: a custom column or do-not-migrate
  // stays below SURE (and is shown first) unless the header marks a custom field or the column is empty.
  const confidence = round2(marked ? 0.95 : Math.min(0.6, Math.max(0.3, 1 - (best?.score ?? 0))));
  const flags = conflict ? [conflict] : undefined;
  if (profile.nonEmpty === 0) {
    return { source: profile.name, field: null, target: null, confidence: 0.95, evidence: `${fitsNothing}; the column has no values: nothing to migrate`, ...(flags ? { flags } : {}) };
  }
  // A failed-rows file read as an export still carries each row's export line and why it failed: not data.
  if (FAILED_ROWS_COLUMNS.includes(profile.name)) {
    return { source: profile.name, field: null, target: null, confidence: 1, evidence: `a column a failed-rows file adds (${profile.name}): not migrated` };
  }
  if (object.spec.acceptsCustomFields) {
    const { custom, reason } = customColumnFor(profile, object.spec.table, taken);
    const size = custom.maxLength ? ` of up to ${count(custom.maxLength)} characters` : "";
    return {
      source: profile.name, field: null, target: `custom:${custom.table}.${custom.logicalName}`, confidence, custom,
      evidence: `${fitsNothing}; proposed as a new ${custom.type} column ${custom.logicalName}${size} on ${custom.table} (${reason}, ${count(profile.nonEmpty)} values)`,
      ...(flags ? { flags } : {}),
    };
  }
  return { source: profile.name, field: null, target: null, confidence, evidence: `${fitsNothing}; ${object.spec.label} take no custom columns: not migrated`, ...(flags ? { flags } : {}) };
}

function prepareColumns(file: ExportFileInfo): PreparedColumn[] {
  const profiles = new Map(file.profiles.map((p) => [p.name, p]));
  return file.headers.map((name) => {
    const profile = profiles.get(name) ?? emptyProfile(name);
    return { profile, marked: customPrefix.test(name), headerMatches: new Map(), vocabulary: new Map(), header: { header: name, tokens: headerTokens(name) }, shares: sharesOf(profile), pointsAt: [], pointsNowhere: [] };
  });
}

function emptyProfile(name: string): ColumnProfile {
  return { name, types: [], nonEmpty: 0, nullRate: 1, distinct: 0, unique: false, minLength: 0, maxLength: 0, examples: [], topValues: [] };
}

/** The object a file holds and the map of its columns. */
/** A file's proposal before its date order is added (the order comes from the reader, not from the columns). */
type ObjectProposal = Omit<FileProposal, "dateOrder" | "dateOrderEvidence">;

/**
 * The date order the reader found, or null (the admin chooses) when the file has dates that read either way
 * round and none decides, or values that contradict each other. A file with no such dates has nothing to
 * decide: MDY, which reads nothing differently.
 */
export function proposedDateOrder(file: ExportFileInfo): Pick<FileProposal, "dateOrder" | "dateOrderEvidence"> {
  const found = file.dateOrder;
  if (!found) return { dateOrder: "MDY", dateOrderEvidence: "no dates read" };
  if (found.order) return { dateOrder: found.order, dateOrderEvidence: found.evidence };
  if (found.conflict || found.ambiguous) return { dateOrder: null, dateOrderEvidence: `${found.evidence}: needs your choice` };
  return { dateOrder: "MDY", dateOrderEvidence: `nothing to decide: ${found.evidence}` };
}

function proposeFile(file: ExportFileInfo, columns: PreparedColumn[], threshold: number, learned: LearnedIndex, warnings: string[]): ObjectProposal {
  if (!file.readable || file.headers.length === 0) {
    return { file: file.name, object: null, confidence: 0, evidence: "not readable as a CSV export with headers: nothing to map", columns: [] };
  }
  const scores = indexedObjects.map((o) => scoreObject(file, columns, o, threshold, learned)).sort((a, b) => b.total - a.total);
  const [best, next] = scores;
  const object = best.assignment.object;
  const matched = best.assignment.chosen.filter((c) => c).length;
  const keyIndex = best.assignment.chosen.findIndex((c) => c?.field.isKey);
  const parts = [
    `${matched} of ${columns.length} columns match ${object.spec.label} fields`,
    keyIndex >= 0 ? `key '${columns[keyIndex].profile.name}' reads as ${object.fields.find((f) => f.isKey)?.spec.header}` : `no column reads as the ${object.spec.label} key`,
    best.fileScore >= 0.5 ? `file name '${file.name}' reads as ${best.fileWord}` : `file name '${file.name}' says little`,
    next ? `next best: ${next.assignment.object.spec.label} (${round2(next.total)})` : "",
  ].filter((p) => p);
  if (best.total < 0.35) {
    return {
      file: file.name, object: null, confidence: round2(1 - best.total), evidence: `fits no Dental-Exec object well (best: ${object.spec.label} ${round2(best.total)})`,
      columns: columns.map((c) => ({ source: c.profile.name, field: null, target: null, confidence: 0, evidence: "the file's object is unknown" })),
    };
  }
  // Confidence: the fit, lifted a little when the runner-up is far behind, lowered when it is close.
  const margin = next ? best.total - next.total : 1;
  const confidence = round2(Math.max(0, Math.min(1, best.total + 0.15 - Math.max(0, 0.15 - margin))));
  // Custom columns the admin chose before keep their names: a new proposal must not take one of them.
  const taken = new Set([...best.assignment.learned.values()].flatMap((l) => (l.custom ? [l.custom.logicalName] : [])));
  const proposals = columns.map((column, i) => {
    const c = best.assignment.chosen[i];
    const learnedChoice = best.assignment.learned.get(i);
    if (learnedChoice) return learnedColumn(column, learnedChoice, c);
    const conflict = best.assignment.conflicts.get(i);
    const rival = c && best.assignment.ranked[i].find((r) => r.field !== c.field);
    return c ? mappedColumn(column.profile, c, object, rival, conflict) : unmappedColumn(column.profile, best.assignment.ranked[i], object, taken, conflict);
  });
  for (const f of object.fields.filter((f) => f.spec.required)) {
    if (!best.assignment.chosen.some((c) => c?.field === f)) {
      warnings.push(`${file.name}: required field ${f.spec.header}${f.spec.target ? ` (${f.spec.target})` : ""} has no column`);
    }
  }
  const dupTargets = new Map<string, string[]>();
  for (const p of proposals) if (p.target && !p.target.startsWith("lookup:")) dupTargets.set(p.target, [...(dupTargets.get(p.target) ?? []), p.source]);
  for (const [target, sources] of dupTargets) {
    if (sources.length > 1) warnings.push(`${file.name}: conflict: ${sources.map((s) => `'${s}'`).join(" and ")} map to ${target}`);
  }
  for (const p of proposals) for (const flag of p.flags ?? []) if (flag.startsWith("conflict")) warnings.push(`${file.name}: '${p.source}' ${flag}`);
  return { file: file.name, object: object.spec.kind, confidence, evidence: parts.join("; "), columns: proposals };
}

const objectSpecOf = (kind: ObjectKind | null) => indexedObjects.find((o) => o.spec.kind === kind)?.spec;

/** Per column: the objects its values point at, from relationships whose target is the key of another file. */
function linksFrom(relationships: RelationshipProposal[], firstPass: ObjectProposal[]): Map<string, PreparedColumn["pointsAt"]> {
  const links = new Map<string, PreparedColumn["pointsAt"]>();
  const byFile = new Map(firstPass.map((f) => [f.file, f]));
  for (const r of relationships) {
    const to = byFile.get(r.to.file);
    if (!to?.object) continue;
    const keyColumn = to.columns.find((c) => c.field && indexedObjects.some((o) => o.spec.kind === to.object && o.spec.keyField === c.field));
    if (keyColumn?.source !== r.to.column) continue;
    const key = `${r.from.file}\u0000${r.from.column}`;
    links.set(key, [...(links.get(key) ?? []), { object: to.object, containment: r.containment, evidence: r.evidence }]);
  }
  return links;
}

/**
 * Proposes, for every file of an inventory, the Dental-Exec object it holds and, for every column, its
 * target with a confidence and the evidence. Pure and synchronous; relationships (from findRelationships)
 * are optional and make id columns lookups to the object whose key holds their values; learned choices (from
 * learnedChoices over the org's confirmed maps) are optional and give a column an admin's earlier choice.
 */
export function proposeMapping(inventory: Inventory, options: ProposeOptions = {}): Proposal {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const relationships = options.relationships ?? [];
  const learned = indexLearned(options.learned ?? []);
  const prepared = inventory.files.map(prepareColumns);
  let warnings: string[] = [];
  let files = inventory.files.map((f, i) => proposeFile(f, prepared[i], threshold, learned, warnings));
  if (relationships.length > 0) {
    const links = linksFrom(relationships, files);
    const keyed = files.filter((f) => f.object && f.columns.some((c) => c.field === objectSpecOf(f.object)?.keyField));
    inventory.files.forEach((f, i) =>
      prepared[i].forEach((c) => {
        c.pointsAt = links.get(`${f.name}\u0000${c.profile.name}`) ?? [];
        c.pointsNowhere = keyed.filter((k) => k.file !== f.name && !c.pointsAt.some((p) => p.object === k.object)).map((k) => ({ object: k.object as ObjectKind, file: k.file }));
      }),
    );
    warnings = [];
    files = inventory.files.map((f, i) => proposeFile(f, prepared[i], threshold, learned, warnings));
  }
  const dated: FileProposal[] = files.map((f, i) => ({ ...f, ...proposedDateOrder(inventory.files[i]) }));
  for (const f of dated) {
    if (f.object && f.dateOrder === null) warnings.push(`${f.file}: choose the order of day and month in its dates (${f.dateOrderEvidence})`);
  }
  return { files: dated, relationships: usedRelationships(relationships, dated), warnings };
}

/**
 * The relationships worth showing: a non-key column whose values are contained in the key column of
 * another file's object, the best one per column (relationships arrive best first).
 */
function usedRelationships(relationships: RelationshipProposal[], files: ObjectProposal[]): RelationshipProposal[] {
  const keyOf = new Map(files.map((f) => [f.file, f.columns.find((c) => c.field !== null && c.field === objectSpecOf(f.object)?.keyField)?.source]));
  const seen = new Set<string>();
  return relationships.filter((r) => {
    const from = `${r.from.file}\u0000${r.from.column}`;
    if (seen.has(from) || keyOf.get(r.to.file) !== r.to.column || keyOf.get(r.from.file) === r.from.column) return false;
    seen.add(from);
    return true;
  });
}
