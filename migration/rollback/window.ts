import type { DataverseClientApi } from "../../dataverse/types";
import { childRunRecords, readRunRecord, type RunRecord } from "../ledger";

/** Statuses from which a rollback may start (the command bar's enable rule uses the same list). */
export const ROLLBACK_ALLOWED: readonly string[] = ["Completed", "Completed with errors", "Failed", "Cancelled", "Paused", "Rolling back", "Rollback incomplete"];

/** The run a rollback or a finish acts on (its plain columns: migration/ledger reads and writes the row). */
export async function readRun(client: DataverseClientApi, runId: string, signal?: AbortSignal): Promise<RunRecord> {
  const run = await readRunRecord(client, runId, { summary: true, signal });
  if (!run) throw new Error(`Migration run ${runId} was not found.`);
  return run;
}

/** Delta runs built on this run, newest first. */
export async function childRuns(client: DataverseClientApi, runId: string, signal?: AbortSignal): Promise<RunRecord[]> {
  return childRunRecords(client, runId, { summary: true, signal });
}

/**
 * When the run's records were last written by the migration itself: its finish, or later, when delta runs
 * built on it wrote to them and their rollbacks wrote them back.
 */
export async function lastWriteOfRunOrChildren(client: DataverseClientApi, run: RunRecord, signal?: AbortSignal): Promise<string | undefined> {
  const times = [run.finishedOn];
  for (const child of await childRunRecords(client, run.id, { signal })) {
    times.push(child.finishedOn);
    times.push((child.report as { rollback?: { finishedOn?: string } } | undefined)?.rollback?.finishedOn);
  }
  const latest = Math.max(...times.map((t) => Date.parse(t ?? "")).filter((t) => !Number.isNaN(t)));
  return Number.isFinite(latest) ? new Date(latest).toISOString() : run.finishedOn;
}
