/**
 * Peak heap per phase of a run: `heapUsed` sampled on a timer and at every phase change, the heap left right
 * after each major collection (what the run really holds: `heapUsed` between collections also counts garbage
 * V8 has not collected yet, and V8 collects less often the larger its limit), and the heap still live when a
 * phase ends (after a full collection, when the process runs with --expose-gc). The sampler can miss a peak
 * shorter than its interval; maxRSS (the kernel's high-water mark) bounds it from above.
 */
import { join } from "node:path";
import { constants, performance, PerformanceObserver, type PerformanceEntry } from "node:perf_hooks";
import { writeHeapSnapshot } from "node:v8";

const MB = 1024 * 1024;

export interface PhaseFigures {
  phase: string;
  seconds: number;
  /** Highest heapUsed seen during the phase, MB. */
  peakHeapMb: number;
  /** Highest heapUsed seen right after a major collection during the phase, MB (undefined: none ran). */
  peakAfterGcMb?: number;
  /** heapUsed after a full GC when the phase ended (undefined without --expose-gc), MB. */
  liveAtEndMb?: number;
}

export interface PhaseMeterOptions {
  sampleMs?: number;
  /** Write a heap snapshot (into `snapshotDir`) when this phase ends. */
  snapshotAt?: string;
  /** Write a heap snapshot the first time heapUsed is above this many MB (what is live then, after a GC). */
  snapshotAboveMb?: number;
  snapshotDir?: string;
}

const collect = (globalThis as { gc?: () => void }).gc;

export class PhaseMeter {
  private readonly phases: PhaseFigures[] = [];
  private current: PhaseFigures;
  private started = process.hrtime.bigint();
  private phaseStartedAt = performance.now();
  private readonly timer: NodeJS.Timeout;
  private readonly gcObserver: PerformanceObserver;
  /** Path of the snapshot written, if one was asked for and its phase ended. */
  snapshot?: string;

  constructor(first: string, private readonly options: PhaseMeterOptions = {}) {
    this.current = { phase: first, seconds: 0, peakHeapMb: 0 };
    this.sample();
    this.timer = setInterval(() => this.sample(), options.sampleMs ?? 50);
    // The observer is called soon after the collection: heapUsed then is what survived it, give or take what
    // was allocated since.
    this.gcObserver = new PerformanceObserver((list) => {
      // A collection that began before the phase (the one closing the last phase) is not this phase's.
      if (list.getEntries().some((e) => isMajor(e) && e.startTime >= this.phaseStartedAt)) this.sampleAfterGc();
    });
    this.gcObserver.observe({ entryTypes: ["gc"] });
  }

  private sampleAfterGc(): void {
    const used = process.memoryUsage().heapUsed / MB;
    this.current.peakAfterGcMb = Math.max(this.current.peakAfterGcMb ?? 0, used);
  }

  sample(): void {
    const used = process.memoryUsage().heapUsed / MB;
    this.current.peakHeapMb = Math.max(this.current.peakHeapMb, used);
    if (this.options.snapshotAboveMb !== undefined && used > this.options.snapshotAboveMb) this.snapshotNow();
  }

  /** Ends the current phase (sampled, collected, snapshotted if asked) and starts `next`. */
  enter(next: string): void {
    this.close();
    this.current = { phase: next, seconds: 0, peakHeapMb: 0 };
    this.started = process.hrtime.bigint();
    this.phaseStartedAt = performance.now();
    this.sample();
  }

  /** Ends the last phase and stops sampling. */
  finish(): PhaseFigures[] {
    this.close();
    clearInterval(this.timer);
    this.gcObserver.disconnect();
    return this.phases;
  }

  /** Writes a heap snapshot now (at most once per meter), named after the current phase. */
  snapshotNow(): void {
    if (this.snapshot) return;
    this.snapshot = writeHeapSnapshot(join(this.options.snapshotDir ?? ".", `heap-${this.current.phase}-${process.pid}.heapsnapshot`));
  }

  private close(): void {
    this.sample();
    this.current.seconds = Number(process.hrtime.bigint() - this.started) / 1e9;
    if (collect) {
      collect();
      this.current.liveAtEndMb = process.memoryUsage().heapUsed / MB;
    }
    if (this.options.snapshotAt === this.current.phase) this.snapshotNow();
    this.phases.push(this.current);
  }
}

function isMajor(entry: PerformanceEntry): boolean {
  return (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR;
}
