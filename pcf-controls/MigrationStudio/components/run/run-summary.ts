import type { RunTable } from "./useMigrationRun";

/** The whole run at a glance, from its tables' progress. */
export interface RunSummary {
  /** Records handled (written, unchanged or failed) of the records the plan will write. */
  done: number;
  total: number;
  /** Records a second now, over the tables loading (undefined before the first rate is known). */
  rate: number | undefined;
  /** At that rate, for what is left of the whole run. */
  secondsLeft: number | undefined;
  /** The tables loading now, in load order. */
  loading: string[];
  throttled: boolean;
}

export function summarizeRun(tables: RunTable[], plannedTotal: number | undefined): RunSummary {
  const running = tables.filter((t) => t.state === "running");
  const done = tables.reduce((n, t) => n + t.done, 0);
  const total = Math.max(plannedTotal ?? tables.reduce((n, t) => n + t.total, 0), done);
  const measured = running.reduce((n, t) => n + t.rowsPerSecond, 0);
  const rate = measured > 0 ? measured : undefined;
  return {
    done,
    total,
    rate,
    secondsLeft: rate ? (total - done) / rate : undefined,
    loading: running.map((t) => t.table),
    throttled: running.some((t) => t.throttled),
  };
}
