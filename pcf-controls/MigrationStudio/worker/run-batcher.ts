import type { TableProgress } from "../../../migration/load/types";
import type { RunIssue } from "../../../migration/run/types";

/** How often the run worker posts what happened: a few renders a second, never one per chunk. */
export const BATCH_INTERVAL_MS = 250;

/**
 * Collects the engine's progress and issues between two posts: the latest progress per table (what the
 * screen shows) and the issues in order. Pure bookkeeping; the worker decides when to `take()`.
 */
export class RunBatcher {
  private progress = new Map<string, TableProgress>();
  private issues: RunIssue[] = [];
  private count = 0;

  addProgress(p: TableProgress): void {
    this.progress.set(`${p.object}\u0000${p.table}`, p);
  }

  addIssue(issue: RunIssue): void {
    this.issues.push(issue);
    this.count++;
  }

  get pending(): boolean {
    return this.progress.size > 0 || this.issues.length > 0;
  }

  /** What gathered since the last take (progress in first-seen order), and the issues counted so far. */
  take(): { progress: TableProgress[]; issues: RunIssue[]; issueCount: number } {
    const batch = { progress: [...this.progress.values()], issues: this.issues, issueCount: this.count };
    this.progress = new Map();
    this.issues = [];
    return batch;
  }
}
