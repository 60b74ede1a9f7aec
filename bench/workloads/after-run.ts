import type { DataverseClientApi } from "../../dataverse/types";
import { reconcile, verifyRun } from "../../migration/reconcile";
import { rollback } from "../../migration/rollback";
import { readExports } from "../../migration/source";
import { nodeFiles } from "../../scripts/dxm/node-files";

export interface ReconcileResult {
  ok: boolean;
  tables: number;
  sampledRecords: number;
  mismatches: number;
}

/** `reconcile` of a finished run: counts, ledger against target, money, sampled field diff. */
export async function runReconcile(dir: string, client: DataverseClientApi, runId: string): Promise<ReconcileResult> {
  const exports = await readExports(await nodeFiles(dir));
  const report = await reconcile(runId, exports, client);
  return { ok: report.ok, tables: report.tables.length, sampledRecords: report.sample.records, mismatches: report.sample.mismatches.length };
}

export interface VerifyResult {
  ok: boolean;
  /** Records read back and compared, and their fields. */
  records: number;
  fields: number;
  differences: number;
  missing: number;
  extra: number;
}

/** Full verification of a finished run (`dxm reconcile --full`): every record read back, every field compared. Counts only. */
export async function runVerify(dir: string, client: DataverseClientApi, runId: string): Promise<VerifyResult> {
  const exports = await readExports(await nodeFiles(dir));
  const report = await verifyRun(runId, exports, client, { listLimit: 0 });
  const sum = (k: "fields" | "differences" | "missing" | "extra") => report.tables.reduce((n, t) => n + t[k], 0);
  return { ok: report.ok, records: report.records, fields: sum("fields"), differences: sum("differences"), missing: sum("missing"), extra: sum("extra") };
}

export interface RollbackSummary {
  complete: boolean;
  deleted: number;
  restored: number;
  kept: number;
  failures: number;
  remaining: number;
}

/**
 * `rollback` of a run, forced off (nothing was edited after the run in a benchmark); `bulkDeleteThreshold` 0
 * deletes every table client-side (`$batch`), the default uses BulkDelete jobs for big tables.
 */
export async function runRollback(client: DataverseClientApi, runId: string, bulkDeleteThreshold?: number): Promise<RollbackSummary> {
  const r = await rollback(runId, client, bulkDeleteThreshold === undefined ? {} : { bulkDeleteThreshold });
  return { complete: r.complete, deleted: r.deleted, restored: r.restored, kept: r.kept.length, failures: r.failures.length, remaining: r.remaining.length };
}
