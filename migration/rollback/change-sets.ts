import type { BatchOperation, BatchOperationResult, DataverseClientApi } from "../../dataverse/types";
import { ASYNC_COMPLETED, ASYNC_SUCCEEDED, bulkDeleteOnce, type BulkDeleteJob } from "../../dataverse/operations/jobs";
import { ChunkPool } from "../load/pool";
import { tableAddress } from "../model/tables";
import { readIn } from "../load/read-in";
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
}

/**
 * Writes records' change sets in `$batch` requests with continue-on-error, as many at once as the client runs
 * (`x-ms-dop-hint`), so one refused record never holds back the others; each record done or a failure with
 * Dataverse's own error. The batches are even shares of the work, so the last round is as full as the others
 * (the next table waits for it). Restores and deletes both go through here.
 */
export async function writeInChangeSets(client: DataverseClientApi, work: RecordWork[], options: ChangeSetOptions): Promise<{ done: number; failures: RollbackFailure[] }> {
  const size = Math.min(Math.max(options.size, 1), 1000);
  const parallel = client.concurrency ?? 1;
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
function pause(ms: number, signal?: AbortSignal): Promise<void> {
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

export interface BulkJobOptions {
  /** Most records per BulkDelete job (one `In` condition on the primary id). */
  size: number;
  /**
   * Conditions every deleted record must also meet, checked by the job itself when it runs: the run's stamp,
   * not modified after the run (so a record edited after the rollback read it is left, not deleted).
   */
  conditions: BulkDeleteJob["conditions"];
  /** Whether the deleted records go to the recycle bin (false: about twice as fast). */
  recoverable: boolean;
  pollIntervalMs: number;
  /** The jobs' name (ids only, never patient data). */
  name: string;
  signal?: AbortSignal;
  /** Called once every job is submitted (or submitting failed): the next table's jobs may queue behind. */
  onSubmitted?(): void;
  /** Records settled so far, as each job completes. */
  onSettled(settled: number): void;
  /** How to wait between polls (tests pass a fast one). */
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Deletes records with Dataverse's server-side BulkDelete: the same work and the same answer as
 * `writeInChangeSets` (done, or a failure with Dataverse's own error), for one table's records. The records are
 * named by id (`In`), in even shares, one job per share, all submitted at once (the asynchronous service runs
 * as many as it can); the jobs are polled until every one completes. A job does not roll back what it deleted
 * when a record fails: those are BulkDeleteFailure rows, read back with the error; any record still there
 * afterwards, listed there or not, is a failure, so a later rollback picks it up again.
 */
export async function deleteInBulkJobs(client: DataverseClientApi, work: RecordWork[], options: BulkJobOptions): Promise<{ done: number; failures: RollbackFailure[] }> {
  if (work.length === 0) return { done: 0, failures: [] };
  const { logicalName, entitySet, primaryId } = tableAddress(work[0].table);
  const ids = work.map((w) => w.id);
  const parallel = client.concurrency ?? 1;
  const size = Math.max(options.size, 1);
  const jobs = Math.ceil(Math.ceil(ids.length / size) / parallel) * parallel;
  const share = Math.max(1, Math.ceil(ids.length / jobs));
  const shares: string[][] = [];
  for (let i = 0; i < ids.length; i += share) shares.push(ids.slice(i, i + share));

  const submitted = new Map<string, number>();
  try {
    for (const [i, part] of shares.entries()) {
      options.signal?.throwIfAborted();
      const jobId = await bulkDeleteOnce(client, {
        name: `${options.name} ${logicalName} ${i + 1}/${shares.length}`,
        table: logicalName,
        conditions: [{ attribute: primaryId, operator: "in", values: part }, ...options.conditions],
        recoverable: options.recoverable,
      }, { signal: options.signal });
      submitted.set(jobId.toLowerCase(), part.length);
    }
  } finally {
    options.onSubmitted?.();
  }

  const wait = options.wait ?? pause;
  const pending = new Set(submitted.keys());
  const outcome = new Map<string, number>();
  let settled = 0;
  while (pending.size > 0) {
    await wait(options.pollIntervalMs, options.signal);
    const filter = [...pending].map((id) => `asyncoperationid eq ${id}`).join(" or ");
    for (const job of await client.retrieveAll("asyncoperations", { select: ["asyncoperationid", "statecode", "statuscode"], filter }, { signal: options.signal })) {
      const id = String(job.asyncoperationid).toLowerCase();
      if (Number(job.statecode) !== ASYNC_COMPLETED || !pending.delete(id)) continue;
      outcome.set(id, Number(job.statuscode));
      options.onSettled((settled += submitted.get(id) ?? 0));
    }
  }

  const reasons = new Map<string, { code: string; message: string }>();
  const byJob = [...submitted.keys()].map((id) => `_asyncoperationid_value eq ${id}`).join(" or ");
  for (const row of await client.retrieveAll("bulkdeletefailures", { select: ["_regardingobjectid_value", "errordescription", "errornumber"], filter: byJob }, { signal: options.signal })) {
    const code = typeof row.errornumber === "number" ? `0x${(row.errornumber >>> 0).toString(16)}` : "bulk-delete-failure";
    reasons.set(String(row._regardingobjectid_value).toLowerCase(), { code, message: String(row.errordescription ?? "The BulkDelete job could not delete this record.") });
  }
  const left = await readIn(client, entitySet, primaryId, ids, [primaryId], options.signal);
  const notDone = [...outcome.values()].some((status) => status !== ASYNC_SUCCEEDED);
  const failures = left.map((row) => {
    const id = String(row[primaryId]);
    const reason = reasons.get(id.toLowerCase()) ?? {
      code: "not-deleted",
      message: notDone ? "The BulkDelete job did not complete; this record is still there." : "The BulkDelete job left this record (edited after the rollback read it, or no longer the run's).",
    };
    return { table: logicalName, id, ...reason };
  });
  return { done: ids.length - failures.length, failures };
}
