import * as React from "react";
import type { DataverseClientApi } from "../../../../dataverse/types";
import type { TableProgress } from "../../../../migration/load/types";
import type { MigrateInput, PlannedTable, RunIssue, RunResult } from "../../../../migration/run/types";
import type { StudioEngine } from "../../services/engine";
import type { RunHandle } from "../../services/run-handle";
import type { PickedFile } from "../upload/collect-files";

export type RunPhase = "idle" | "reading" | "running" | "paused" | "done" | "cancelled" | "failed";

/** A table of the run as the screen shows it: its progress, or "waiting" while it is planned and not started. */
export type RunTable = Omit<TableProgress, "state"> & { state: TableProgress["state"] | "waiting" };

export interface MigrationRunState {
  phase: RunPhase;
  /** The run row written to; known once the engine has created or reopened it. */
  runId?: string;
  /** Every planned table in the order the run loads it, each with its latest progress. */
  tables: RunTable[];
  /** Records the plan will write in all (known once the plan is built). */
  plannedTotal?: number;
  /** When the admin started (or resumed) the run on this screen, ms since the epoch. */
  startedAt?: number;
  issues: RunIssue[];
  result?: RunResult;
  error?: string;
}

/** Most issues kept in the browser for the screen and the error CSV; beyond it the count still grows. */
const MAX_ISSUES = 50_000;

/**
 * Runs a migration from a screen, through the engine's run handle (in the run worker in Dynamics): progress
 * per table as it comes, pause between chunks, cancel (the engine stops after the chunk in flight, whose
 * ledger row is written).
 */
export function useMigrationRun(engine: StudioEngine, client: DataverseClientApi): {
  state: MigrationRunState;
  issueCount: number;
  start(files: PickedFile[], input: Omit<MigrateInput, "exports">): Promise<RunResult | undefined>;
  pause(): void;
  resume(): void;
  cancel(): void;
  reset(): void;
} {
  const [state, setState] = React.useState<MigrationRunState>({ phase: "idle", tables: [], issues: [] });
  const [issueCount, setIssueCount] = React.useState(0);
  const control = React.useRef<{ handle: RunHandle; cancelled: boolean } | null>(null);
  const mounted = React.useRef(true);
  React.useEffect(() => () => {
    mounted.current = false;
  }, []);
  const update = (change: (s: MigrationRunState) => MigrationRunState) => mounted.current && setState(change);

  const start = async (files: PickedFile[], input: Omit<MigrateInput, "exports">): Promise<RunResult | undefined> => {
    const issues: RunIssue[] = [];
    setIssueCount(0);
    update(() => ({ phase: "reading", tables: [], issues: [], runId: input.runId, startedAt: Date.now() }));
    const handle = engine.startRun(client, files, input, {
      onRunStarted: (runId) => update((s) => ({ ...s, runId, phase: s.phase === "reading" ? "running" : s.phase })),
      onPlanned: (planned) => update((s) => ({ ...s, tables: mergeProgress(waitingRows(planned), s.tables), plannedTotal: planned.reduce((n, t) => n + t.total, 0) })),
      onProgress: (progress) => update((s) => ({ ...s, phase: s.phase === "reading" ? "running" : s.phase, tables: mergeProgress(s.tables, progress) })),
      onIssues: (added, count) => {
        for (const issue of added) if (issues.length < MAX_ISSUES) issues.push(issue);
        if (mounted.current) setIssueCount(count);
      },
    });
    const current = { handle, cancelled: false };
    control.current = current;
    try {
      const result = await handle.result;
      update((s) => ({ ...s, phase: result.status === "Cancelled" ? "cancelled" : "done", result, runId: result.runId, issues: result.issues.length >= issues.length ? result.issues : issues }));
      return result;
    } catch (error) {
      const cancelled = current.cancelled;
      update((s) => ({ ...s, phase: cancelled ? "cancelled" : "failed", issues, error: cancelled ? undefined : error instanceof Error ? error.message : String(error) }));
      return undefined;
    } finally {
      control.current = null;
    }
  };

  return {
    state,
    issueCount,
    start,
    pause: () => {
      control.current?.handle.pause();
      update((s) => ({ ...s, phase: "paused" }));
    },
    resume: () => {
      control.current?.handle.resume();
      update((s) => ({ ...s, phase: "running" }));
    },
    cancel: () => {
      if (!control.current) return;
      control.current.cancelled = true;
      control.current.handle.cancel();
    },
    reset: () => {
      setIssueCount(0);
      update(() => ({ phase: "idle", tables: [], issues: [] }));
    },
  };
}

/** The planned tables, none started yet: one row per table, with the records of its stages together. */
export function waitingRows(planned: PlannedTable[]): RunTable[] {
  const rows: RunTable[] = [];
  for (const p of planned) {
    const row = rows.find((r) => r.table === p.table && r.object === p.object);
    if (row) row.total += p.total;
    else rows.push({ object: p.object, table: p.table, total: p.total, done: 0, created: 0, updated: 0, unchanged: 0, failed: 0, rowsPerSecond: 0, throttled: false, chunkSize: 0, state: "waiting" });
  }
  return rows;
}

/** The tables' progress with the latest of each replaced in place (new tables appended: the order they load). */
export function mergeProgress(tables: RunTable[], latest: RunTable[]): RunTable[] {
  const next = [...tables];
  for (const p of latest) {
    const at = next.findIndex((t) => t.table === p.table && t.object === p.object);
    if (at < 0) next.push(p);
    else next[at] = p;
  }
  return next;
}
