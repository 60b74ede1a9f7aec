/**
 * What a request costs, so that benchmarks against the emulator mean something. Latency is added before
 * the response is sent; execution time is charged to the caller's service-protection window. README
 * explains the documented values.
 */
export interface CostModel {
  /** Fixed latency of any request (network, authentication, routing), ms. */
  requestLatencyMs: number;
  /** Added latency per record operation, ms. */
  operationLatencyMs: number;
  /** Added latency per record operation inside CreateMultiple / UpdateMultiple / UpsertMultiple, ms. */
  bulkOperationLatencyMs: number;
  /** Server execution time charged per record operation, ms (counts toward the 1,200 s per 300 s limit). */
  executionMsPerOperation: number;
  /**
   * Time a BulkDelete job spends per record it deletes, ms, when the deleted records skip the recycle bin
   * (`CanRecoverDeletedRecords: false`); with the recycle bin each record costs `recycleBinFactor` times
   * as much. The job runs in the asynchronous service: none of it is charged to the caller's windows.
   */
  bulkDeleteMsPerRecord?: number;
  /** How many times slower a BulkDelete is per record when deleted records go to the recycle bin. */
  recycleBinFactor?: number;
}

export const DOCUMENTED_COST: CostModel = {
  requestLatencyMs: 40,
  operationLatencyMs: 12,
  bulkOperationLatencyMs: 3,
  executionMsPerOperation: 10,
  bulkDeleteMsPerRecord: 3,
  recycleBinFactor: 2,
};

/** A BulkDelete job's time per deleted record, ms (0 without a cost model). */
export function bulkDeleteMsPerRecord(model: CostModel | undefined, recoverable: boolean): number {
  if (!model) return 0;
  const base = model.bulkDeleteMsPerRecord ?? model.bulkOperationLatencyMs;
  return recoverable ? base * (model.recycleBinFactor ?? 2) : base;
}

/**
 * A request's cost: `operations` record operations, `bulkOperations` of them carried by bulk messages (a
 * CreateMultiple sent alone or inside a `$batch` is the same message to the server).
 */
export function costOf(model: CostModel | undefined, operations: number, bulkOperations = 0): { latencyMs: number; executionMs: number } {
  if (!model) return { latencyMs: 0, executionMs: 0 };
  const bulk = Math.min(bulkOperations, operations);
  return {
    latencyMs: model.requestLatencyMs + (operations - bulk) * model.operationLatencyMs + bulk * model.bulkOperationLatencyMs,
    executionMs: operations * model.executionMsPerOperation,
  };
}
