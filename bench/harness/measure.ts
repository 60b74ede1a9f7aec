import { readFileSync } from "node:fs";

/** What one workload cost the process that ran it. */
export interface ProcessCost {
  wallSeconds: number;
  /** User + system CPU time of the process, seconds (process.cpuUsage). */
  cpuSeconds: number;
  /** Highest heapUsed seen by sampling every `sampleMs`, MB. */
  peakHeapMb: number;
  /** Peak resident set size of the process, MB (`peakRssMb`). */
  maxRssMb: number;
}

const MB = 1024 * 1024;

/**
 * This process's own peak resident set, MB: the kernel's high-water mark of its memory (`VmHWM` in
 * /proc/self/status), or where there is none (not Linux) the highest RSS `sampledBytes` saw. Not
 * `process.resourceUsage().maxRSS`: on Linux a process that a parent spawned (fork, then exec) reports as its
 * maxRSS the parent's resident memory at the fork when that was larger. A worker spawned beside an emulator holding
 * two million records reported 3.5 GB while it never held more than about 0.8 GB.
 */
export function peakRssMb(sampledBytes = process.memoryUsage().rss): number {
  try {
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (hwm) return Number(hwm[1]) / 1024;
  } catch {
    // no /proc: the sampled peak below
  }
  return sampledBytes / MB;
}

/**
 * Runs `work` and measures wall time, CPU time and peak heap. The heap is sampled on a timer (and once at
 * the end), so a peak shorter than the interval can be missed; the peak RSS is the kernel's exact high-water mark
 * and bounds it from above.
 */
export async function measure<T>(work: () => Promise<T>, sampleMs = 50): Promise<{ value: T; cost: ProcessCost }> {
  let peakHeap = process.memoryUsage().heapUsed;
  let peakRss = process.memoryUsage().rss;
  const sample = () => {
    const { heapUsed, rss } = process.memoryUsage();
    peakHeap = Math.max(peakHeap, heapUsed);
    peakRss = Math.max(peakRss, rss);
  };
  const timer = setInterval(sample, sampleMs);
  const cpuStart = process.cpuUsage();
  const started = process.hrtime.bigint();
  try {
    const value = await work();
    sample();
    const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
    const cpu = process.cpuUsage(cpuStart);
    return {
      value,
      cost: { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakHeapMb: peakHeap / MB, maxRssMb: peakRssMb(peakRss) },
    };
  } finally {
    clearInterval(timer);
  }
}
