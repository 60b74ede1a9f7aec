import type { ValueType } from "../model/types";
import { detach } from "./detach";
import { DistinctCounter } from "./distinct-counter";
import type { ColumnProfile } from "./types";
import { ALL_TYPES, GENERIC_TYPES, SPECIFICITY, parseDate, parseDateTime, parseMoney, valueTests } from "./value-types";

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

/** One candidate type: its test, and what it has matched so far. */
interface Candidate {
  type: ValueType;
  matches: number;
  formats: Map<string, number>;
  /** Sort key of the value for min/max, when the type orders values (dates, amounts, counts). */
  key?: (value: string) => number | null;
  minKey: number;
  maxKey: number;
  min?: string;
  max?: string;
}

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
  private candidates: Candidate[] = ALL_TYPES.map((type) => ({
    type, matches: 0, formats: new Map(), key: ORDER_KEYS[type], minKey: Number.POSITIVE_INFINITY, maxKey: Number.NEGATIVE_INFINITY,
  }));
  private readonly all = this.candidates;
  private readonly examples: string[] = [];
  private minText: string | null = null;
  private maxText: string | null = null;

  constructor(readonly name: string) {}

  /** Adds column `index` of each record (column by column is faster than value by value). */
  addColumn(rows: string[][], index: number): void {
    for (let r = 0; r < rows.length; r++) this.add(rows[r][index]);
  }

  add(raw: string | undefined): void {
    this.total++;
    if (raw === undefined || raw.length === 0) return;
    const value = isSpace(raw.charCodeAt(0)) || isSpace(raw.charCodeAt(raw.length - 1)) ? raw.trim() : raw;
    if (value.length === 0) return;
    this.nonEmpty++;
    const length = value.length;
    if (length < this.minLength) this.minLength = length;
    if (length > this.maxLength) this.maxLength = length;
    if (this.distinct.estimating) this.distinct.add(value);
    if (--this.untilTest > 0) return;
    if (!this.distinct.estimating) this.distinct.add(value, this.weight);
    this.weight = this.untilTest = testInterval(this.nonEmpty);
    this.test(value);
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
      const format = valueTests[c.type](value);
      if (format === false) continue;
      c.matches++;
      c.formats.set(format, (c.formats.get(format) ?? 0) + 1);
      if (c.key) {
        const key = c.key(value);
        if (key !== null && key < c.minKey) { c.minKey = key; c.min = detach(value); }
        if (key !== null && key > c.maxKey) { c.maxKey = key; c.max = detach(value); }
      }
    }
    if (this.tested === SETTLE_AFTER) this.candidates = candidates.filter((c) => c.matches / this.tested >= SURVIVE_SHARE);
  }

  result(): ColumnProfile {
    const nonEmpty = this.nonEmpty;
    const tested = this.tested;
    const distinct = this.distinct.distinct;
    const statusLike = !this.distinct.estimated && distinct <= STATUS_MAX_DISTINCT && nonEmpty >= 2 * distinct;
    const listed = this.all
      .filter((c) => c.matches > 0 && (c.type !== "status" || statusLike) && c.matches / tested >= LIST_SHARE)
      .sort((a, b) => rank({ type: b.type, share: b.matches / tested }) - rank({ type: a.type, share: a.matches / tested }) || SPECIFICITY.indexOf(a.type) - SPECIFICITY.indexOf(b.type));
    const best = listed[0];
    const ordered = best?.key ? best : undefined;
    const min = ordered ? ordered.min : this.minText ?? undefined;
    const max = ordered ? ordered.max : this.maxText ?? undefined;
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
