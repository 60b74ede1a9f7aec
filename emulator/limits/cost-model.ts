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
}

export const DOCUMENTED_COST: CostModel = {
  requestLatencyMs: 40,
  operationLatencyMs: 12,
  bulkOperationLatencyMs: 3,
  executionMsPerOperation: 10,
};

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
