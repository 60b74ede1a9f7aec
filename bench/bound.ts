import type { CostModel, ServiceProtectionLimits } from "../emulator";

/**
 * The fastest any client could write `rows` records under the documented service-protection limits and
 * the emulator's cost model: bulk messages of `perRequest` records (the 1,000 maximum), every slot of the
 * concurrency limit busy, the sliding windows used to the full. Each limit gives a lower bound on the
 * time; the largest one binds.
 *
 * - concurrency × latency: a request of k records holds a slot for requestLatency + k × bulkLatency, and
 *   at most `concurrent` slots exist: T ≥ ⌈rows / k⌉ × (requestLatency + k × bulkLatency) / concurrent.
 * - requests per window: the first `requests` go at once, then `requests` per window:
 *   T ≥ window × (⌈rows / k⌉ − requests) / requests when positive.
 * - execution time per window: `executionMs / executionMsPerOperation` = B records per window (120,000 for
 *   the documented figures, i.e. 400 records/s sustained). The window slides: ANY 300 s span holds at most
 *   B records' execution, so R records need ⌈R/B⌉ spans that do not overlap: T ≥ window × (⌈R/B⌉ − 1).
 *   (Not window × (R − B) / B: that treats the budget as a bucket refilling at 400 records/s, which a
 *   sliding window is not; 171,667 records in 129 s would put all of them inside one window.) A client
 *   may overshoot a window by the requests it has in flight when the budget runs out (admission checks the
 *   finished ones), which this lower bound leaves aside.
 *
 * Times are emulated seconds (with a time scale, divide by it for wall time).
 */
export interface ThroughputBound {
  rows: number;
  perRequest: number;
  seconds: { concurrency: number; requests: number; execution: number };
  binding: "concurrency" | "requests" | "execution";
  /** max of the three, emulated seconds. */
  minSeconds: number;
  rowsPerSecond: number;
}

/**
 * @param concurrent requests in flight at once: the service-protection limit by default; pass the server's
 *   `x-ms-dop-hint` for the bound of a client that follows Microsoft's recommended degree of parallelism.
 */
export function throughputBound(rows: number, limits: ServiceProtectionLimits, cost: CostModel, perRequest = 1000, concurrent = limits.concurrent): ThroughputBound {
  const requests = Math.ceil(rows / perRequest);
  const window = limits.windowMs / 1000;
  const budget = limits.executionMs / cost.executionMsPerOperation;
  const seconds = {
    concurrency: (requests * (cost.requestLatencyMs + perRequest * cost.bulkOperationLatencyMs)) / concurrent / 1000,
    requests: Math.max(0, (window * (requests - limits.requests)) / limits.requests),
    execution: window * Math.max(0, Math.ceil(rows / budget) - 1),
  };
  const binding = (Object.keys(seconds) as (keyof typeof seconds)[]).reduce((a, b) => (seconds[b] > seconds[a] ? b : a));
  const minSeconds = seconds[binding];
  return { rows, perRequest, seconds, binding, minSeconds, rowsPerSecond: rows / minSeconds };
}

/** The naive control's ceiling: one request per record, one at a time, so every record waits for its full latency. */
export function sequentialSingleRowsPerSecond(cost: CostModel): number {
  return 1000 / (cost.requestLatencyMs + cost.operationLatencyMs);
}
