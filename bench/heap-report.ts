import type { HeapOutput } from "./heap/worker";

/** What bench/heap.ts writes to bench/results/heap/<time>.json. */
export interface HeapBenchResults {
  measuredOn: string;
  node: string;
  commit?: string;
  results: { patients: number; heapLimitMb?: number; client: HeapOutput }[];
}

/** The client heap goal (issue 17, issue 20): the whole run, full verification included, at 100,000 patients. */
export const HEAP_GOAL_MB = 512;

const n0 = (x: number | undefined) => (x === undefined ? "-" : Math.round(x).toLocaleString("en-US"));

/** The bench/RESULTS.md section: the newest heap measurement of each size, phase by phase. */
export function renderHeapSection(newest: { file: string; results: HeapBenchResults }[]): string {
  const lines = ["## Client heap, migration and full verification", ""];
  if (newest.length === 0) return `${lines.join("\n")}Not measured: run \`npm run bench:heap -- --patients 100000 --heap-limit-mb ${HEAP_GOAL_MB} --save\`.\n`;
  lines.push(
    "`bench/heap.ts`: a full `migrate` and then its full verification (what `dxm migrate` does after a full run) in a child process of its own, against the emulator with service protection and the cost model off (only memory is measured). " +
      "Peak is `heapUsed` sampled every 50 ms; between collections it also counts garbage V8 has not collected yet, and V8 collects less often the more room it has. " +
      "After major GCs is the highest `heapUsed` right after a major collection: what the run really holds. " +
      `With the old space limited (\`--heap-limit-mb\`, V8's \`--max-old-space-size\`), a run that completes held no more than the limit.`,
    "",
  );
  for (const { file, results } of newest) {
    for (const r of results.results) {
      const limit = r.heapLimitMb ? `, old space limited to ${n0(r.heapLimitMb)} MB` : ", no heap limit";
      lines.push(`From \`bench/results/heap/${file}\` (${results.measuredOn}, code \`${results.commit ?? "unknown"}\`, Node ${results.node}): **${n0(r.patients)} patients${limit}: ${r.client.status}**, ${n0(r.client.records)} records; peak heap ${n0(r.client.peakHeapMb)} MB, maxRSS ${n0(r.client.maxRssMb)} MB.`, "");
      lines.push("| phase | seconds | peak heap (MB) | after major GCs (MB) | live at end (MB) |", "|---|---:|---:|---:|---:|");
      for (const p of r.client.phases) lines.push(`| ${p.phase} | ${p.seconds.toFixed(1)} | ${n0(p.peakHeapMb)} | ${n0(p.peakAfterGcMb)} | ${n0(p.liveAtEndMb)} |`);
      lines.push("");
      if (r.patients >= 100_000) {
        const within = r.client.status.startsWith("Completed") && r.client.peakHeapMb < HEAP_GOAL_MB && (r.heapLimitMb === undefined || r.heapLimitMb <= HEAP_GOAL_MB);
        lines.push(`Target: peak client heap < ${HEAP_GOAL_MB} MB at 100k patients, migration and full verification: ${n0(r.client.peakHeapMb)} MB: ${within ? "yes" : "**no**"}.`, "");
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
