import * as React from "react";
import type { DataverseClientApi } from "../../../../dataverse/types";
import { PauseController } from "../../../../migration/load/pause";
import type { TableProgress } from "../../../../migration/load/types";
import type { MigrateInput, MigrationExports, RunIssue, RunResult } from "../../../../migration/run/types";
import type { StudioEngine } from "../../services/engine";

export type RunPhase = "idle" | "reading" | "running" | "paused" | "done" | "cancelled" | "failed";

export interface MigrationRunState {
  phase: RunPhase;
  /** The run row written to; known once the engine has created or reopened it. */
  runId?: string;
  tables: TableProgress[];
  issues: RunIssue[];
  result?: RunResult;
  error?: string;
}

/** Most issues kept in the browser for the screen and the error CSV; beyond it the count still grows. */
const MAX_ISSUES = 50_000;

/**
 * Runs `migrate` from a screen: progress per table as it comes, pause between chunks, cancel through an
 * AbortSignal (the engine stops after the chunk in flight, whose ledger row is written).
 */
export function useMigrationRun(engine: StudioEngine, client: DataverseClientApi): {
  state: MigrationRunState;
  issueCount: number;
  start(exports: () => Promise<MigrationExports>, input: Omit<MigrateInput, "exports">): Promise<RunResult | undefined>;
  pause(): void;
  resume(): void;
  cancel(): void;
  reset(): void;
} {
  const [state, setState] = React.useState<MigrationRunState>({ phase: "idle", tables: [], issues: [] });
  const [issueCount, setIssueCount] = React.useState(0);
  const control = React.useRef<{ abort: AbortController; pause: PauseController } | null>(null);
  const mounted = React.useRef(true);
  React.useEffect(() => () => {
    mounted.current = false;
  }, []);
  const update = (change: (s: MigrationRunState) => MigrationRunState) => mounted.current && setState(change);

  const start = async (openExports: () => Promise<MigrationExports>, input: Omit<MigrateInput, "exports">): Promise<RunResult | undefined> => {
    const abort = new AbortController();
    const pause = new PauseController();
    control.current = { abort, pause };
    const issues: RunIssue[] = [];
    setIssueCount(0);
    update(() => ({ phase: "reading", tables: [], issues: [], runId: input.runId }));
    try {
      const exports = await openExports();
      update((s) => ({ ...s, phase: "running" }));
      const result = await engine.migrate(client, { ...input, exports }, {
        signal: abort.signal,
        pause,
        onRunStarted: (runId) => update((s) => ({ ...s, runId })),
        onProgress: (progress) =>
          update((s) => {
            const tables = s.tables.filter((t) => !(t.table === progress.table && t.object === progress.object));
            const at = s.tables.findIndex((t) => t.table === progress.table && t.object === progress.object);
            tables.splice(at < 0 ? tables.length : at, 0, progress);
            return { ...s, tables };
          }),
        onIssue: (issue) => {
          if (issues.length < MAX_ISSUES) issues.push(issue);
          if (mounted.current) setIssueCount((n) => n + 1);
        },
      });
      update((s) => ({ ...s, phase: result.status === "Cancelled" ? "cancelled" : "done", result, runId: result.runId, issues: result.issues.length >= issues.length ? result.issues : issues }));
      return result;
    } catch (error) {
      const cancelled = abort.signal.aborted;
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
      control.current?.pause.pause();
      update((s) => ({ ...s, phase: "paused" }));
    },
    resume: () => {
      control.current?.pause.resume();
      update((s) => ({ ...s, phase: "running" }));
    },
    cancel: () => {
      control.current?.pause.resume();
      control.current?.abort.abort();
    },
    reset: () => {
      setIssueCount(0);
      update(() => ({ phase: "idle", tables: [], issues: [] }));
    },
  };
}
