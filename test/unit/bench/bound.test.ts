import { rollbackBound, throughputBound } from "../../../bench/bound";
import { DOCUMENTED_COST, DOCUMENTED_LIMITS } from "../../../emulator";

const bound = (records: number, operations: number, parallel: number, perRequest?: number) =>
  throughputBound(records, operations, DOCUMENTED_LIMITS, DOCUMENTED_COST, parallel, perRequest);

describe("the throughput bound", () => {
  it("is the rate of P requests of 1,000 records at once while the run fits in one window's execution budget", () => {
    const b = bound(17_553, 20_687, 4);
    expect(b.rate).toBeCloseTo((4 * 1000 * 1000) / 3040, 6);
    expect(b.binding).toBe("rate");
    expect(b.minSeconds).toBeCloseTo(20_687 / b.rate, 6);
    expect(b.rowsPerSecond).toBeCloseTo(17_553 / b.minSeconds, 6);
  });

  it("above one budget: a full window, then what the sliding window frees spent at the same rate", () => {
    const at4 = bound(171_667, 201_768, 4);
    expect(at4.binding).toBe("execution");
    expect(at4.minSeconds).toBeCloseTo(300 + (201_768 - 120_000) / at4.rate, 6);
    const at52 = bound(171_667, 201_768, 52);
    expect(at52.minSeconds).toBeCloseTo(300 + (201_768 - 120_000) / at52.rate, 6);
    // Never faster than the windows alone allow, nor than the rate alone allows.
    for (const b of [at4, at52]) {
      expect(b.minSeconds).toBeGreaterThanOrEqual(300);
      expect(b.minSeconds).toBeGreaterThanOrEqual(b.operations / b.rate);
    }
    // 2,000,000 operations: 16 full windows, then the last 80,000.
    const big = bound(1_800_000, 2_000_000, 4);
    expect(big.minSeconds).toBeCloseTo(16 * 300 + 80_000 / big.rate, 6);
  });

  it("serves no more than the concurrency limit at once, however many are asked for", () => {
    expect(bound(1000, 1000, 500).parallel).toBe(52);
  });

  it("binds on requests per window when every request carries one record", () => {
    const b = bound(20_000, 20_000, 52, 1);
    expect(b.binding).toBe("requests");
    expect(b.minSeconds).toBeCloseTo(3 * 300 + (20_000 - 18_000) / b.rate, 6);
  });
});

describe("rollbackBound", () => {
  const limits = DOCUMENTED_LIMITS;
  const cost = DOCUMENTED_COST;

  it("without BulkDelete is the client channel alone: $batch deletes at 40 + 12·k ms, 4 at once", () => {
    const b = rollbackBound(10_000, 0, limits, cost, 4, 0);
    expect(b.asyncRate).toBe(0);
    expect(b.clientRate).toBeCloseTo((4 * 1000 * 1000) / (40 + 12_000), 6);
    expect(b.minSeconds).toBeCloseTo(10_000 / b.clientRate, 3);
  });

  it("adds BulkDelete jobs as a second channel, twice as slow with the recycle bin, and restores take client time", () => {
    const both = rollbackBound(17_553, 0, limits, cost, 4, 4);
    expect(both.asyncRate).toBeCloseTo(4000 / 3, 6);
    expect(both.minSeconds).toBeCloseTo(17_553 / (both.asyncRate + both.clientRate), 3);
    const recycled = rollbackBound(17_553, 0, limits, cost, 4, 4, true);
    expect(recycled.asyncRate).toBeCloseTo(both.asyncRate / 2, 6);
    expect(recycled.minSeconds).toBeGreaterThan(both.minSeconds);
    const restoring = rollbackBound(17_553, 1_000, limits, cost, 4, 4);
    expect(restoring.minSeconds).toBeGreaterThan(both.minSeconds);
  });

  it("the client channel never carries more than one window's execution budget per window", () => {
    // 1,000,000 deletes without BulkDelete: 120,000 a window at most, so at least 8 full windows.
    const b = rollbackBound(1_000_000, 0, limits, cost, 52, 0);
    expect(b.minSeconds).toBeGreaterThan(8 * 300);
  });
});
