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
  const identities = await newestPerSize(join(dir, "results", "identities"));
  const heap = await newestHeapPerSize(join(dir, "results", "heap"));
  await writeFile(join(dir, "RESULTS.md"), renderResults(await readAll(join(dir, "results")), `${renderBrowserSection(browser)}\n${renderIdentitiesSection(identities)}\n${renderHeapSection(heap)}\n${notes}`));
}

/** The newest identities results of each export-set size, smallest size first. */
async function newestPerSize(resultsDir: string): Promise<{ file: string; results: IdentitiesBenchResults }[]> {
  const files = (await readdir(resultsDir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort();
  const bySize = new Map<number, { file: string; results: IdentitiesBenchResults }>();
  for (const file of files) {
    const results = JSON.parse(await readFile(join(resultsDir, file), "utf8")) as IdentitiesBenchResults;
    if (results.runs.length > 0) bySize.set(results.patients, { file, results });
  }
  return [...bySize.values()].sort((a, b) => a.results.patients - b.results.patients);
}

/** The newest heap measurement of each export-set size (a file holds one or more sizes), smallest size first. */
async function newestHeapPerSize(heapDir: string): Promise<{ file: string; results: HeapBenchResults }[]> {
  const files = (await readdir(heapDir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort();
  const bySize = new Map<number, { file: string; results: HeapBenchResults }>();
  for (const file of files) {
    const results = JSON.parse(await readFile(join(heapDir, file), "utf8")) as HeapBenchResults;
    for (const r of results.results) bySize.set(r.patients, { file, results: { ...results, results: [r] } });
  }
  return [...bySize.entries()].sort(([a], [b]) => a - b).map(([, v]) => v);
}

async function newestBrowserResults(browserDir: string): Promise<{ file: string; results: BrowserBenchResults } | undefined> {
  const file = (await readdir(browserDir).catch(() => [] as string[])).filter((f) => f.endsWith(".json")).sort().pop();
  return file ? { file, results: JSON.parse(await readFile(join(browserDir, file), "utf8")) as BrowserBenchResults } : undefined;
}

/** `<start time>.json`: the same file for every checkpoint of one run. */
export function resultsFileName(results: BenchResults): string {
  return `${results.startedOn.replace(/:/g, "-").replace(/\.\d+Z$/, "Z")}.json`;
}

async function readAll(resultsDir: string): Promise<{ file: string; results: BenchResults }[]> {
  const files = (await readdir(resultsDir)).filter((f) => f.endsWith(".json")).sort();
  return Promise.all(files.map(async (file) => ({ file, results: JSON.parse(await readFile(join(resultsDir, file), "utf8")) as BenchResults })));
}
