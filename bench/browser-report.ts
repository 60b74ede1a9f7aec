/** What `npm run bench:browser` measures per size (bench/browser.ts), and its section of bench/RESULTS.md. */
export interface BrowserSizeResult {
  patients: number;
  status: string;
  /** Start the full run → "Run finished", wall seconds. */
  seconds: number;
  /** The same set's `dxm migrate`, measured in the same bench run. */
  dxmSeconds: number;
  /** False when the Studio said the run shared the page's thread. */
  inWorker: boolean;
  records: number;
  duplicates: number;
  missing: number;
  longTasks: { count: number; totalMs: number; longestMs: number };
  /**
   * The page's JS heap (performance.memory); the page's and its workers' JS heaps together (DevTools
   * protocol, sampled as one; absent in measurements made before it was read); the renderer process's
   * resident memory (page + its workers, with the renderer's own code and caches).
   */
  peakHeapMb: { page: number; pageAndWorkers?: number; rendererRss: number };
}

export interface BrowserBenchResults {
  measuredOn: string;
  node: string;
  sizes: BrowserSizeResult[];
}

const n0 = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

/** The markdown section for the newest browser measurement; empty when there is none. */
export function renderBrowserSection(latest: { file: string; results: BrowserBenchResults } | undefined): string {
  if (!latest) return "";
  const sizes = latest.results.sizes;
  const row = (label: string, cell: (s: BrowserSizeResult) => string) => `| ${label} | ${sizes.map(cell).join(" | ")} |`;
  return [
    "## Migration Studio in the browser (`npm run bench:browser`)",
    `From \`bench/results/browser/${latest.file}\` (${latest.results.measuredOn}, Node ${latest.results.node}). A full run driven through the Studio in headless Chromium against the local dev host, and \`dxm migrate\` on the same set in the same bench run; service protection and the cost model off on both sides, so only the client's own work shows. Long tasks are the form's (PerformanceObserver "longtask", during the run); memory is sampled every 250 ms: the page's JS heap (performance.memory), the JS heaps of the page and of its workers together (the DevTools protocol's Runtime.getHeapUsage, asked of the page and of each worker it started: the figure the target of 300 MB is about), and the resident memory of the renderer process holding them (with the renderer's own code and caches: an upper bound).`,
    "",
    `| | ${sizes.map((s) => `${n0(s.patients)} patients`).join(" | ")} |`,
    `|---|${sizes.map(() => "---:").join("|")}|`,
    row("status", (s) => s.status),
    row("engine runs in", (s) => (s.inWorker ? "run worker" : "page thread")),
    row("records (stamped)", (s) => n0(s.records)),
    row("twice / missing", (s) => `${s.duplicates} / ${s.missing}`),
    row("Studio run time (s)", (s) => s.seconds.toFixed(1)),
    row("`dxm migrate` time (s)", (s) => s.dxmSeconds.toFixed(1)),
    row("Studio ÷ dxm", (s) => `${(s.seconds / s.dxmSeconds).toFixed(2)}×`),
    row("long tasks (count)", (s) => n0(s.longTasks.count)),
    row("long tasks (total, s)", (s) => (s.longTasks.totalMs / 1000).toFixed(2)),
    row("longest task (ms)", (s) => n0(s.longTasks.longestMs)),
    row("peak heap, page (MB)", (s) => n0(s.peakHeapMb.page)),
    row("peak JS heap, page + workers (MB)", (s) => (s.peakHeapMb.pageAndWorkers === undefined ? "not measured" : n0(s.peakHeapMb.pageAndWorkers))),
    row("peak renderer RSS, page + workers (MB)", (s) => n0(s.peakHeapMb.rendererRss)),
    "",
  ].join("\n");
}
