import type { ValueType } from "../model/types";
import { DistinctCounter } from "./distinct-counter";
import type { ColumnProfile } from "./types";
import { ALL_TYPES, GENERIC_TYPES, SPECIFICITY, parseDate, parseDateTime, parseMoney, valueTests } from "./value-types";

/** Values tested against every type before the candidates settle; later values are tested only against survivors. */
export const SETTLE_AFTER = 1000;
/** Share of the first values a type needs to stay a candidate. */
const SURVIVE_SHARE = 0.01;
/** Share a type needs to be listed in the profile. */
const LIST_SHARE = 0.05;
const EXAMPLES = 5;
const TOP_VALUES = 50;
/** Most distinct values a column may have and still read as a status (option-set) column. */
const STATUS_MAX_DISTINCT = 30;

type Extreme = { key: number; value: string } | null;
const lower = (a: Extreme, key: number, value: string): Extreme => (a === null || key < a.key ? { key, value } : a);
const higher = (a: Extreme, key: number, value: string): Extreme => (a === null || key > a.key ? { key, value } : a);

/** Generic types rank as if they matched 15% fewer values, so "date 99%" comes before "text 100%". */
const rank = (t: { type: ValueType; share: number }): number => t.share - (GENERIC_TYPES.has(t.type) ? 0.15 : 0);

/** Builds one column's profile from its values, one at a time, in bounded memory. */
export class ColumnProfiler {
  private total = 0;
  private nonEmpty = 0;
  private minLength = Number.POSITIVE_INFINITY;
  private maxLength = 0;
  private readonly distinct = new DistinctCounter();
  private candidates: ValueType[] = [...ALL_TYPES];
  private readonly matches = new Map<ValueType, number>();
  private readonly formats = new Map<ValueType, Map<string, number>>();
  private readonly examples: string[] = [];
  private minText: string | null = null;
  private maxText: string | null = null;
  private minDate: Extreme = null;
  private maxDate: Extreme = null;
  private minNumber: Extreme = null;
  private maxNumber: Extreme = null;

  constructor(readonly name: string) {}

  add(raw: string | undefined): void {
    this.total++;
    const value = raw === undefined ? "" : raw.trim();
    if (value === "") return;
    this.nonEmpty++;
    if (value.length < this.minLength) this.minLength = value.length;
    if (value.length > this.maxLength) this.maxLength = value.length;
    this.distinct.add(value);
    if (this.examples.length < EXAMPLES && !this.examples.includes(value)) this.examples.push(value);
    if (this.minText === null || value < this.minText) this.minText = value;
    if (this.maxText === null || value > this.maxText) this.maxText = value;
    for (const type of this.candidates) this.test(type, value);
    if (this.nonEmpty === SETTLE_AFTER) this.settle();
  }

  private test(type: ValueType, value: string): void {
    let format: string | false;
    if (type === "date" || type === "datetime") {
      const parsed = type === "date" ? parseDate(value) : parseDateTime(value);
      format = parsed ? parsed.format : false;
      if (parsed) {
        const key = type === "date" ? parsed.key * 10000 : parsed.key;
        this.minDate = lower(this.minDate, key, value);
        this.maxDate = higher(this.maxDate, key, value);
      }
    } else if (type === "money") {
      const cents = parseMoney(value);
      format = cents === null ? false : valueTests.money(value);
      if (cents !== null) this.trackNumber(cents / 100, value);
    } else {
      format = valueTests[type](value);
      if (format && (type === "integer" || type === "percent")) this.trackNumber(Number.parseFloat(value), value);
    }
    if (format === false) return;
    this.matches.set(type, (this.matches.get(type) ?? 0) + 1);
    let byFormat = this.formats.get(type);
    if (!byFormat) this.formats.set(type, (byFormat = new Map()));
    byFormat.set(format, (byFormat.get(format) ?? 0) + 1);
  }

  private trackNumber(n: number, value: string): void {
    this.minNumber = lower(this.minNumber, n, value);
    this.maxNumber = higher(this.maxNumber, n, value);
  }

  private settle(): void {
    this.candidates = this.candidates.filter((t) => (this.matches.get(t) ?? 0) / this.nonEmpty >= SURVIVE_SHARE);
  }

  result(): ColumnProfile {
    const nonEmpty = this.nonEmpty;
    const distinct = this.distinct.distinct;
    const statusLike = !this.distinct.estimated && distinct <= STATUS_MAX_DISTINCT && nonEmpty >= 2 * distinct;
    const types = [...this.matches]
      .filter(([type]) => type !== "status" || statusLike)
      .map(([type, count]) => ({ type, share: count / nonEmpty, detail: this.detail(type, count) }))
      .filter((t) => t.share >= LIST_SHARE)
      .sort((a, b) => rank(b) - rank(a) || SPECIFICITY.indexOf(a.type) - SPECIFICITY.indexOf(b.type));
    const best = types[0]?.type;
    const [min, max] =
      best === "date" || best === "datetime" ? [this.minDate?.value, this.maxDate?.value]
      : best === "money" || best === "integer" || best === "percent" ? [this.minNumber?.value, this.maxNumber?.value]
      : [this.minText ?? undefined, this.maxText ?? undefined];
    const unique = nonEmpty > 0 && !this.distinct.sawRepeat && (this.distinct.estimated ? distinct >= nonEmpty * 0.95 : distinct === nonEmpty);
    return {
      name: this.name,
      types,
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

  /** The dominant format of a type, and whether others were mixed in. */
  private detail(type: ValueType, count: number): string | undefined {
    const byFormat = this.formats.get(type);
    if (!byFormat) return undefined;
    const sorted = [...byFormat].sort((a, b) => b[1] - a[1]);
    const [format, n] = sorted[0];
    return sorted.length > 1 && n < count ? `${format} (${Math.round((100 * n) / count)}%), mixed` : format;
  }
}
