import type { DataverseClientApi, WindowLeft } from "../../dataverse/types";
import { isRetriableStatus } from "../../dataverse/errors";
import { ASYNC_COMPLETED, ASYNC_SUCCEEDED, bulkDeleteOnce, type BulkDeleteJob } from "../../dataverse/operations/jobs";
import { recordPath } from "../../dataverse/odata/keys";
import { tableAddress } from "../model/tables";
import { readIn } from "../load/read-in";
import { pause, writeInChangeSets, type RecordWork } from "./change-sets";
import { REFERENCED_TABLES } from "./order";
import type { IdSequence } from "./record-ids";
import type { RollbackFailure } from "./types";

/**
 * A rollback's deletes through the two channels a client has, side by side, as the rollback's bound counts
 * them (bench/bound.ts `rollbackBound`): Dataverse's server-side BulkDelete jobs, which run in the
 * asynchronous service outside the caller's windows, and the client's own `$batch` deletes. Neither channel's
 * speed is known in advance (an org's asynchronous service may be busy or idle), so they share the work:
 * the jobs take the tables' records from the front, in rollback order, a few jobs ahead of what the service
 * runs; the client takes them from the back. Each record goes to exactly one of them, and whichever is faster
 * takes more; the last records go to whichever is free.
 *
 * Order: jobs do not wait for one another (the service takes them first come, first served; a parent's
 * cascade reaching a child first is as good as the child's own job: what is gone is deleted). The client
 * deletes a table other records point at (`REFERENCED_TABLES`) only once every table before it is done, so no
 * delete of ours cascades through records still to go or meets a restrict relationship.
 */
export interface ChannelOptions {
  /** Most records per BulkDelete job. */
  jobSize: number;
  /** Below this many records left to take, no new job is submitted (0: no jobs at all, the client deletes everything). */
  jobThreshold: number;
  /** Records per client `$batch`. */
  batchSize: number;
  /** Whether the client deletes too while jobs run (tests of the job path turn it off). */
  clientChannel: boolean;
  /** Conditions each job's records must still meet when it runs (the run's stamp, not edited since the run). */
  conditions(table: string): BulkDeleteJob["conditions"];
  recoverable: boolean;
  pollIntervalMs: number;
  /** The jobs' name (ids only, never patient data); each job adds its table and number. */
  name: string;
  signal?: AbortSignal;
  /** Records of `table` settled so far (done or failed). */
  onSettled(table: string, settled: number): void;
  /**
   * Every record of `table` is settled: nothing of it is left to either channel. `clean` when none of its
   * records failed: no client delete failed and each of its jobs counts every record it was given as deleted.
   */
  onTableDone?(table: string, clean: boolean): void;
  wait?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** What the client's deletes leave of the window while jobs run (`WINDOW_RESERVE` unless given). */
  windowReserve?: WindowLeft;
}

/**
 * What the client's deletes leave of service protection's window while jobs run: a tenth of the documented
 * per-user window (6,000 requests and 20 minutes of execution time per 5 minutes). A 429 holds each of the
 * user's requests for its Retry-After, the job channel's submissions and polls too, and the asynchronous service
 * then runs out of jobs: a 10k rollback right after a migration stalled 47 s so, every channel waiting. Below
 * the reserve the lanes wait, the jobs take what is left, and the lanes go on as the window slides.
 */
export const WINDOW_RESERVE: WindowLeft = { requests: 600, executionMs: 120_000 };

/** One table's records to delete, in the order the channels take them (made into strings a chunk at a time). */
export interface TableDeletes {
  table: string;
  ids: IdSequence;
}

/** One table's records still to delete: `front` and `back` bound those no channel has taken yet. */
interface TableWork {
  table: string;
  ids: IdSequence;
  front: number;
  back: number;
  /** Records taken by a channel and not yet settled. */
  outstanding: number;
  settled: number;
  /** Some record of the table failed or may have (a client delete's failure, a job that did not count all). */
  unclean: boolean;
}

interface Job {
  id: string;
  table: TableWork;
  /** The records it was given, its table's `from` up to `to` (read back afterwards when its counts say it left some). */
  from: number;
  to: number;
}

const jobSize = (job: Job) => job.to - job.from;

