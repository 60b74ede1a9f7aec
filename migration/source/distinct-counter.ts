/**
 * Distinct values of a column in bounded memory. Counts are exact (a map of value → count, which also
 * gives the most frequent values) until the column shows more than `cap` distinct values, or more than
 * half of its first 1,000 values are distinct; from then on a HyperLogLog estimate takes over (precision
 * 12: 4,096 one-byte registers, about 1.6% standard error) and the counts stop (a column that varies has
 * no useful "most frequent values"). Counted values may carry a weight: the profiler counts a sample of
 * a big column's values, each standing for `weight` rows, so counts stay estimates of the real ones.
 * Hand-written (about 40 lines) because no maintained HLL package is among the project's dependencies and
 * the reader must run in the browser.
 */
import { detach } from "./detach";

export class DistinctCounter {
  /** Value → its (weighted) count, in a one-field box so a repeat costs one map lookup. */
  private readonly counts = new Map<string, { n: number }>();
  private registers: Uint8Array | null = null;
  /** A value was seen twice while counting exactly. */
  sawRepeat = false;
  /** Some counted values stood for more than one row: counts and distinct are estimates. */
  sampled = false;
  private added = 0;
  /** The previous value and its count: exports sorted by patient repeat values row after row. */
  private last: string | null = null;
  private lastCount: { n: number } | null = null;

  constructor(private readonly cap = 1_000) {}

  add(value: string, weight = 1): void {
    if (this.registers) {
      // A value repeated row after row (exports are sorted by patient) changes no register: skip the hash.
      if (value !== this.last) hllAdd(this.registers, value);
      this.last = value;
      return;
    }
    this.added++;
    if (weight > 1) this.sampled = true;
    if (value === this.last && this.lastCount) {
      this.lastCount.n += weight;
      this.sawRepeat = true;
      return;
    }
    const count = this.counts.get(value);
    if (count !== undefined) {
      count.n += weight;
      this.sawRepeat = true;
      this.last = value;
      this.lastCount = count;
      return;
    }
    const fresh = { n: weight };
    this.counts.set(detach(value), fresh);
    this.last = value;
    this.lastCount = fresh;
    // A column whose first values are mostly new (ids, names, phones) will not have useful top values: estimate it from here.
    if (this.counts.size > this.cap || (this.added === EARLY_LOOK && this.counts.size > EARLY_LOOK / 2)) {
      this.registers = new Uint8Array(HLL_M);
      for (const key of this.counts.keys()) hllAdd(this.registers, key);
    }
  }

  /** Counting switched to the HyperLogLog estimate: every value should be added from now on. */
  get estimating(): boolean {
    return this.registers !== null;
  }

  get estimated(): boolean {
    return this.registers !== null || this.sampled;
  }

  get distinct(): number {
    return this.registers ? Math.max(this.counts.size, hllEstimate(this.registers)) : this.counts.size;
  }

  /** Most frequent values among those counted exactly. */
  top(n: number): { value: string; count: number }[] {
    return [...this.counts].sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([value, count]) => ({ value, count: count.n }));
  }
}

/** Values after which a column with more than half of them distinct switches to the estimate. */
const EARLY_LOOK = 1000;

const HLL_P = 12;
const HLL_M = 1 << HLL_P;

/** FNV-1a over UTF-16 code units, then the murmur3 finaliser to spread the bits. */
export function hash32(value: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    h ^= value.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hllAdd(registers: Uint8Array, value: string): void {
  const h = hash32(value);
  const index = h >>> (32 - HLL_P);
  const rest = (h << HLL_P) >>> 0;
  const rank = rest === 0 ? 32 - HLL_P + 1 : Math.clz32(rest) + 1;
  if (rank > registers[index]) registers[index] = rank;
}

function hllEstimate(registers: Uint8Array): number {
  let sum = 0;
  let zeros = 0;
  for (const r of registers) {
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const alpha = 0.7213 / (1 + 1.079 / HLL_M);
  const raw = (alpha * HLL_M * HLL_M) / sum;
  if (raw <= 2.5 * HLL_M && zeros > 0) return Math.round(HLL_M * Math.log(HLL_M / zeros));
  const two32 = 2 ** 32;
  if (raw > two32 / 30) return Math.round(-two32 * Math.log(1 - raw / two32));
  return Math.round(raw);
}
