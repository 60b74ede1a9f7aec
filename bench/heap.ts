/**
 * Heap benchmark: peak client heap per phase of a full `migrate` (read, setup, plan, load) and of its full verification (verify) on generated
 * export sets. Only memory is measured, so the emulator runs without limits or cost model. The client runs
 * in a child process (bench/heap/worker.ts) so the figures are its own; the emulator stays in this one.
 *
 *   npx tsx bench/heap.ts --patients 10000 [--patients 100000] [--snapshot-at plan|load | --snapshot-after-records N | --snapshot-above-mb M] [--json FILE]
 *
 * --snapshot-at writes a heap snapshot of the client when that phase ends, --snapshot-after-records N once
 * the load has handled N records, --snapshot-above-mb M the first time heapUsed exceeds M MB (a snapshot
 * holds what is live, after a GC). Summarise it with `bench/heap/summarise.ts`. Prints figures; asserts
 * nothing.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../emulator";
import { exportSet } from "./harness/export-set";
import { fallbackOwner, seedWithUsers } from "./harness/seed";
import { runTypeScriptChild } from "./harness/spawn";
import { DEFAULT_WORK_DIR } from "./run";
import type { HeapOutput, HeapTask } from "./heap/worker";

const values = (name: string): string[] => process.argv.flatMap((a, i) => (a === name && process.argv[i + 1] ? [process.argv[i + 1]] : []));

function runClient(task: HeapTask): Promise<HeapOutput> {
  return runTypeScriptChild<HeapOutput>(join(__dirname, "heap", "worker.ts"), task, "heap worker", ["--expose-gc"]);
}

const n0 = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

function describe(patients: number, out: HeapOutput): string {
  const lines = [`${n0(patients)} patients: ${out.status}, ${n0(out.records)} records; peak heap ${n0(out.peakHeapMb)} MB, maxRSS ${n0(out.maxRssMb)} MB`];
  for (const p of out.phases) {
    lines.push(`  ${p.phase.padEnd(6)} ${p.seconds.toFixed(1).padStart(8)} s   peak ${n0(p.peakHeapMb).padStart(6)} MB   live at end ${p.liveAtEndMb === undefined ? "-" : n0(p.liveAtEndMb).padStart(6)} MB`);
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
  const snapshotDir = join(DEFAULT_WORK_DIR, "snapshots");
  if (snapshotAt || snapshotAfterRecords || snapshotAboveMb) mkdirSync(snapshotDir, { recursive: true });
  const results: { patients: number; client: HeapOutput }[] = [];
  for (const patients of sizes) {
    const set = await exportSet(DEFAULT_WORK_DIR, patients, 42);
    const emulator = await startEmulator({ limits: "off", costModel: "off", seed: seedWithUsers(set.users) });
    try {
      const client = await runClient({ url: emulator.url, dir: set.dir, fallbackOwner: fallbackOwner(set.users), snapshotAt, snapshotDir, snapshotAfterRecords, snapshotAboveMb });
      results.push({ patients, client });
      process.stdout.write(describe(patients, client));
    } finally {
      await emulator.close();
    }
  }
  const json = values("--json")[0];
  if (json) writeFileSync(json, `${JSON.stringify({ measuredOn: new Date().toISOString(), node: process.version, results }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
