/**
 * The `dxm_migrationrun` row: mode, status, confirmed map, inventory, control totals, counters, report.
 * Status and mode are stored as the option values of solution/model (runStatusOptions, runModeOptions).
 */
import type { BatchOperation, DataverseClientApi, Entity } from "../../dataverse/types";
import { recordPath } from "../../dataverse/odata/keys";
import { createOnce } from "../../dataverse/operations/create-once";
import { runModeOptions, runStatusOptions } from "../../solution/model";
import type { ConfirmedMap } from "../mapping/types";
import type { RunMode } from "../plan/types";
import { RUN_ENTITY_SET, runBind } from "./codec";
import type { RunCounters } from "./types";

export type RunStatus =
  | "Draft" | "Map confirmed" | "Running" | "Paused" | "Completed" | "Completed with errors" | "Failed" | "Cancelled"
  | "Rolling back" | "Rolled back" | "Rollback incomplete"
  /** The admin finished the run: it can no longer be rolled back, and its before-images are purged. */
  | "Finished";

export const runStatusValue = (status: RunStatus): number => {
  const option = runStatusOptions.find((o) => o.label === status);
  if (!option) throw new Error(`Unknown run status "${status}"`);
  return option.value;
};

export const runStatusLabel = (value: unknown): RunStatus | undefined =>
  runStatusOptions.find((o) => o.value === value)?.label as RunStatus | undefined;

const modeLabels: Record<RunMode, string> = { sample: "Sample", full: "Full", delta: "Delta" };
export const runModeValue = (mode: RunMode): number => runModeOptions.find((o) => o.label === modeLabels[mode])!.value;
export const runModeOf = (value: unknown): RunMode =>
  ((Object.keys(modeLabels) as RunMode[]).find((m) => runModeValue(m) === value) ?? "full");

export interface RunRecord {
  id: string;
  name: string;
  mode: RunMode;
  status: RunStatus | undefined;
  parentRunId?: string;
  timeZone?: string;
  map?: ConfirmedMap;
  counters: RunCounters;
  report?: unknown;
  startedOn?: string;
  finishedOn?: string;
  /** The user who created the run row, the one who ran the migration: a rollback treats writes by anyone
   * else after the run as someone else's work. */
  migratingUserId?: string;
}

export interface NewRun {
  /** The run's id, when it was chosen before the row exists (the pre-flight planned the run under it). */
  id?: string;
  name: string;
  mode: RunMode;
  parentRunId?: string;
  map: ConfirmedMap;
  inventory?: unknown;
  controlTotals?: unknown;
  /** What the run was started with, kept on the row from the start so a resume needs only the run id. */
  options?: RunOptions;
}

/** The options a run was started with (an email of a Dynamics user, never patient data). */
export interface RunOptions {
  sampleSize?: number;
  skipErroredRows: boolean;
  fallbackOwnerEmail?: string;
  /** The run's writes skipped the org's custom plug-ins and flows (MSCRM.BypassBusinessLogicExecution). */
  bypassCustomLogic?: boolean;
}

/** The options stored in a run row's report, if it holds them. */
export function runOptionsOf(report: unknown): RunOptions | undefined {
  const options = (report as { options?: RunOptions } | undefined)?.options;
  return options && typeof options === "object" ? options : undefined;
}

export async function createRunRecord(client: DataverseClientApi, run: NewRun): Promise<string> {
  const body: Entity = {
    dxm_name: run.name,
    dxm_mode: runModeValue(run.mode),
    dxm_status: runStatusValue("Map confirmed"),
    dxm_timezone: run.map.timeZone,
    dxm_confirmedmap: JSON.stringify(run.map),
    dxm_inventory: run.inventory === undefined ? null : JSON.stringify(run.inventory),
    dxm_controltotals: run.controlTotals === undefined ? null : JSON.stringify(run.controlTotals),
    dxm_report: run.options === undefined ? null : JSON.stringify({ options: run.options }),
  };
  if (run.parentRunId) body["dxm_parentrunid@odata.bind"] = runBind(run.parentRunId);
  if (run.id) body.dxm_migrationrunid = run.id;
  return createOnce(client, RUN_ENTITY_SET, "dxm_migrationrunid", body);
}

export interface RunUpdate {
  status?: RunStatus;
  counters?: RunCounters;
  report?: unknown;
  startedOn?: Date;
  finishedOn?: Date;
}

export async function updateRunRecord(client: DataverseClientApi, runId: string, update: RunUpdate): Promise<void> {
  await client.update(RUN_ENTITY_SET, runId, runUpdateBody(update));
}

