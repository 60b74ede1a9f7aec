import type { EntityMetadata } from "../../dataverse/types";
import type { ConfirmedMap } from "../mapping/types";
import type { RunCounters } from "../ledger/types";
import type { RunStatus } from "../ledger/run-record";
import type { ChunkSizeOptions, LoadFailure, PauseControl, TableProgress } from "../load/types";
import type { ExportRows, MigrationPlan, PlanReport, RunMode, ValidationIssue } from "../plan/types";
import type { AttachmentSource } from "../load/types";
import type { AuditEntry } from "./audit";

/** What `migrate` reads: an export set (rows, inventory, attachment files) — `readExports` gives one. */
export type MigrationExports = ExportRows & AttachmentSource;

export interface MigrateInput {
  exports: MigrationExports;
  map: ConfirmedMap;
  mode: RunMode;
  sampleSize?: number;
  /** Delta runs: the run they build on. */
  parentRunId?: string;
  /** Resume an existing run (after a crash, a cancel or a failure). */
  runId?: string;
  /** Owner of records whose provider has no enabled user. */
  fallbackOwnerEmail?: string;
  /** The admin's consent to leave errored rows out (all listed in the issues). */
  skipErroredRows?: boolean;
  /** Name of the run row; default "<Mode> migration <ISO time>". */
  name?: string;
  /** Chunk sizes; `opening: 0` sends every stage chunk by chunk (no opening request). */
  chunk?: ChunkSizeOptions;
  /**
   * Skip the org's custom plug-ins and flows: every write carries `MSCRM.BypassBusinessLogicExecution:
   * CustomSync,CustomAsync`. Refused before any write unless the user holds prvBypassCustomBusinessLogic.
   */
  bypassCustomLogic?: boolean;
  /**
   * A new full run: the pre-flight's plan (PreflightResult.runPlan) and the run id it was planned for. The run
   * is created under that id and loads that plan instead of planning again; the org is still read for the
   * load. Ignored by a resume and by other modes.
   */
  planned?: { runId: string; plan: MigrationPlan; metadata?: Record<string, EntityMetadata> };
}

/** A problem found before or during the run: planning/validation issues and rows Dataverse refused. */
export type RunIssue =
  | ({ kind: "validation" } & ValidationIssue)
  | ({ kind: "load" } & LoadFailure);

/** A table the run will write, with how many records, in the order the run loads them. */
export interface PlannedTable {
  object: TableProgress["object"];
  table: string;
  total: number;
}

export interface MigrateCallbacks {
  /** The plan is built and validated and the run is about to write: every table it will load, in order. */
  onPlanned?(tables: PlannedTable[]): void;
  onProgress?(progress: TableProgress): void;
  onIssue?(issue: RunIssue): void;
  /**
   * One line of the audit log, as it happens: every record created, updated or skipped (already written by
   * this run or, for delta runs, unchanged since the parent), then every row left out or refused. Entries
   * are handed over, not kept: the run's memory does not grow with its size. The ledger holds the creates
   * and updates for good (`auditFromLedger`).
   */
  onAudit?(entry: AuditEntry): void;
  /** The run row exists (its id is known): called before anything is written. */
  onRunStarted?(runId: string): void;
  signal?: AbortSignal;
  pause?: PauseControl;
}

export interface RunResult {
  runId: string;
  status: RunStatus;
  counters: RunCounters;
  issues: RunIssue[];
  report: PlanReport | undefined;
  /** Every valid row landed (no load failures) and the run was not cancelled. */
  complete: boolean;
  /** Custom columns created for confirmed custom fields. */
  columnsCreated: string[];
  /** Why nothing was written (status stays "Map confirmed"): errors without consent, providers without users and no fallback owner. */
  blockedBy?: string[];
}