/** Deletes `tables` (in rollback order) through both channels. */
export async function deleteThroughChannels(client: DataverseClientApi, tables: TableDeletes[], options: ChannelOptions): Promise<{ done: number; failures: RollbackFailure[] }> {
  const queue: TableWork[] = tables.filter((t) => t.ids.length > 0).map(({ table, ids }) => ({ table, ids, front: 0, back: ids.length, outstanding: 0, settled: 0, unclean: false }));
  const wait = options.wait ?? pause;
  const left = () => queue.reduce((n, t) => n + t.back - t.front, 0);
  const finished = (t: TableWork) => t.front === t.back && t.outstanding === 0;
  // Lanes waiting for a table to open are woken when records settle, not at their next poll.
  const settled = new Wakeup();
  const settle = (t: TableWork, n: number) => {
    t.outstanding -= n;
    t.settled += n;
    options.onSettled(t.table, t.settled);
    if (finished(t)) options.onTableDone?.(t.table, !t.unclean);
    settled.fire();
  };
  // Lanes waiting on the jobs: while any does, jobs are polled five times as often (a table opens to the client
  // only once the jobs holding the tables before it are seen to be done).
  let waitingLanes = 0;
  const laneWaits = new Wakeup();
  const failures: RollbackFailure[] = [];
  let done = 0;
  const jobs: Job[] = [];
  const outcome = new Map<string, number>();
  // Each job's counts, read as soon as it is seen complete (not in the rollback's tail).
  const counts = new Map<string, JobCounts>();

  /** The client may delete from `t`: nothing points at its records, or every table before it is done. */
  const openToClient = (t: TableWork, i: number) => !REFERENCED_TABLES.has(t.table) || queue.slice(0, i).every(finished);

  /**
   * The job channel's wait until its next poll, cut short when a lane starts waiting for the jobs. Its request
   * place stays idle meanwhile: deleting from the client on it too (a `$batch` sized to end within the wait) took
   * a 10k rollback timed alone from 124.5 s to 117.3 s, but in the bench, which rolls back right after the
   * migration, the client's extra deletes met the execution-time window the migration had spent (8 × 429,
   * 159.7 s). Using that place wants the client to watch its window (`x-ms-ratelimit-time-remaining-xrm-requests`).
   */
  const betweenPolls = async (ms: number) => {
    const timeout = wait(ms, options.signal);
    timeout.catch(() => undefined);
    await Promise.race([timeout, laneWaits.next()]);
  };

  // The jobs submitted and not yet seen complete.
  const pending = new Map<string, Job>();
  const reserve = options.windowReserve ?? WINDOW_RESERVE;
  /** The window is down to its reserve while jobs still run or are to come: the client leaves it to them. */
  const leaveToJobs = () => {
    const w = client.windowLeft;
    return w !== undefined && (w.requests < reserve.requests || w.executionMs < reserve.executionMs) && (pending.size > 0 || jobsAhead());
  };

  let jobsRefused = false;
  // A table with enough left for a job: a smaller one is the client's (a job's pick-up, submission and polls
  // weigh as much as that many deletes from here).
  const jobSized = (t: TableWork) => t.back - t.front >= options.jobThreshold;
  const jobsAhead = () => options.jobThreshold > 0 && !jobsRefused && queue.some(jobSized);
  // A channel that fails stops the other: the client must not wait forever for records a failed job channel took.
  let stopped = false;
  const jobChannel = async () => {
    if (options.jobThreshold <= 0) return;
    // Three jobs per place the service has: between two polls (500 ms) several jobs can finish, and the service
    // must find the next ones queued (one job ahead left it idle: 20.4 s for a 1k rollback, against 17.7 s).
    const ahead = () => 3 * (client.concurrency ?? 1);
    let n = 0;
    for (;;) {
      while (pending.size < ahead() && jobsAhead()) {
        const t = queue.find(jobSized)!;
        options.signal?.throwIfAborted();
        // Near the end, jobs shrink, so the client's share and the last jobs end together.
        const size = Math.min(options.jobSize, t.back - t.front, Math.max(options.jobThreshold, Math.ceil(left() / (2 * ahead()))));
        const from = t.front;
        const ids = t.ids.slice(from, from + size);
        t.front += ids.length;
        t.outstanding += ids.length;
        const { logicalName, primaryId } = tableAddress(t.table);
        let id: string;
        try {
          id = (await bulkDeleteOnce(client, {
            name: `${options.name} ${logicalName} ${++n}`,
            table: logicalName,
            conditions: [{ attribute: primaryId, operator: "in", values: ids }, ...options.conditions(t.table)],
            recoverable: options.recoverable,
          }, { signal: options.signal })).toLowerCase();
        } catch (error) {
          // The org refuses the job (a signed-in identity without prvBulkDelete or Delete on the table, say):
          // its records go back to the queue and the client deletes them; no further job is tried.
          if (!refused(error)) throw error;
          t.front -= ids.length;
          t.outstanding -= ids.length;
          jobsRefused = true;
          continue;
        }
        const job = { id, table: t, from, to: from + ids.length };
        pending.set(id, job);
        jobs.push(job);
      }
      if (pending.size === 0) return;
      await betweenPolls(waitingLanes > 0 ? options.pollIntervalMs / 5 : options.pollIntervalMs);
      const filter = [...pending.keys()].map((id) => `asyncoperationid eq ${id}`).join(" or ");
      const completed: Job[] = [];
      for (const row of await client.retrieveAll("asyncoperations", { select: ["asyncoperationid", "statecode", "statuscode"], filter }, { signal: options.signal })) {
        const job = pending.get(String(row.asyncoperationid).toLowerCase());
        if (!job || Number(row.statecode) !== ASYNC_COMPLETED) continue;
        pending.delete(job.id);
        outcome.set(job.id, Number(row.statuscode));
        completed.push(job);
      }
      if (completed.length === 0) continue;
      await readCounts(client, completed, counts, options.signal);
      for (const job of completed) {
        if (!jobComplete(job, outcome, counts)) job.table.unclean = true;
        settle(job.table, jobSize(job));
      }
    }
  };

  let lanes = 1;
  /**
   * One client `$batch` of at most `most` records, from the open table with the most left, taken from its back
   * (the jobs meet the client in its middle); false when no table is open to the client.
   */
  const deleteOnce = async (most: number): Promise<boolean> => {
    const open = queue.map((t, i) => ({ t, i })).filter(({ t, i }) => t.back > t.front && openToClient(t, i));
    if (open.length === 0) return false;
    const { t } = open.reduce((a, b) => (b.t.back - b.t.front > a.t.back - a.t.front ? b : a));
    const { entitySet } = tableAddress(t.table);
    const part = t.ids.slice(Math.max(t.front, t.back - most), t.back).map((id): RecordWork => ({ table: t.table, id, operations: [{ method: "DELETE", url: recordPath(entitySet, id) }] }));
    t.back -= part.length;
    t.outstanding += part.length;
    const result = await writeInChangeSets(client, part, {
      size: options.batchSize,
      // A record already gone (404: a job's cascade, or an earlier attempt) is as deleted as one deleted now.
      done: ([p]) => p.status < 300 || p.status === 404,
      recordBatchFailures: false,
      signal: options.signal,
      onSettled: () => undefined,
      parallel: 1,
    });
    done += result.done;
    failures.push(...result.failures);
    if (result.failures.length > 0) t.unclean = true;
    settle(t, part.length);
    return true;
  };

  /** Until records settle, or a poll interval at most. */
  const settledOrPoll = async () => {
    const timeout = wait(options.pollIntervalMs, options.signal);
    // Woken first, the timeout still runs: an abort after that must not count as unhandled.
    timeout.catch(() => undefined);
    await Promise.race([settled.next(), timeout]);
  };

  // The client's deletes, one `$batch` at a time per lane: as many lanes as the client sends requests at
  // once, less one while jobs run, so a job's submission and polls never wait behind a round of deletes.
  const clientLane = async () => {
    for (;;) {
      options.signal?.throwIfAborted();
      if (stopped) return;
      // What is open is shared by every lane: the last tables, which open one after another, go out in as many
      // requests at once as there are lanes, not one full batch after another. Not below a quarter batch: a
      // few records a request would only add round trips.
      const openLeft = queue.reduce((n, t, i) => n + (openToClient(t, i) ? t.back - t.front : 0), 0);
      const size = Math.min(options.batchSize, Math.max(Math.ceil(options.batchSize / 4), Math.ceil(openLeft / lanes)));
      if (leaveToJobs()) {
        // Nothing taken: the jobs may take it all. The job channel's polls tell how the window slides.
        await settledOrPoll();
        continue;
      }
      if (await deleteOnce(size)) continue;
      if (left() === 0) return;
      // What is left waits for the tables before it: check again once jobs have moved on.
      if (waitingLanes++ === 0) laneWaits.fire();
      try {
        await settledOrPoll();
      } finally {
        waitingLanes--;
      }
    }
  };
  const clientChannel = async () => {
    // Only what the jobs leave: tables too small for a job, once they are open.
    if (!options.clientChannel) while (!stopped && jobsAhead()) await wait(options.pollIntervalMs, options.signal);
    lanes = Math.max(1, (client.concurrency ?? 1) - (jobsAhead() ? 1 : 0));
    await Promise.all(Array.from({ length: lanes }, clientLane));
  };

  // Both settle before a failure is thrown, so neither channel is left running unseen.
  const stopOnFailure = (channel: Promise<void>) => channel.catch((error: unknown) => {
    stopped = true;
    throw error;
  });
  const channels = await Promise.allSettled([stopOnFailure(jobChannel()), stopOnFailure(clientChannel())]);
  const failed = channels.find((c): c is PromiseRejectedResult => c.status === "rejected");
  if (failed) throw failed.reason;
  const fromJobs = await jobFailures(client, jobs, outcome, counts, options.signal);
  return { done: done + fromJobs.done, failures: [...failures, ...fromJobs.failures] };
}

