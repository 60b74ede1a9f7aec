import type { DataverseClientApi } from "../../dataverse/types";
import { RUN_ENTITY_SET, readRunRecord, runStatusLabel, updateRunRecord, type RunStatus } from "../ledger";

/** The parts of a dxm_migrationrun row a rollback needs (migration/ledger reads and writes the row). */
export interface RunRecord {
  id: string;
  status: string;
  startedOn?: string;
  finishedOn?: string;
  /** The user who ran the migration: edits by anyone else after the run are someone else's work. */
  migratingUserId?: string;
  parentRunId?: string;
}

/** Statuses from which a rollback may start (the command bar's enable rule uses the same list). */
export const ROLLBACK_ALLOWED: readonly string[] = ["Completed", "Completed with errors", "Failed", "Cancelled", "Paused", "Rolling back", "Rollback incomplete"];

const SELECT = ["dxm_migrationrunid", "dxm_status", "dxm_startedon", "dxm_finishedon", "_createdby_value", "_dxm_parentrunid_value"];

function toRun(id: string, row: Record<string, unknown>): RunRecord {
  return {
    id,
    status: runStatusLabel(row.dxm_status) ?? String(row.dxm_status ?? ""),
    startedOn: (row.dxm_startedon as string | null) ?? undefined,
    finishedOn: (row.dxm_finishedon as string | null) ?? undefined,
    migratingUserId: (row._createdby_value as string | null) ?? undefined,
    parentRunId: (row._dxm_parentrunid_value as string | null) ?? undefined,
  };
}

export async function readRun(client: DataverseClientApi, runId: string, signal?: AbortSignal): Promise<RunRecord> {
  const row = await client.retrieve(RUN_ENTITY_SET, runId, { select: SELECT, signal });
  if (!row) throw new Error(`Migration run ${runId} was not found.`);
  return toRun(runId, row);
}

/** Delta runs built on this run, newest first. */
export async function childRuns(client: DataverseClientApi, runId: string, signal?: AbortSignal): Promise<RunRecord[]> {
  const rows = await client.retrieveAll(RUN_ENTITY_SET, { select: SELECT, filter: `_dxm_parentrunid_value eq ${runId}`, orderby: "createdon desc" }, { signal });
  return rows.map((row) => toRun(String(row.dxm_migrationrunid), row));
}

export async function setRunStatus(client: DataverseClientApi, runId: string, status: RunStatus, report?: unknown): Promise<void> {
  await updateRunRecord(client, runId, { status, report });
}

/**
 * When the run's records were last written by the migration itself: its finish, or later, when delta runs
 * built on it wrote to them and their rollbacks wrote them back.
 */
export async function lastWriteOfRunOrChildren(client: DataverseClientApi, run: RunRecord, signal?: AbortSignal): Promise<string | undefined> {
  const times = [run.finishedOn];
  for (const child of await childRuns(client, run.id, signal)) {
    times.push(child.finishedOn);
    const report = (await readRunRecord(client, child.id))?.report as { rollback?: { finishedOn?: string } } | undefined;
    times.push(report?.rollback?.finishedOn);
  }
  const latest = Math.max(...times.map((t) => Date.parse(t ?? "")).filter((t) => !Number.isNaN(t)));
  return Number.isFinite(latest) ? new Date(latest).toISOString() : run.finishedOn;
}
