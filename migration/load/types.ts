import type { BulkMessage, DataverseErrorInfo, EntityMetadata } from "../../dataverse/types";
import type { ObjectKind } from "../model/types";
import type { SourceFile } from "../source/types";
import type { LedgerEntry } from "../ledger/index-of-runs";
import type { RunBacklog } from "./backlog";
import type { AdaptiveChunkSize } from "./chunk-size";
import type { ChunkSlots } from "./slots";

/** Where attachment bytes come from: the export set (`ExportSet.file(name)`); browser- and Node-safe. */
export interface AttachmentSource {
  file(name: string): SourceFile | undefined;
}

/** Progress of one table (stage), for bars and the Migration Studio screen. */
export interface TableProgress {
  object: ObjectKind;
  table: string;
  total: number;
  /** Rows handled: written, skipped as already done, or failed. */
  done: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  rowsPerSecond: number;
  /** Seconds left at the current rate; undefined until a rate is known. */
  etaSeconds?: number;
  /** The service asked us to slow down (429 / service protection) during the last chunk. */
  throttled: boolean;
  chunkSize: number;
  state: "running" | "paused" | "done" | "cancelled";
}

/** A record that could not be written, isolated down to the row. Ids and source keys only. */
export interface LoadFailure {
  table: string;
  file: string;
  line: number;
  sourceKey: string;
  /** Dataverse's own error (status, hex code, message). */
  error: DataverseErrorInfo;
  /** What was being done: writing the record, closing an activity, uploading its attachment. */
  step: "write" | "final-state" | "attachment";
}

/** Pause / resume between chunks. The engine checks it after every chunk. */
export interface PauseControl {
  readonly paused: boolean;
  /** Resolves when not paused (or when the signal aborts). */
  waitUntilResumed(signal?: AbortSignal): Promise<void>;
}

export interface LoadCallbacks {
  onProgress?(progress: TableProgress): void;
  onFailure?(failure: LoadFailure): void;
  /** Called once per written record, for the audit log. */
  onWritten?(event: WrittenEvent): void;
  /** The run paused (true) or resumed (false) between chunks. */
  onPauseChange?(paused: boolean): void | Promise<void>;
  signal?: AbortSignal;
  pause?: PauseControl;
}

export interface WrittenEvent {
  table: string;
  id: string;
  sourceKey: string;
  action: "create" | "update" | "skip";
}

export interface LoadContext {
  runId: string;
  /** The org's id (WhoAmI): with a source key, it names the records of unkeyed tables (record-ids.ts). */
  organizationId: string;
  /** Metadata of the target tables, read at run time (lookup columns, updatable columns, primary ids). */
  metadata: Map<string, EntityMetadata>;
  /** This run's ledger (resume) and its lineage (parent runs): source key → record and hash written. */
  runLedger: Map<string, LedgerEntry>;
  /** A delta run's parents: a record whose hash is the one its parent wrote is unchanged and not looked at. */
  lineage: Map<string, LedgerEntry>;
  /**
   * Records other runs' ledgers name on unkeyed tables (notes): their ids, to look them up by. Never taken
   * as unchanged unseen: the record may be gone since (deleted in the org, or by a rollback that left the
   * ledger row because it kept another record of it), and then it is written again.
   */
  ledgered?: Map<string, LedgerEntry>;
  /** Tables that already hold records with a source key from another run (must look records up before writing). */
  tablesWithForeignRecords: Set<string>;
  /** Resuming: records stamped with this run may exist without a ledger entry (crash window). */
  resuming: boolean;
  attachments?: AttachmentSource;
  /** Largest attachment the org accepts (organization.maxuploadfilesize); larger ones are refused by the plan. */
  maxUploadFileSize?: number;
  chunk?: ChunkSizeOptions;
  /**
   * The run's chunk sizer, shared by its stages: the service's health is a property of the run, so a stage
   * starts at the size the previous one reached instead of relearning it. A stage makes its own when absent.
   */
  sizer?: AdaptiveChunkSize;
  /** Chunks of a stage written at once; default: the client's concurrency (which follows x-ms-dop-hint). */
  parallelChunks?: number;
  /** Later stages wait for this one (they bind its records): its chunks are cut evenly, to land in as few rounds as they can. */
  awaited?: boolean;
  /**
   * Records of the longest chain of stages this one starts (its own and those waiting on it, transitively):
   * the run's places for chunks go first to the stage with the most behind it.
   */
  chain?: number;
  /** The run's records not yet gathered, shared by its stages: the run's last chunks are cut to even shares of it. */
  backlog?: RunBacklog;
  /**
   * Chunks of the whole run gathered or in flight at once, shared by the stages loading side by side (a
   * run's memory is bounded by it, not by its number of stages). Absent: each stage is bounded on its own.
   */
  slots?: ChunkSlots;
  /** Bulk-message support per table, when read up front with the org context. */
  bulkSupport?: Map<string, Partial<Record<BulkMessage, boolean>>>;
  /** What the org was found to support (run/org-support.ts); absent: everything the engine assumes. */
  orgSupport?: OrgSupport;
}

export interface ChunkSizeOptions {
  initial?: number;
  min?: number;
  max?: number;
  /** Records the run's opening request may carry across its first small stages (default: `max`, at most 1000; 0: none). */
  opening?: number;
}

/**
 * What the org was found to support, asked before the run's first record is written. Each answer picks a
 * path: `true` the fast one the engine was built around, `false` its fallback. Recorded on the run row
 * (report.orgSupport), so that what a run did can be told from the row, and a rollback follows the same answers.
 */
export interface OrgSupport {
  /** CreateMultiple / UpdateMultiple / UpsertMultiple inside a `$batch` change set (else: records one by one in the change set). */
  bulkInChangeSet: boolean;
  /** Activity parties deep-inserted in CreateMultiple / UpsertMultiple (else: those chunks as single creates in a change set). */
  partiesInBulk: boolean;
  /** Column creation inside a change set (else: each column on its own request). */
  metadataInChangeSet: boolean;
  /** A GET of 100 ids in one `In` filter (else: the engine's In filters already stay within IN_FILTER_BUDGET; recorded only). */
  inFilterOf100: boolean;
}
