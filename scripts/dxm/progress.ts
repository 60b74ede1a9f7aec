import { MultiBar, Presets, type SingleBar } from "cli-progress";
import type { TableProgress } from "../../migration/load/types";

/**
 * Terminal progress for long commands: one bar per label on a terminal (cli-progress), plain lines
 * otherwise (each label at every tenth of its total and when its detail changes), so logs stay short.
 */
export interface ProgressReporter {
  update(label: string, done: number, total: number, detail?: string): void;
  /** A line above the bars (or on its own when not a terminal). */
  log(line: string): void;
  stop(): void;
}

export function createProgressReporter(stream: NodeJS.WriteStream = process.stderr): ProgressReporter {
  return stream.isTTY ? terminalReporter(stream) : plainReporter(stream);
}

function terminalReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const multi = new MultiBar(
    { stream, format: "{label} [{bar}] {value}/{total} {detail}", hideCursor: true, clearOnComplete: false, stopOnComplete: false },
    Presets.shades_classic,
  );
  const bars = new Map<string, SingleBar>();
  return {
    update(label, done, total, detail = "") {
      const payload = { label: label.padEnd(34), detail };
      let bar = bars.get(label);
      if (!bar) bars.set(label, (bar = multi.create(Math.max(total, 1), done, payload)));
      bar.setTotal(Math.max(total, done, 1));
      bar.update(done, payload);
    },
    log: (line) => multi.log(`${line}\n`),
    stop: () => multi.stop(),
  };
}

function plainReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const last = new Map<string, string>();
  return {
    update(label, done, total, detail = "") {
      const tenth = total > 0 ? Math.floor((done / total) * 10) : 10;
      const key = `${tenth}|${detail.replace(/[\d.]+/g, "")}`;
      if (last.get(label) === key) return;
      last.set(label, key);
      stream.write(`${label}: ${done}/${total} ${detail}\n`);
    },
    log: (line) => stream.write(`${line}\n`),
    stop: () => undefined,
  };
}

/** A migration table's progress as a reporter line: counts, rate, ETA, chunk size, throttling. */
export function showTableProgress(reporter: ProgressReporter, p: TableProgress): void {
  const eta = p.etaSeconds === undefined ? "-" : `${Math.ceil(p.etaSeconds)}s`;
  const flags = [p.throttled ? "throttled" : "", p.state !== "running" ? p.state : "", p.failed ? `${p.failed} failed` : ""].filter(Boolean).join(" ");
  reporter.update(`${p.object}/${p.table}`, p.done, p.total, `| ${Math.round(p.rowsPerSecond)}/s | ETA ${eta} | chunk ${p.chunkSize} ${flags}`.trimEnd());
}
