import type { DataverseClientApi } from "../../dataverse/types";
import { readRunRecord, type RunRecord } from "../ledger/run-record";
import { planMigration } from "../plan";
import type { MigrationPlan } from "../plan/types";
import { hashesOf, readLineage } from "../run/lineage";
import { fetchOrgContext, tablesForMap, type FetchedOrg } from "../run/org-context";
import type { MigrationExports } from "../run/types";

/** A run as reconciliation sees it: its record, the org as it is now, and its plan made again from its confirmed map. */
export interface ReplannedRun {
  run: RunRecord & { map: NonNullable<RunRecord["map"]> };
  org: FetchedOrg;
  plan: MigrationPlan;
  /** `table|sourceKey` of the records the run reports it could not write. */
  failedKeys: Set<string>;
}

/**
 * Reads a run and plans it again from its confirmed map and options (sample size, the parent's hashes of a
 * delta run) over the same exports: the records the run was to write, with the payloads it wrote.
 */
export async function replanRun(runId: string, exportSet: MigrationExports, client: DataverseClientApi, signal?: AbortSignal): Promise<ReplannedRun> {
  const run = await readRunRecord(client, runId);
  if (!run) throw new Error(`Run ${runId} does not exist.`);
  if (!run.map) throw new Error(`Run ${runId} has no confirmed map.`);
  const map = run.map;
  const runOptions = ((run.report ?? {}) as { options?: { sampleSize?: number; fallbackOwnerEmail?: string } }).options ?? {};
  const lineage = await readLineage(client, run.parentRunId, signal);
  const org = await fetchOrgContext(client, {
    runId, tables: tablesForMap(map), fallbackOwnerEmail: runOptions.fallbackOwnerEmail,
    previousHashes: run.parentRunId ? hashesOf(lineage) : undefined, ledgerOf: ["annotation"],
  }, signal);
  const plan = await planMigration(exportSet, map, org.context, { mode: run.mode, sampleSize: runOptions.sampleSize, skipErroredRows: true });
  return { run: { ...run, map }, org, plan, failedKeys: new Set(runFailures(run.report).map((f) => `${f.table}|${f.sourceKey}`)) };
}

/** The records the run reports it could not write (its report's `failures`): table and source key. */
export function runFailures(report: unknown): { table: string; sourceKey: string }[] {
  const failures = (report as { failures?: unknown } | undefined)?.failures;
  return Array.isArray(failures) ? (failures as { table: string; sourceKey: string }[]) : [];
}
