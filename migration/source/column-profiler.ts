import type { ValueType } from "../model/types";
import { detach } from "./detach";
import { DistinctCounter } from "./distinct-counter";
import type { ColumnDateOrder, ColumnProfile } from "./types";
import { ALL_TYPES, GENERIC_TYPES, SPECIFICITY, parseDate, parseDateTime, parseMoney, slashDateOrder, valueTests } from "./value-types";

/** Values tested against every type before the candidates settle; later values are tested only against survivors. */
export const SETTLE_AFTER = 1000;
/**
 * Every one of the first SETTLE_AFTER values is looked at closely, then a systematic sample: every 8th
 * value up to 100,000 values, every 64th after that. Type shares, formats, examples, min/max and the counts
 * of a low-cardinality column (top values, distinct) come from the sample, each sampled value standing for
 * the values skipped; counts, empties and lengths come from every value, and so does the distinct estimate
 * of a high-cardinality column (ids, names, dates), which switches to HyperLogLog within the first values.
 * Looking at each of millions of values closely would cost several times the parse itself.
 */
export const testInterval = (nonEmpty: number): number => (nonEmpty < SETTLE_AFTER ? 1 : nonEmpty < 100_000 ? 8 : 64);
/** Share of the first values a type needs to stay a candidate. */
const SURVIVE_SHARE = 0.01;
/** Share a type needs to be listed in the profile. */
const LIST_SHARE = 0.05;
const EXAMPLES = 5;
const TOP_VALUES = 50;
/** Most distinct values a column may have and still read as a status (option-set) column. */
const STATUS_MAX_DISTINCT = 30;

/** Generic types rank as if they matched 15% fewer values, so "date 99%" comes before "text 100%". */
const rank = (t: { type: ValueType; share: number }): number => t.share - (GENERIC_TYPES.has(t.type) ? 0.15 : 0);

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 160;

/** What a type has matched so far: counts per format, and the extremes when the type orders values. */
interface Tally {
  matches: number;
  formats: Map<string, number>;
  minKey: number;
  maxKey: number;
  min?: string;
  max?: string;
}

/** One candidate type: its test, and what it has matched so far. */
interface Candidate extends Tally {
  type: ValueType;
  /** Sort key of the value for min/max, when the type orders values (dates, amounts, counts). */
  key?: (value: string) => number | null;
  /** Dates and date-times read day first, kept apart: a column whose values show day first is profiled as such. */
  dayFirst?: Tally & { test: (value: string) => { key: number; format: string } | null };
}

const emptyTally = (): Tally => ({ matches: 0, formats: new Map(), minKey: Number.POSITIVE_INFINITY, maxKey: Number.NEGATIVE_INFINITY });

function tally(t: Tally, format: string, key: number | null, value: string): void {
  t.matches++;
  t.formats.set(format, (t.formats.get(format) ?? 0) + 1);
  if (key !== null && key < t.minKey) { t.minKey = key; t.min = detach(value); }
  if (key !== null && key > t.maxKey) { t.maxKey = key; t.max = detach(value); }
}

const DAY_FIRST: Partial<Record<ValueType, (value: string) => { key: number; format: string } | null>> = {
  date: (v) => parseDate(v, "DMY"),
  datetime: (v) => parseDateTime(v, "DMY"),
};

/** Lines of each kind of date-order evidence a profile keeps (the counts cover every value). */
const EVIDENCE_LINES = 5;

/** Cheap first look: only a value starting `N/` or `NN/` (or with `-`) can be a day/month date. */
const mayBeSlashDate = (v: string): boolean => {
  const c = v.charCodeAt(0);
  if (c < 48 || c > 57 || v.length < 6) return false;
  const s1 = v.charCodeAt(1);
  const s2 = v.charCodeAt(2);
  return s1 === 47 || s1 === 45 || s2 === 47 || s2 === 45;
};

/** Ordering keys for types whose min and max mean something: chronological or numeric. */
const ORDER_KEYS: Partial<Record<ValueType, (value: string) => number | null>> = {
  date: (v) => parseDate(v)?.key ?? null,
  datetime: (v) => parseDateTime(v)?.key ?? null,
  money: parseMoney,
  integer: (v) => Number(v),
  percent: (v) => Number.parseFloat(v),
};

/** Builds one column's profile from its values, one at a time, in bounded memory. */
export class ColumnProfiler {
  private total = 0;
  private nonEmpty = 0;
  /** Non-empty values tested against the candidate types, and how many values until the next test. */
  private tested = 0;
  private untilTest = 1;
  /** How many values the value being sampled stands for. */
  private weight = 1;
  private minLength = Number.POSITIVE_INFINITY;
  private maxLength = 0;
  private readonly distinct = new DistinctCounter();
  private candidates: Candidate[] = ALL_TYPES.map((type) => {
    const dayFirst = DAY_FIRST[type];
    return { type, ...emptyTally(), key: ORDER_KEYS[type], ...(dayFirst ? { dayFirst: { ...emptyTally(), test: dayFirst } } : {}) };
  });
  /** Every value's day/month order (not a sample: one value decides a file's order, one value may contradict it). */
  private readonly order: ColumnDateOrder = { dayFirst: 0, monthFirst: 0, either: 0, dayFirstLines: [], monthFirstLines: [], eitherLines: [] };
  private mayHoldDates = true;
  private readonly all = this.candidates;
  private readonly examples: string[] = [];
  private minText: string | null = null;
  private maxText: string | null = null;

