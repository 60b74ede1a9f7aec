import type { TableProgress } from "../../../migration/load/types";
import type { MigrateInput, PlannedTable, RunIssue, RunResult } from "../../../migration/run/types";

/** What the page asks the run worker: start a run over the picked files, then pause, resume or cancel it. */
export type RunRequest =
  | { type: "start"; clientUrl: string; files: File[]; names: string[]; input: Omit<MigrateInput, "exports"> }
  | { type: "pause" }
  | { type: "resume" }
  | { type: "cancel" };

/**
 * What the run worker tells the page. Progress and issues arrive in batches a few times a second (the
 * latest progress of each table changed since the last batch), so the page only renders.
 */
export type RunMessage =
  | { type: "started"; runId: string }
  | { type: "planned"; tables: PlannedTable[] }
  | { type: "batch"; progress: TableProgress[]; issues: RunIssue[]; issueCount: number }
  | { type: "done"; result: RunResult }
  | { type: "failed"; message: string };
