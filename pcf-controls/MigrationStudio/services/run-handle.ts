import type { TableProgress } from "../../../migration/load/types";
import type { PlannedTable, RunIssue, RunResult } from "../../../migration/run/types";

/** What a running migration tells the screen (already throttled when it runs in the worker). */
export interface RunEvents {
  onRunStarted(runId: string): void;
  /** Every table the run will load, in order, once the plan is built (before the first write). */
  onPlanned(tables: PlannedTable[]): void;
  onProgress(progress: TableProgress[]): void;
  /** New issues since the last call, and how many there are in all. */
  onIssues(issues: RunIssue[], issueCount: number): void;
}

/** A migration under way, wherever it runs: its result, and the admin's pause, resume and cancel. */
export interface RunHandle {
  readonly result: Promise<RunResult>;
  pause(): void;
  resume(): void;
  cancel(): void;
}