/** Jobs per query that names them (`or`-ed ids: about 45 characters each, well within a URL's length). */
const JOBS_PER_QUERY = 100;

/**
 * What the jobs did not delete: a job does not roll back when a record fails (BulkDeleteFailure rows say
 * why). A job that succeeded and counts as many records deleted as it was given (its bulkdeleteoperation's
 * `successcount`) left none; the records of any other job are read back, and each still there, listed as a
 * failure or not, is a failure, so a later rollback picks it up again. (Records a cascade removed before their
 * own job ran make a job count fewer: reading them back finds them gone.)
 */
async function jobFailures(client: DataverseClientApi, jobs: Job[], outcome: Map<string, number>, counts: Map<string, JobCounts>, signal?: AbortSignal): Promise<{ done: number; failures: RollbackFailure[] }> {
  const complete = (job: Job) => jobComplete(job, outcome, counts);
  const short = jobs.filter((job) => !complete(job));
  let done = jobs.filter(complete).reduce((n, job) => n + jobSize(job), 0);
  const failures: RollbackFailure[] = [];
  if (short.length === 0) return { done, failures };

  const reasons = new Map<string, { code: string; message: string }>();
  await eachJobQuery(short, async (filter) => {
    for (const row of await client.retrieveAll("bulkdeletefailures", { select: ["_regardingobjectid_value", "errordescription", "errornumber"], filter }, { signal })) {
      const code = typeof row.errornumber === "number" ? `0x${(row.errornumber >>> 0).toString(16)}` : "bulk-delete-failure";
      reasons.set(String(row._regardingobjectid_value).toLowerCase(), { code, message: String(row.errordescription ?? "The BulkDelete job could not delete this record.") });
    }
  });
  const byTable = new Map<string, Job[]>();
  for (const job of short) (byTable.get(job.table.table) ?? byTable.set(job.table.table, []).get(job.table.table)!).push(job);
  await Promise.all([...byTable].map(async ([table, tableJobs]) => {
    const { entitySet, primaryId, logicalName } = tableAddress(table);
    const notDone = tableJobs.some((job) => outcome.get(job.id) !== ASYNC_SUCCEEDED);
    const ids = tableJobs.flatMap((job) => job.table.ids.slice(job.from, job.to));
    const still = await readIn(client, entitySet, primaryId, ids, [primaryId], signal);
    done += ids.length - still.length;
    for (const row of still) {
      const id = String(row[primaryId]);
      failures.push({
        table: logicalName, id, ...(reasons.get(id.toLowerCase()) ?? {
          code: "not-deleted",
          message: notDone ? "The BulkDelete job did not complete; this record is still there." : "The BulkDelete job left this record (edited after the rollback read it, or no longer the run's).",
        }),
      });
    }
  }));
  return { done, failures };
}

