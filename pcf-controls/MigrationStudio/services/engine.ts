/**
 * The engine calls Migration Studio makes, in one place. Every member is the engine's own function; the
 * screens take this object so their tests can hand in one that records calls.
 */
import type { DataverseClientApi } from "../../../dataverse/types";
import { readExports } from "../../../migration/source";
import { planRollback, rollback } from "../../../migration/rollback";
import type { RollbackOptions, RollbackPreview, RollbackResult } from "../../../migration/rollback/types";
import type { MigrateCallbacks, MigrateInput, MigrationExports, RunResult } from "../../../migration/run/types";
import type { ConfirmedMap } from "../../../migration/mapping/types";
import type { ReconcileReport } from "../../../migration/reconcile/types";
import { readLedger } from "../../../migration/ledger/codec";
import { auditFromLedger, auditToCsv } from "../../../migration/run/audit";
import { migrate } from "../../../migration/run/migrate";
import { reconcile } from "../../../migration/reconcile/reconcile";
import { runPreflight, type PreflightResult } from "../../../migration/run/preflight";
import type { PickedFile } from "../components/upload/collect-files";
import { asSourceFile } from "../worker/inspect";
import { PauseController } from "../../../migration/load/pause";
import type { RunEvents, RunHandle } from "./run-handle";

export interface StudioEngine {
  /** The export set the run streams rows from (read again from the files the admin picked; nothing is kept). */
  openExports(files: PickedFile[]): Promise<MigrationExports>;
  migrate(client: DataverseClientApi, input: MigrateInput, callbacks: MigrateCallbacks): Promise<RunResult>;
  /**
   * Starts a run over the picked files. In Dynamics it runs in the run worker (services/run-in-worker.ts);
   * this default runs it on the page's thread, where `runsInWorker` is false and the Studio says so.
   */
  startRun(client: DataverseClientApi, files: PickedFile[], input: Omit<MigrateInput, "exports">, events: RunEvents): RunHandle;
  readonly runsInWorker: boolean;
  rollback(runId: string, client: DataverseClientApi, options?: RollbackOptions): Promise<RollbackResult>;
  planRollback(runId: string, client: DataverseClientApi): Promise<RollbackPreview>;
  preflight(client: DataverseClientApi, input: { exports: MigrationExports; map: ConfirmedMap; runId: string; fallbackOwnerEmail?: string }): Promise<PreflightResult>;
  /** Counts, money and, by default, full verification of every record and field (`sampled`: a sample only). */
  reconcile(client: DataverseClientApi, runId: string, exports: MigrationExports, options?: { sampled?: boolean }): Promise<ReconcileReport>;
  /** The run's audit log as CSV (formula-safe), from its ledger rows. */
  auditCsv(client: DataverseClientApi, runId: string): Promise<string>;
}

/** Differences of a full verification the Studio keeps in memory and shows. */
export const STUDIO_DIFFERENCES = 5000;

const openExports = (files: PickedFile[]) => readExports(files.map((f) => asSourceFile(f.blob, f.name)));

/** A run on the page's thread: the engine awaits the org between chunks, so the form repaints then. */
function startRunOnPage(client: DataverseClientApi, files: PickedFile[], input: Omit<MigrateInput, "exports">, events: RunEvents): RunHandle {
  const abort = new AbortController();
  const pause = new PauseController();
  let issueCount = 0;
  const result = openExports(files).then((exports) => migrate({ ...input, exports }, client, {
    signal: abort.signal,
    pause,
    onRunStarted: events.onRunStarted,
    onPlanned: events.onPlanned,
    onProgress: (p) => events.onProgress([p]),
    onIssue: (i) => events.onIssues([i], ++issueCount),
  }));
  return {
    result,
    pause: () => pause.pause(),
    resume: () => pause.resume(),
    cancel: () => {
      pause.resume();
      abort.abort();
    },
  };
}

export const studioEngine: StudioEngine = {
  openExports,
  migrate: (client, input, callbacks) => migrate(input, client, callbacks),
  startRun: startRunOnPage,
  runsInWorker: false,
  preflight: runPreflight,
  reconcile: (client, runId, exports, options) => reconcile(runId, exports, client, {
    fieldDiff: options?.sampled ? "sampled" : "full",
    // The page keeps this many differences (and offers them as CSV); `dxm reconcile --full` writes every one to a file.
    verify: { listLimit: STUDIO_DIFFERENCES },
  }),
  rollback,
  planRollback,
  auditCsv: async (client, runId) => auditToCsv(auditFromLedger(await readLedger(client, runId))),
};
