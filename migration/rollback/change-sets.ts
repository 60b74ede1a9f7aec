import type { BatchOperation, BatchOperationResult, DataverseClientApi } from "../../dataverse/types";
import { ChunkPool } from "../load/pool";
import type { RollbackFailure } from "./types";

/** One record's part of a rollback: its operations, committed or refused together as one change set. */
export interface RecordWork {
  table: string;
  id: string;
  operations: BatchOperation[];
}

export interface ChangeSetOptions {
  /** Most operations per `$batch` (1–1000). */
  size: number;
  /** Whether the answers to a record's operations mean it is done (a delete also counts a 404: already gone). */
  done(parts: BatchOperationResult[]): boolean;
  /** A `$batch` refused as a whole: true records every record of it as failed and goes on; false throws. */
  recordBatchFailures: boolean;
  signal?: AbortSignal;
  /** Records settled so far (done or failed), after each `$batch`. */
  onSettled(settled: number): void;
  /** `$batch` requests at once (default: as many as the client sends at once). */
  parallel?: number;
}

/**
 * Writes records' change sets in `$batch` requests with continue-on-error, as many at once as the client runs
 * (`x-ms-dop-hint`), so one refused record never holds back the others; each record done or a failure with
 * Dataverse's own error. The batches are even shares of the work, so the last round is as full as the others
 * (the next table waits for it). Restores and deletes both go through here.
 */
export async function writeInChangeSets(client: DataverseClientApi, work: RecordWork[], options: ChangeSetOptions): Promise<{ done: number; failures: RollbackFailure[] }> {
  const size = Math.min(Math.max(options.size, 1), 1000);
  const parallel = options.parallel ?? client.concurrency ?? 1;
  const operations = work.reduce((n, w) => n + w.operations.length, 0);
  const batches = Math.ceil(Math.ceil(operations / size) / parallel) * parallel;
  const share = Math.max(1, Math.ceil(operations / Math.max(1, batches)));
  const failures: RollbackFailure[] = [];
  let done = 0;
  let settled = 0;
  const send = async (chunk: RecordWork[]) => {
    try {
      const results = await client.executeBatch({ changeSets: chunk.map((w) => w.operations), continueOnError: true }, { signal: options.signal });
      const byIndex = new Map(results.map((part) => [part.index, part]));
      let start = 0;
      for (const w of chunk) {
        const own = w.operations.flatMap((_, i) => byIndex.get(start + i) ?? []);
        start += w.operations.length;
        if (own.length === w.operations.length && options.done(own)) {
          done++;
          continue;
        }
        // The operation that failed itself, before those rolled back with it.
        const failed = own.find((part) => part.error && !part.rolledBack) ?? own.find((part) => part.status >= 300);
        failures.push(failed ? partFailure(w, failed) : failure(w.table, w.id, { code: "no-answer", message: "Dataverse gave no answer for this record's change set" }));
      }
    } catch (error) {
      if (options.signal?.aborted || !options.recordBatchFailures) throw error;
      for (const w of chunk) failures.push(failure(w.table, w.id, error));
    }
    options.onSettled((settled += chunk.length));
  };
  const pool = new ChunkPool(parallel);
  let chunk: RecordWork[] = [];
  let inChunk = 0;
  for (const w of work) {
    if (chunk.length > 0 && inChunk + w.operations.length > share) {
      options.signal?.throwIfAborted();
      await pool.start(send(chunk));
      chunk = [];
      inChunk = 0;
    }
    chunk.push(w);
    inChunk += w.operations.length;
  }
  if (chunk.length > 0) {
    options.signal?.throwIfAborted();
    await pool.start(send(chunk));
  }
  await pool.drain();
  return { done, failures };
}

function partFailure(w: RecordWork, part: BatchOperationResult): RollbackFailure {
  return { table: w.table, id: w.id, code: part.error?.code ?? String(part.status), message: part.error?.message ?? `HTTP ${part.status}` };
}

/** Waits `ms`, or until the signal aborts (then rejects with its reason). */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener("abort", stop, { once: true });
  });
}

export function failure(table: string, id: string, error: unknown): RollbackFailure {
  const e = error as { code?: string; message?: string; status?: number };
  return { table, id, code: e.code ?? String(e.status ?? "error"), message: e.message ?? String(error) };
}
