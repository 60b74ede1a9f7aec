/**
 * Distinct values of a column in bounded memory: exact counts for the first `cap` distinct values (they
 * also give the most frequent values), then a HyperLogLog estimate (precision 12: 4,096 one-byte
 * registers, about 1.6% standard error). Hand-written (about 40 lines) because no maintained HLL package is
 * among the project's dependencies and the reader must run in the browser.
 */
export class DistinctCounter {
  private readonly counts = new Map<string, number>();
  private registers: Uint8Array | null = null;
  /** A value was seen twice while counting exactly. */
  sawRepeat = false;

  constructor(private readonly cap = 20_000) {}

  add(value: string): void {
    const count = this.counts.get(value);
    if (count !== undefined) {
      this.counts.set(value, count + 1);
      this.sawRepeat = true;
      if (this.registers) hllAdd(this.registers, value);
      return;
    }
    if (this.registers) {
      hllAdd(this.registers, value);
      return;
    }
    this.counts.set(value, 1);
    if (this.counts.size > this.cap) {
      this.registers = new Uint8Array(HLL_M);
      for (const key of this.counts.keys()) hllAdd(this.registers, key);
    }
  }

  get estimated(): boolean {
    return this.registers !== null;
  }

  get distinct(): number {
    return this.registers ? Math.max(this.counts.size, hllEstimate(this.registers)) : this.counts.size;
  }

  /** Most frequent values among those counted exactly. */
  top(n: number): { value: string; count: number }[] {
    return [...this.counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, n).map(([value, count]) => ({ value, count }));
  }
}

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
