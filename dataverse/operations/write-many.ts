import { DataverseError } from "../errors";
import { recordPath } from "../odata/keys";
import type { BatchOperation, DataverseClientApi, DataverseErrorInfo, Entity, RecordRef, WriteOptions } from "../types";

/** What happened to one record of a chunk. */
export interface RecordWriteResult {
  index: number;
  /** The record's id, when Dataverse told it. */
  id?: string;
  error?: DataverseErrorInfo;
  /** Which path wrote the chunk. */
  via: "bulk" | "batch";
}

/**
 * Creates a chunk of records: CreateMultiple when the table supports it (one atomic request: on error, no
 * record of the chunk was written and each carries that error), otherwise a `$batch` with one change set per
 * record and continue-on-error, so each record succeeds or fails on its own.
 */
export async function createMany(client: DataverseClientApi, entitySet: string, logicalName: string, bodies: Entity[], options: WriteOptions = {}): Promise<RecordWriteResult[]> {
  if (bodies.length === 0) return [];
  if (await client.supportsBulk(logicalName, "CreateMultiple")) {
    return viaBulk(bodies.length, () => client.createMultiple(entitySet, logicalName, bodies, options));
  }
  return viaBatch(client, bodies.map((body) => ({ method: "POST", url: entitySet, body })), options);
}

/**
 * Upserts a chunk of records addressed by id or alternate key: UpsertMultiple (each target carries its
 * `@odata.id`, e.g. `contacts(dxm_sourcekey='patient:1')`) when supported, else a `$batch` of PATCH upserts.
 */
export async function upsertMany(client: DataverseClientApi, entitySet: string, logicalName: string, records: { ref: RecordRef; body: Entity }[], options: WriteOptions = {}): Promise<RecordWriteResult[]> {
  if (records.length === 0) return [];
  if (await client.supportsBulk(logicalName, "UpsertMultiple")) {
    const targets = records.map(({ ref, body }) => ({ ...body, "@odata.id": recordPath(entitySet, ref) }));
    return viaBulk(records.length, () => client.upsertMultiple(entitySet, logicalName, targets, options));
  }
  return viaBatch(client, records.map(({ ref, body }) => ({ method: "PATCH", url: recordPath(entitySet, ref), body })), options);
}

async function viaBulk(count: number, write: () => Promise<string[]>): Promise<RecordWriteResult[]> {
  try {
    const ids = await write();
    return Array.from({ length: count }, (_, index) => (ids[index] ? { index, id: ids[index], via: "bulk" as const } : { index, via: "bulk" as const }));
  } catch (error) {
    if (!(error instanceof DataverseError)) throw error;
    return Array.from({ length: count }, (_, index) => ({ index, error: error.info, via: "bulk" as const }));
  }
}

async function viaBatch(client: DataverseClientApi, operations: BatchOperation[], options: WriteOptions): Promise<RecordWriteResult[]> {
  const results = await client.executeBatch({ changeSets: operations.map((op) => [op]), continueOnError: true }, options);
  return results.map((r) => {
    const result: RecordWriteResult = { index: r.index, via: "batch" };
    if (r.entityId) result.id = r.entityId;
    if (r.error) result.error = r.error;
    return result;
  });
}
