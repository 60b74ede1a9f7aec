import type { BatchOperation, BatchRequest } from "../types";

/** Dataverse refuses a `$batch` with more than 1000 requests. */
export const MAX_BATCH_OPERATIONS = 1000;

/** One request of a batch in wire order: every change set in turn, then the GETs. */
export interface FlatOperation {
  index: number;
  operation: BatchOperation;
  /** Which change set it belongs to; undefined outside change sets. */
  changeSet?: number;
}

export function flattenBatch(request: BatchRequest): FlatOperation[] {
  const flat: FlatOperation[] = [];
  request.changeSets.forEach((ops, changeSet) => ops.forEach((operation) => flat.push({ index: flat.length, operation, changeSet })));
  (request.gets ?? []).forEach((operation) => flat.push({ index: flat.length, operation }));
  return flat;
}

/** Throws before anything is sent when a batch breaks Dataverse's rules. */
export function assertValidBatch(request: BatchRequest): void {
  const total = flattenBatch(request).length;
  if (total === 0) throw new Error("A $batch needs at least one operation.");
  if (total > MAX_BATCH_OPERATIONS) {
    throw new Error(`A $batch may hold at most ${MAX_BATCH_OPERATIONS} operations; this one has ${total}. Split it into smaller batches.`);
  }
  request.changeSets.forEach((ops, i) => {
    if (ops.length === 0) throw new Error(`Change set ${i + 1} is empty.`);
    if (ops.some((op) => op.method === "GET")) throw new Error(`Change set ${i + 1} contains a GET; GET requests must be outside change sets.`);
  });
  for (const op of request.gets ?? []) {
    if (op.method !== "GET") throw new Error(`Only GET operations may be outside change sets (got ${op.method} ${op.url}); put writes in a change set.`);
  }
}
