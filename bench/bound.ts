import type { CostModel, ServiceProtectionLimits } from "../emulator";

/**
 * The fastest any client could carry out a migration's record operations under the documented
 * service-protection limits and the emulator's cost model: bulk messages of `perRequest` records (the
 * 1,000 maximum), `parallel` requests served at once all the time, the sliding windows used to the full.
 *
 * - Rate: a request of k records is served in requestLatency + k × bulkLatency, and at most `parallel`
 *   are served at once, so at most c = parallel × k / (requestLatency + k × bulkLatency) operations a
 *   second. `parallel` is the environment's capacity (the emulator serves `x-ms-dop-hint` requests at once,
 *   as an environment's allocated servers do; emulator/README.md), or the 52-request concurrency limit for
 *   an environment that would serve that many.
 * - Execution time: any window of 300 s holds at most B = executionMs / executionMsPerOperation operations
 *   (120,000 for the documented figures: 400 a second sustained). The best a client can do is to spend the
 *   budget at rate c (B / c seconds), wait until the window slides past the start of that burst, and spend
 *   what it frees at the same rate: N operations take T = K × window + (N − K × B) / c, K = ⌈N / B⌉ − 1
 *   (T = N / c when N fits in one budget). Earlier reports used window × (N − B) / B (a bucket refilling at
 *   400 a second, which a sliding window is not) and then window × K (ignoring that the burst itself takes
 *   time at rate c); this one is the tightest of the three and still a bound: no schedule does better.
 * - Requests per window: 6,000 requests of k records per window, never binding with bulk messages but
 *   derived the same way.
 *
 * N counts operations, not records: an activity is created open and closed by a second operation
 * (Dataverse does not take statecode on create), a policy holder's coverage is a second update of the
 * patient, and each costs what any operation costs. The operations are those the emulator counted for the
 * engine's run (the closings and updates the migration needs, plus its few reads and ledger rows, under
 * 1 %). The bound in records a second is records / T. Times are emulated seconds.
 */
export interface ThroughputBound {
  records: number;
  operations: number;
  perRequest: number;
  /** Requests served at once in this bound. */
  parallel: number;
  /** Operations a second while `parallel` requests of `perRequest` records are served. */
  rate: number;
  seconds: { rate: number; requests: number; execution: number };
  binding: "rate" | "requests" | "execution";
  /** The largest of `seconds`, emulated seconds. */
  minSeconds: number;
  rowsPerSecond: number;
}

export function throughputBound(
  records: number, operations: number, limits: ServiceProtectionLimits, cost: CostModel, parallel: number, perRequest = 1000,
  /** Independent windows the run can spend: K identities × S web servers (1: one user on one server). */
  windows = 1,
): ThroughputBound {
  const window = limits.windowMs / 1000;
  // Each user may have `concurrent` requests in flight per server; the environment serves `parallel` at once.
  const served = Math.min(parallel, limits.concurrent * windows);
  const rate = (served * perRequest * 1000) / (cost.requestLatencyMs + perRequest * cost.bulkOperationLatencyMs);
  const slidingWindow = (amount: number, perWindow: number, perSecond: number) => {
    const full = Math.max(0, Math.ceil(amount / perWindow) - 1);
    return full === 0 ? amount / perSecond : full * window + (amount - full * perWindow) / perSecond;
  };
  const requests = Math.ceil(operations / perRequest);
  const seconds = {
    rate: operations / rate,
    // Within one window's requests the rate alone binds (whole requests would only round it up).
    requests: requests > limits.requests * windows ? slidingWindow(requests, limits.requests * windows, rate / perRequest) : 0,
    execution: slidingWindow(operations, (windows * limits.executionMs) / cost.executionMsPerOperation, rate),
  };
  const binding = (Object.keys(seconds) as (keyof typeof seconds)[]).reduce((a, b) => (seconds[b] > seconds[a] + 1e-9 ? b : a));
  const minSeconds = seconds[binding];
  return { records, operations, perRequest, parallel: served, rate, seconds, binding, minSeconds, rowsPerSecond: records / minSeconds };
}

