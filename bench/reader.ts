/**
 * Reader benchmark: read + profile throughput against bare papaparse on the same file, and peak memory
 * while reading a whole export set of about 1 GB. Run: `npx tsx bench/reader.ts [--dir DIR] [--mb 1024]`.
 * Without --dir it generates the set (no attachment files) under the temp folder and reuses it next time.
 * Prints figures; asserts nothing (speed belongs here, not in tests).
 */
import { execFileSync } from "node:child_process";
import { createReadStream, existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import Papa from "papaparse";
import { readExports } from "../migration/source";
import { generateExports } from "../scripts/generate";
import { nodeFile, nodeFiles } from "../scripts/dxm/node-files";
import { peakRssMb } from "./harness/measure";

/** CSV bytes the generator writes per patient (measured at 10,000 patients, seed 1). */
const BYTES_PER_PATIENT = 1950;

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(1)} MB`;

async function exportSet(): Promise<string> {
  const given = arg("--dir");
  if (given) return given;
  const size = Number(arg("--mb") ?? 1024);
  const dir = join(tmpdir(), `dxm-bench-reader-${size}mb`);
  if (existsSync(join(dir, "dynamics-users.json"))) return dir;
  const patients = Math.round((size * 1048576) / BYTES_PER_PATIENT);
  process.stdout.write(`generating ${patients.toLocaleString("en-US")} patients into ${dir} ...\n`);
  const t = performance.now();
  await generateExports({ out: dir, patients, seed: 1, attachments: false });
  process.stdout.write(`generated in ${((performance.now() - t) / 1000).toFixed(0)} s\n`);
  return dir;
}

/** Bare papaparse: the library's own Node streaming, rows counted and dropped. */
function bareParse(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    Papa.parse(createReadStream(path), {
      chunk: (results: Papa.ParseResult<unknown>) => { rows += results.data.length; },
      complete: () => resolve(rows),
      error: reject,
    });
  });
}

async function readAndProfile(path: string): Promise<number> {
  const set = await readExports([await nodeFile(path, "procedures.csv")]);
  return set.inventory.files[0].rows;
}

/** Wall time and CPU time (user + system) of a run: on a shared machine CPU time is the steadier figure. */
async function timed(run: () => Promise<number>): Promise<{ seconds: number; cpu: number; rows: number }> {
  const t = performance.now();
  const c = process.cpuUsage();
  const rows = await run();
  const used = process.cpuUsage(c);
  return { seconds: (performance.now() - t) / 1000, cpu: (used.user + used.system) / 1e6, rows };
}

/** Child mode: read the whole set once and report peak resident memory. */
async function child(dir: string): Promise<void> {
  const t = performance.now();
  const set = await readExports(await nodeFiles(dir));
  const rows = set.inventory.files.reduce((n, f) => n + f.rows, 0);
  process.stdout.write(JSON.stringify({ rows, seconds: (performance.now() - t) / 1000, maxRssKb: peakRssMb() * 1024 }));
}

async function main(): Promise<void> {
  const childDir = arg("--child");
  if (childDir) return child(childDir);
  const dir = await exportSet();
  const csvs = readdirSync(dir).filter((f) => f.endsWith(".csv")).map((f) => ({ path: join(dir, f), size: statSync(join(dir, f)).size }));
  const total = csvs.reduce((n, f) => n + f.size, 0);
  const largest = csvs.sort((a, b) => b.size - a.size)[0];
  process.stdout.write(`export set: ${dir}, ${csvs.length} CSV files, ${mb(total)}\n`);

  const runs = Number(arg("--runs") ?? 2);
  const best = { bare: { seconds: Infinity, cpu: Infinity }, ours: { seconds: Infinity, cpu: Infinity } };
  for (let i = 0; i < runs; i++) {
    const b = await timed(() => bareParse(largest.path));
    const o = await timed(() => readAndProfile(largest.path));
    best.bare = { seconds: Math.min(best.bare.seconds, b.seconds), cpu: Math.min(best.bare.cpu, b.cpu) };
    best.ours = { seconds: Math.min(best.ours.seconds, o.seconds), cpu: Math.min(best.ours.cpu, o.cpu) };
  }
  const rate = (s: number): string => `${(largest.size / 1048576 / s).toFixed(1)} MB/s`.padStart(11);
  process.stdout.write(`throughput on ${largest.path.split("/").pop()} (${mb(largest.size)}), best of ${runs}:     wall       CPU\n`);
  process.stdout.write(`  bare papaparse                       ${rate(best.bare.seconds)} ${rate(best.bare.cpu)}\n`);
  process.stdout.write(`  read + profile                       ${rate(best.ours.seconds)} ${rate(best.ours.cpu)}\n`);
  process.stdout.write(`  ratio (target >= 0.5x)               ${`${(best.bare.seconds / best.ours.seconds).toFixed(2)}x`.padStart(11)} ${`${(best.bare.cpu / best.ours.cpu).toFixed(2)}x`.padStart(11)}\n`);

  const out = execFileSync(process.execPath, ["--import", "tsx", __filename, "--child", dir], { encoding: "utf8", maxBuffer: 1 << 20 });
  const result = JSON.parse(out) as { rows: number; seconds: number; maxRssKb: number };
  process.stdout.write(`whole set: ${result.rows.toLocaleString("en-US")} rows in ${result.seconds.toFixed(1)} s (${(total / 1048576 / result.seconds).toFixed(1)} MB/s), peak RSS ${(result.maxRssKb / 1024).toFixed(0)} MB (target < 300 MB)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
