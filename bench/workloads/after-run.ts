import type { DataverseClientApi } from "../../dataverse/types";
import { reconcile } from "../../migration/reconcile";
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

export interface RollbackSummary {
  complete: boolean;
  deleted: number;
  restored: number;
  kept: number;
  failures: number;
  remaining: number;
}

/** `rollback` of a run, forced off (nothing was edited after the run in a benchmark). */
export async function runRollback(client: DataverseClientApi, runId: string): Promise<RollbackSummary> {
  const r = await rollback(runId, client, {});
  return { complete: r.complete, deleted: r.deleted, restored: r.restored, kept: r.kept.length, failures: r.failures.length, remaining: r.remaining.length };
}