/** The same update as a `$batch` operation (update only: `If-Match: *`, as `client.update` sends it). */
export function runUpdateOperation(runId: string, update: RunUpdate): BatchOperation {
  return { method: "PATCH", url: recordPath(RUN_ENTITY_SET, runId), body: runUpdateBody(update), headers: { "If-Match": "*" } };
}

/** The run row's columns for an update. */
export function runUpdateBody(update: RunUpdate): Entity {
  const body: Entity = {};
  if (update.status) body.dxm_status = runStatusValue(update.status);
  if (update.counters) {
    const all = Object.values(update.counters);
    const sum = (k: "total" | "created" | "updated" | "failed") => all.reduce((n, c) => n + c[k], 0);
    body.dxm_counters = JSON.stringify(update.counters);
    body.dxm_totalrecords = sum("total");
    body.dxm_createdcount = sum("created");
    body.dxm_updatedcount = sum("updated");
    body.dxm_failedcount = sum("failed");
  }
  if (update.report !== undefined) body.dxm_report = JSON.stringify(update.report);
  if (update.startedOn) body.dxm_startedon = update.startedOn.toISOString();
  if (update.finishedOn) body.dxm_finishedon = update.finishedOn.toISOString();
  return body;
}

/**
 * Sets the run's status and adds a section to its report (a rollback's, a finish's), keeping what the report
 * already holds: the run's own outcome (failures, merges, oversized attachments) is never overwritten.
 */
export async function addToRunReport(client: DataverseClientApi, runId: string, status: RunStatus, section: Record<string, unknown>): Promise<void> {
  const current = (await readRunRecord(client, runId))?.report;
  const report = current && typeof current === "object" && !Array.isArray(current) ? (current as Record<string, unknown>) : {};
  await updateRunRecord(client, runId, { status, report: { ...report, ...section } });
}

/** The run row's plain columns; the three JSON documents (map, counters, report) are read only when wanted. */
const RUN_SUMMARY = ["dxm_migrationrunid", "dxm_name", "dxm_mode", "dxm_status", "_dxm_parentrunid_value", "dxm_timezone", "dxm_startedon", "dxm_finishedon", "_createdby_value"];
const RUN_DOCUMENTS = ["dxm_confirmedmap", "dxm_counters", "dxm_report"];

export interface ReadRunOptions {
  /** Only the plain columns: no map, counters or report (a rollback's or a list's view of a run). */
  summary?: boolean;
  signal?: AbortSignal;
}

function toRunRecord(id: string, row: Entity): RunRecord {
  const parse = (v: unknown) => (typeof v === "string" && v !== "" ? JSON.parse(v) : undefined);
  return {
    id,
    name: String(row.dxm_name ?? ""),
    mode: runModeOf(row.dxm_mode),
    status: runStatusLabel(row.dxm_status),
    parentRunId: (row._dxm_parentrunid_value as string | null) ?? undefined,
    timeZone: (row.dxm_timezone as string | null) ?? undefined,
    map: parse(row.dxm_confirmedmap) as ConfirmedMap | undefined,
    counters: (parse(row.dxm_counters) as RunCounters | undefined) ?? {},
    report: parse(row.dxm_report),
    startedOn: (row.dxm_startedon as string | null) ?? undefined,
    finishedOn: (row.dxm_finishedon as string | null) ?? undefined,
    migratingUserId: (row._createdby_value as string | null) ?? undefined,
  };
}

const runColumns = (options: ReadRunOptions): string[] => (options.summary ? RUN_SUMMARY : [...RUN_SUMMARY, ...RUN_DOCUMENTS]);

export async function readRunRecord(client: DataverseClientApi, runId: string, options: ReadRunOptions = {}): Promise<RunRecord | null> {
  const row = await client.retrieve(RUN_ENTITY_SET, runId, { select: runColumns(options), signal: options.signal });
  return row ? toRunRecord(runId, row) : null;
}

/** The delta runs built on a run, newest first. */
export async function childRunRecords(client: DataverseClientApi, runId: string, options: ReadRunOptions = {}): Promise<RunRecord[]> {
  const rows = await client.retrieveAll(RUN_ENTITY_SET, { select: runColumns(options), filter: `_dxm_parentrunid_value eq ${runId}`, orderby: "createdon desc" }, { signal: options.signal });
  return rows.map((row) => toRunRecord(String(row.dxm_migrationrunid), row));
}
