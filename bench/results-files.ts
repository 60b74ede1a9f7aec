import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { renderResults } from "./report";
import { renderBrowserSection, type BrowserBenchResults } from "./browser-report";
import type { BenchResults } from "./run";
import { renderIdentitiesSection, type IdentitiesBenchResults } from "./identities-report";
import { renderHeapSection, type HeapBenchResults } from "./heap-report";

export const BENCH_DIR = __dirname;
export const RESULTS_DIR = join(__dirname, "results");

/**
 * Writes `bench/results/<start time>.json` and rewrites bench/RESULTS.md from every results file, with the
 * hand-written reading of the figures (bench/analysis.md) at the end. Returns the JSON's name.
 */
export async function saveResults(results: BenchResults, dir = BENCH_DIR): Promise<string> {
  const resultsDir = join(dir, "results");
  await mkdir(resultsDir, { recursive: true });
  const file = resultsFileName(results);
  await writeFile(join(resultsDir, file), `${JSON.stringify(results, null, 2)}\n`);
  await rewriteResultsMarkdown(dir);
  return file;
}

/** bench/RESULTS.md from every JSON in bench/results/, the newest in results/browser/, identities/ and heap/, and bench/analysis.md. */
export async function rewriteResultsMarkdown(dir = BENCH_DIR): Promise<void> {
  const notes = await readFile(join(dir, "analysis.md"), "utf8").catch(() => "");
  const browser = await newestBrowserResults(join(dir, "results", "browser"));
  const identities = await newestPerSize(join(dir, "results", "identities"), identitiesBySize);
  const heap = await newestPerSize(join(dir, "results", "heap"), heapBySize);
  await writeFile(join(dir, "RESULTS.md"), renderResults(await readAll(join(dir, "results")), `${renderBrowserSection(browser)}\n${renderIdentitiesSection(identities)}\n${renderHeapSection(heap)}\n${notes}`));
}

/**
 * The newest results of each export-set size among the JSON files of `dir` (older files first, so a newer
 * measurement of a size replaces an older one), smallest size first. `perSize` splits a file's results by size.
 */
async function newestPerSize<T>(dir: string, perSize: (results: T) => [number, T][]): Promise<{ file: string; results: T }[]> {
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort();
  const bySize = new Map<number, { file: string; results: T }>();
  for (const file of files) {
    for (const [size, results] of perSize(JSON.parse(await readFile(join(dir, file), "utf8")) as T)) bySize.set(size, { file, results });
  }
  return [...bySize.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
}

/** An identities file holds one size (none when it ran nothing). */
const identitiesBySize = (r: IdentitiesBenchResults): [number, IdentitiesBenchResults][] => (r.runs.length > 0 ? [[r.patients, r]] : []);
/** A heap file holds one or more sizes: each is shown from the file it was measured in. */
const heapBySize = (r: HeapBenchResults): [number, HeapBenchResults][] => r.results.map((one) => [one.patients, { ...r, results: [one] }]);

async function newestBrowserResults(browserDir: string): Promise<{ file: string; results: BrowserBenchResults } | undefined> {
  const file = (await readdir(browserDir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort().pop();
  return file ? { file, results: JSON.parse(await readFile(join(browserDir, file), "utf8")) as BrowserBenchResults } : undefined;
}

/** `<start time>.json`: the same file for every checkpoint of one run. */
export function resultsFileName(results: BenchResults): string {
  return timeFileName(results.startedOn);
}

/** A results file named after an ISO time, to the second: `2026-12-07T09-40-07Z.json`. */
export function timeFileName(iso: string): string {
  return `${iso.replace(/:/g, "-").replace(/\.\d+Z$/, "Z")}.json`;
}

async function readAll(resultsDir: string): Promise<{ file: string; results: BenchResults }[]> {
  const files = (await readdir(resultsDir)).filter((f) => f.endsWith(".json")).sort();
  return Promise.all(files.map(async (file) => ({ file, results: JSON.parse(await readFile(join(resultsDir, file), "utf8")) as BenchResults })));
}
