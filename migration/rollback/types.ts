/** What a rollback reports: plain data for the CLI, the command bar and Migration Studio. Ids and source keys only. */

export type RollbackPhase = "reading" | "restoring" | "deleting" | "verifying" | "done";

export interface RollbackProgress {
  phase: RollbackPhase;
  table?: string;
  done: number;
  total: number;
}

export interface RollbackOptions {
  onProgress?: (progress: RollbackProgress) => void;
  signal?: AbortSignal;
  /** Delete or restore records edited by someone else after the run too. */
  force?: boolean;
  /** Roll back delta runs built on this run first (newest first); without it such a run is refused. */
  includeChildren?: boolean;
  /** Records per $batch request (at most 1000). */
  batchSize?: number;
  /**
   * While at least this many records are left to delete, BulkDelete jobs take a share of them beside the
   * client's `$batch` deletes (default 250: DEFAULT_BULK_DELETE_THRESHOLD). 0: the client deletes everything.
   */
  bulkDeleteThreshold?: number;
  /** Whether the client deletes records itself while BulkDelete jobs run (default true: both channels share the work). */
  clientDeletesBesideJobs?: boolean;
  /** Whether records a BulkDelete job deletes go to the recycle bin (default false: twice as fast; the ledger is the record of what was there). */
  recoverDeleted?: boolean;
  /** How often to poll BulkDelete jobs, ms (default 500). */
  pollIntervalMs?: number;
}

/** Per table: what a rollback will do (the confirmation lists it). */
export interface TablePreview {
  table: string;
  toDelete: number;
  toRestore: number;
}

export interface RollbackPreview {
  runId: string;
  status: string;
  tables: TablePreview[];
  /** Delta runs built on this run that are not rolled back yet. */
  childRuns: string[];
  /** Why the rollback would be refused, if it would. */
  refusal?: string;
}

/** A record the rollback left alone, and why. */
export interface KeptRecord {
  table: string;
  id: string;
  sourceKey?: string;
  /** modified-after-run: someone edited it; referenced-by-kept-record: deleting it would cascade to a kept record. */
  reason: "modified-after-run" | "not-in-ledger-and-older-than-run" | "referenced-by-kept-record";
}

export interface RollbackFailure {
  table: string;
  id: string;
  code: string;
  message: string;
}

export interface RollbackResult {
  runId: string;
  complete: boolean;
  deleted: number;
  restored: number;
  kept: KeptRecord[];
  failures: RollbackFailure[];
  /** What verification found still stamped with the run or not restored. */
  remaining: { table: string; id: string }[];
  /** Runs rolled back before this one (delta children), newest first. */
  childRuns: string[];
}