  constructor(readonly name: string) {}

  /** Adds column `index` of each record (column by column is faster than value by value); `lines` are the records' lines. */
  addColumn(rows: string[][], index: number, lines?: number[]): void {
    for (let r = 0; r < rows.length; r++) this.add(rows[r][index], lines?.[r]);
  }

  add(raw: string | undefined, line?: number): void {
    this.total++;
    if (raw === undefined || raw.length === 0) return;
    const value = isSpace(raw.charCodeAt(0)) || isSpace(raw.charCodeAt(raw.length - 1)) ? raw.trim() : raw;
    if (value.length === 0) return;
    this.nonEmpty++;
    const length = value.length;
    if (length < this.minLength) this.minLength = length;
    if (length > this.maxLength) this.maxLength = length;
    if (this.mayHoldDates && mayBeSlashDate(value)) this.noteOrder(value, line);
    if (this.distinct.estimating) this.distinct.add(value);
    if (--this.untilTest > 0) return;
    if (!this.distinct.estimating) this.distinct.add(value, this.weight);
    this.weight = this.untilTest = testInterval(this.nonEmpty);
    this.test(value);
  }

  private noteOrder(value: string, line: number | undefined): void {
    const shows = slashDateOrder(value);
    if (shows === null) return;
    const o = this.order;
    const [lines, count] = shows === "DMY" ? [o.dayFirstLines, ++o.dayFirst] : shows === "MDY" ? [o.monthFirstLines, ++o.monthFirst] : [o.eitherLines, ++o.either];
    if (count <= EVIDENCE_LINES && line !== undefined) lines.push(line);
  }

  /** The sampled part: examples, text min/max, and every candidate type. */
  private test(value: string): void {
    this.tested++;
    if (this.examples.length < EXAMPLES && !this.examples.includes(value)) this.examples.push(detach(value));
    if (this.minText === null || value < this.minText) this.minText = detach(value);
    if (this.maxText === null || value > this.maxText) this.maxText = detach(value);
    const candidates = this.candidates;
    for (let i = 0; i < candidates.length; i++) {
      const c = candidates[i];
      if (c.dayFirst) {
        const read = c.dayFirst.test(value);
        if (read) tally(c.dayFirst, read.format, read.key, value);
      }
      const format = valueTests[c.type](value);
      if (format === false) continue;
      tally(c, format, c.key ? c.key(value) : null, value);
    }
    if (this.tested === SETTLE_AFTER) {
      this.candidates = candidates.filter((c) => c.matches / this.tested >= SURVIVE_SHARE);
      this.mayHoldDates = this.candidates.some((c) => c.dayFirst);
    }
  }

  result(): ColumnProfile {
    const nonEmpty = this.nonEmpty;
    const tested = this.tested;
    const distinct = this.distinct.distinct;
    const statusLike = !this.distinct.estimated && distinct <= STATUS_MAX_DISTINCT && nonEmpty >= 2 * distinct;
    const o = this.order;
    // A column whose values show day first (and none month first) is profiled read day first: its formats,
    // shares and min/max are those of day-first dates.
    const readDayFirst = o.dayFirst > 0 && o.monthFirst === 0;
    const all = readDayFirst ? this.all.map((c) => (c.dayFirst ? { ...c, ...c.dayFirst, type: c.type, key: c.key } : c)) : this.all;
    const listed = all
      .filter((c) => c.matches > 0 && (c.type !== "status" || statusLike) && c.matches / tested >= LIST_SHARE)
      .sort((a, b) => rank({ type: b.type, share: b.matches / tested }) - rank({ type: a.type, share: a.matches / tested }) || SPECIFICITY.indexOf(a.type) - SPECIFICITY.indexOf(b.type));
    const best = listed[0];
    const ordered = best?.key ? best : undefined;
    const min = ordered ? ordered.min : this.minText ?? undefined;
    const max = ordered ? ordered.max : this.maxText ?? undefined;
    const dates = best && (best.type === "date" || best.type === "datetime") && o.dayFirst + o.monthFirst + o.either > 0;
    const unique = nonEmpty > 0 && !this.distinct.sawRepeat && (this.distinct.estimated ? distinct >= nonEmpty * 0.95 : distinct === nonEmpty);
    return {
      name: this.name,
      types: listed.map((c) => ({ type: c.type, share: c.matches / tested, detail: detail(c) })),
      nonEmpty,
      nullRate: this.total === 0 ? 0 : 1 - nonEmpty / this.total,
      distinct,
      ...(this.distinct.estimated ? { distinctEstimated: true } : {}),
      unique,
      minLength: nonEmpty === 0 ? 0 : this.minLength,
      maxLength: this.maxLength,
      ...(min !== undefined ? { min } : {}),
      ...(max !== undefined ? { max } : {}),
      examples: [...this.examples],
      topValues: this.distinct.top(TOP_VALUES),
      ...(dates ? { dateOrder: { ...o, dayFirstLines: [...o.dayFirstLines], monthFirstLines: [...o.monthFirstLines], eitherLines: [...o.eitherLines] } } : {}),
    };
  }
}

/** The dominant format of a type, and whether others were mixed in. */
function detail(c: Candidate): string | undefined {
  const sorted = [...c.formats].sort((a, b) => b[1] - a[1]);
  if (sorted.length === 0) return undefined;
  const [format, n] = sorted[0];
  return sorted.length > 1 && n < c.matches ? `${format} (${Math.round((100 * n) / c.matches)}%), mixed` : format;
}