/**
 * The bound for K identities and S web servers: K × S windows of their own (service protection is evaluated per
 * user and enforced per server; a client without the affinity cookie and with K identities spreads its requests
 * over all K × S of them), one environment capacity. The capacity is the environment's recommended parallelism
 * (`x-ms-dop-hint`), a setting here: `hints` gives the bound at each (4, the value in Microsoft's own
 * bulk-operation sample output; 5, the minimum Microsoft's ServiceClient assumes; 52, the concurrency limit).
 */
export function identitiesBound(
  records: number, operations: number, limits: ServiceProtectionLimits, cost: CostModel,
  identities: number, servers: number, hints: number[] = [4, 5, 52],
): { hint: number; bound: ThroughputBound }[] {
  return hints.map((hint) => ({ hint, bound: throughputBound(records, operations, limits, cost, hint, 1000, identities * servers) }));
}

/** The naive control's ceiling: one request per record, one at a time, so every record waits for its full latency. */
export function sequentialSingleRowsPerSecond(cost: CostModel): number {
  return 1000 / (cost.requestLatencyMs + cost.operationLatencyMs);
}

/**
 * The fastest a rollback could undo a run under the same limits and cost model: `deleted` records removed and
 * `restored` update operations put back (reads of the org excluded, as the migration's bound excludes its own).
 * Two channels serve deletes, and a client could use both at once:
 *
 * - BulkDelete jobs run in the asynchronous service, `asyncParallel` at once, each record costing
 *   `bulkDeleteMsPerRecord` (twice that with the recycle bin), charged to no window of the caller:
 *   a = asyncParallel × 1000 / msPerRecord records a second.
 * - `$batch` deletes and the restores: a delete is a plain operation (no DeleteMultiple for these tables), so a
 *   request of k costs requestLatency + k × operationLatency, `parallel` at once: c = parallel × k × 1000 /
 *   (requestLatency + k × operationLatency) operations a second, and every one spends execution time, so any
 *   300 s window holds at most B of them (the migration's own operations still in the window are ignored: a
 *   bound).
 *
 * T is the least time in which a × T + (what the client channel can do in T, less the restores) covers the
 * deletes; with `asyncParallel` 0 (no BulkDelete) it is the client channel alone. Found by bisection.
 */
export interface RollbackBound {
  records: number;
  restored: number;
  asyncRate: number;
  clientRate: number;
  minSeconds: number;
  rowsPerSecond: number;
}

export function rollbackBound(
  deleted: number, restored: number, limits: ServiceProtectionLimits, cost: CostModel, parallel: number, asyncParallel: number, recoverable = false, perRequest = 1000,
): RollbackBound {
  const window = limits.windowMs / 1000;
  const budget = limits.executionMs / cost.executionMsPerOperation;
  const served = Math.min(parallel, limits.concurrent);
  const clientRate = (served * perRequest * 1000) / (cost.requestLatencyMs + perRequest * cost.operationLatencyMs);
  const msPerRecord = (cost.bulkDeleteMsPerRecord ?? cost.bulkOperationLatencyMs) * (recoverable ? cost.recycleBinFactor ?? 2 : 1);
  const asyncRate = asyncParallel > 0 ? (asyncParallel * 1000) / msPerRecord : 0;
  // Operations the client channel can carry out in t seconds: at rate c, at most B per window, the window
  // sliding past each burst (as in throughputBound).
  const client = (t: number) => {
    const full = Math.floor(t / window);
    return full * budget + Math.min(budget, clientRate * (t - full * window));
  };
  const enough = (t: number) => asyncRate * t + Math.max(0, client(t) - restored) >= deleted && client(t) >= restored;
  let low = 0;
  let high = 1;
  while (!enough(high)) high *= 2;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (enough(mid)) high = mid;
    else low = mid;
  }
  return { records: deleted + restored, restored, asyncRate, clientRate, minSeconds: high, rowsPerSecond: (deleted + restored) / high };
}
