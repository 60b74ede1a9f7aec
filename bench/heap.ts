/**
 * Heap benchmark: peak client heap per phase of a full `migrate` (read, setup, plan, load) and of its full verification (verify) on generated
 * export sets. Only memory is measured, so the emulator runs without limits or cost model. The client runs
 * in a child process (bench/heap/worker.ts) so the figures are its own; the emulator stays in this one.
 *
 *   npx tsx bench/heap.ts --patients 10000 [--patients 100000] [--heap-limit-mb L] [--snapshot-at plan|load | --snapshot-after-records N | --snapshot-above-mb M] [--json FILE] [--save]
 *
 * --save writes bench/results/heap/<time>.json and rewrites bench/RESULTS.md (its heap section).
 *
 * --heap-limit-mb L runs the client with V8's old space limited to L MB (--max-old-space-size): the run then
 * either completes within it or fails out of memory, which says more than a sampled peak, since V8 lets garbage
 * pile up the more room it has.
 * --snapshot-at writes a heap snapshot of the client when that phase ends, --snapshot-after-records N once
 * the load has handled N records, --snapshot-above-mb M the first time heapUsed exceeds M MB (a snapshot
 * holds what is live, after a GC). Summarise it with `bench/heap/summarise.ts`. Prints figures; asserts
 * nothing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { codeVersion } from "./harness/code-version";
import type { HeapBenchResults } from "./heap-report";
import { RESULTS_DIR, rewriteResultsMarkdown, timeFileName } from "./results-files";
import { join } from "node:path";
import { startEmulator } from "../emulator";
import { exportSet } from "./harness/export-set";
import { fallbackOwner, seedWithUsers } from "./harness/seed";
import { runTypeScriptChild } from "./harness/spawn";
import { DEFAULT_WORK_DIR } from "./run";
import type { HeapOutput, HeapTask } from "./heap/worker";

const values = (name: string): string[] => process.argv.flatMap((a, i) => (a === name && process.argv[i + 1] ? [process.argv[i + 1]] : []));

function runClient(task: HeapTask, heapLimitMb?: number): Promise<HeapOutput> {
  const flags = ["--expose-gc", ...(heapLimitMb ? [`--max-old-space-size=${heapLimitMb}`] : [])];
  return runTypeScriptChild<HeapOutput>(join(__dirname, "heap", "worker.ts"), task, "heap worker", flags);
}

const n0 = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

function describe(patients: number, out: HeapOutput, heapLimitMb?: number): string {
  const limit = heapLimitMb ? ` (old space limited to ${n0(heapLimitMb)} MB)` : "";
  const lines = [`${n0(patients)} patients${limit}: ${out.status}, ${n0(out.records)} records; peak heap ${n0(out.peakHeapMb)} MB, maxRSS ${n0(out.maxRssMb)} MB`];
  for (const p of out.phases) {
    const mb = (v: number | undefined) => (v === undefined ? "-" : n0(v)).padStart(6);
    lines.push(`  ${p.phase.padEnd(6)} ${p.seconds.toFixed(1).padStart(8)} s   peak ${mb(p.peakHeapMb)} MB   after major GCs ${mb(p.peakAfterGcMb)} MB   live at end ${mb(p.liveAtEndMb)} MB`);
  }
  if (out.snapshot) lines.push(`  snapshot: ${out.snapshot}`);
  return `${lines.join("\n")}\n`;
}

async function main(): Promise<void> {
  const sizes = values("--patients").map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error("usage: bench/heap.ts --patients N [--patients M] [--snapshot-at PHASE] [--json FILE]");
  const snapshotAt = values("--snapshot-at")[0];
  const snapshotAfter = values("--snapshot-after-records")[0];
  const snapshotAfterRecords = snapshotAfter ? Number(snapshotAfter) : undefined;
  const snapshotAbove = values("--snapshot-above-mb")[0];
  const snapshotAboveMb = snapshotAbove ? Number(snapshotAbove) : undefined;
  const limit = values("--heap-limit-mb")[0];
  const heapLimitMb = limit ? Number(limit) : undefined;
  const snapshotDir = join(DEFAULT_WORK_DIR, "snapshots");
  if (snapshotAt || snapshotAfterRecords || snapshotAboveMb) mkdirSync(snapshotDir, { recursive: true });
  const measured: HeapBenchResults = { measuredOn: new Date().toISOString(), node: process.version, commit: codeVersion(), results: [] };
  const results = measured.results;
  for (const patients of sizes) {
    const set = await exportSet(DEFAULT_WORK_DIR, patients, 42);
    const emulator = await startEmulator({ limits: "off", costModel: "off", seed: seedWithUsers(set.users) });
    try {
      const client = await runClient({ url: emulator.url, dir: set.dir, fallbackOwner: fallbackOwner(set.users), snapshotAt, snapshotDir, snapshotAfterRecords, snapshotAboveMb }, heapLimitMb);
      results.push({ patients, heapLimitMb, client });
      process.stdout.write(describe(patients, client, heapLimitMb));
    } finally {
      await emulator.close();
    }
  }
  const text = `${JSON.stringify(measured, null, 2)}\n`;
  const json = values("--json")[0];
  if (json) writeFileSync(json, text);
  if (process.argv.includes("--save")) {
    const file = join(RESULTS_DIR, "heap", timeFileName(measured.measuredOn));
    mkdirSync(join(RESULTS_DIR, "heap"), { recursive: true });
    writeFileSync(file, text);
    await rewriteResultsMarkdown();
    process.stdout.write(`${file}\nbench/RESULTS.md\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