/** What a job's bulkdeleteoperation counts. */
interface JobCounts {
  success: number;
  failure: number;
}

/** Reads the counts of finished `jobs` into `counts`. */
async function readCounts(client: DataverseClientApi, jobs: Job[], counts: Map<string, JobCounts>, signal?: AbortSignal): Promise<void> {
  await eachJobQuery(jobs, async (filter) => {
    for (const row of await client.retrieveAll("bulkdeleteoperations", { select: ["_asyncoperationid_value", "successcount", "failurecount"], filter }, { signal })) {
      counts.set(String(row._asyncoperationid_value).toLowerCase(), { success: Number(row.successcount ?? 0), failure: Number(row.failurecount ?? 0) });
    }
  });
}

/** The job succeeded and counts every record it was given as deleted: none of them is left. */
function jobComplete(job: Job, outcome: Map<string, number>, counts: Map<string, JobCounts>): boolean {
  const count = counts.get(job.id);
  return outcome.get(job.id) === ASYNC_SUCCEEDED && count?.failure === 0 && count.success === jobSize(job);
}

/** Runs `query` with a filter on the jobs' ids, a bounded number of jobs at a time. */
async function eachJobQuery(jobs: Job[], query: (filter: string) => Promise<void>): Promise<void> {
  for (let i = 0; i < jobs.length; i += JOBS_PER_QUERY) {
    await query(jobs.slice(i, i + JOBS_PER_QUERY).map((job) => `_asyncoperationid_value eq ${job.id}`).join(" or "));
  }
}

/** The org refused the request itself (privileges, a message it does not take): not worth retrying as a job. */
function refused(error: unknown): boolean {
  const status = (error as { status?: number }).status;
  return status !== undefined && status >= 400 && status < 500 && status !== 408 && !isRetriableStatus(status);
}

/** Wakes whoever waits for the next change. */
class Wakeup {
  private waiters: (() => void)[] = [];

  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  fire(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
