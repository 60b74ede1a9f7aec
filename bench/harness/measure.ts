/** What one workload cost the process that ran it. */
export interface ProcessCost {
  wallSeconds: number;
  /** User + system CPU time of the process, seconds (process.cpuUsage). */
  cpuSeconds: number;
  /** Highest heapUsed seen by sampling every `sampleMs`, MB. */
  peakHeapMb: number;
  /** Peak resident set size of the process, MB (process.resourceUsage().maxRSS). */
  maxRssMb: number;
}

const MB = 1024 * 1024;

/**
 * Runs `work` and measures wall time, CPU time and peak heap. The heap is sampled on a timer (and once at
 * the end), so a peak shorter than the interval can be missed; maxRSS is the kernel's exact high-water mark
 * and bounds it from above.
 */
export async function measure<T>(work: () => Promise<T>, sampleMs = 50): Promise<{ value: T; cost: ProcessCost }> {
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = () => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
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
      cost: { wallSeconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, peakHeapMb: peakHeap / MB, maxRssMb: (process.resourceUsage().maxRSS * 1024) / MB },
    };
  } finally {
    clearInterval(timer);
  }
}
