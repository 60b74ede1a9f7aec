import type { ObjectKind } from "../model/types";
import type { TableProgress } from "./types";

/** Keeps one table's progress figures: rate since the stage started, ETA from the rate. */
export class ProgressTracker {
  private readonly started: number;
  private written = 0;
  readonly state: TableProgress;

  constructor(object: ObjectKind, table: string, total: number, private readonly now: () => number = Date.now) {
    this.started = now();
    this.state = {
      object, table, total, done: 0, created: 0, updated: 0, unchanged: 0, failed: 0,
      rowsPerSecond: 0, throttled: false, chunkSize: 0, state: "running",
    };
  }

  /** Rows that needed a write count toward the rate; skipped ones only toward `done`. */
  add(counts: { created?: number; updated?: number; unchanged?: number; failed?: number }, wrote: boolean): void {
    const s = this.state;
    const n = (counts.created ?? 0) + (counts.updated ?? 0) + (counts.unchanged ?? 0) + (counts.failed ?? 0);
    s.created += counts.created ?? 0;
    s.updated += counts.updated ?? 0;
    s.unchanged += counts.unchanged ?? 0;
    s.failed += counts.failed ?? 0;
    s.done += n;
    if (wrote) this.written += n;
    const seconds = Math.max((this.now() - this.started) / 1000, 0.001);
    s.rowsPerSecond = this.written / seconds;
    s.etaSeconds = s.rowsPerSecond > 0 ? Math.max(0, s.total - s.done) / s.rowsPerSecond : undefined;
  }

  snapshot(): TableProgress {
    return { ...this.state };
  }
}
