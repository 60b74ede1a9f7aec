/**
 * Browser benchmark: a full run of a generated practice driven through Migration Studio in headless
 * Chromium (playwright-core) against the local dev host, as an admin runs it, and the same set's
 * `dxm migrate` time measured in the same run. Service protection and the cost model are off on both
 * sides, so only the client's own work shows.
 *
 *   npm run bench:browser [-- --patients 1000 --patients 5000] [--full]   (default 1,000 and 5,000; --full adds 10,000)
 *
 * Per size it reports the run time (Start → "Run finished"), the form's long tasks during the run (count,
 * total, longest: PerformanceObserver "longtask" on the page), the page's peak JS heap and the peak
 * resident memory of the renderer holding the page and its workers (sampled every 250 ms), and the
 * records stamped with the run (with duplicates and missing ones). Writes
 * bench/results/browser/<time>.json and rewrites bench/RESULTS.md. Prints figures; asserts nothing.
 */
import { execFile } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { startEmulator } from "../emulator";
import { startDevSession } from "../scripts/dev/session";
import { DataverseClient } from "../dataverse/client";
import { createNodeTransport } from "../dataverse/transport/node";
import { readRunRecord } from "../migration/ledger";
import { countByStamp } from "./verify";
import { ensureBuilt, root } from "../test/e2e/support/build";
import { openBrowser } from "../test/e2e/support/browser";
import { choosePracticeZone, openStep, pick } from "../test/e2e/support/studio";
import { exportSet } from "./harness/export-set";
import { JsHeaps } from "./harness/js-heaps";
import { fallbackOwner, seedWithUsers } from "./harness/seed";
import { DEFAULT_WORK_DIR } from "./run";
import { RESULTS_DIR, rewriteResultsMarkdown, timeFileName } from "./results-files";
import type { BrowserBenchResults, BrowserSizeResult } from "./browser-report";

const RUN_TIMEOUT = 60 * 60_000;
const values = (name: string): string[] => process.argv.flatMap((a, i) => (a === name && process.argv[i + 1] ? [process.argv[i + 1]] : []));

/** Long tasks of the page, kept from the first script on (the observer's buffer is read at the end). */
const OBSERVE_LONG_TASKS = `
  window.__dxmLongTasks = [];
  new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__dxmLongTasks.push({ start: e.startTime, duration: e.duration }); })
    .observe({ type: "longtask", buffered: true });
`;

const usedHeap = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
const heapOf = (page: Page): Promise<number | undefined> => page.evaluate(usedHeap).catch(() => undefined);

/**
 * Resident memory of Chromium's renderer processes, MB: the page and its dedicated workers share one, and
 * a worker has no performance.memory to ask, so this is the figure that includes the run worker (it also
 * holds the renderer's own code and caches, so it is an upper bound of the JS heaps). Linux /proc only.
 */
function rendererRssMb(): number {
  let kb = 0;
  for (const pid of readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("--type=renderer")) continue;
      kb += Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return kb / 1024;
}

/** Records the run wrote, counted by its stamp, and the duplicates and missing ones against its counters. */
async function landed(session: Awaited<ReturnType<typeof startDevSession>>): Promise<{ records: number; duplicates: number; missing: number }> {
  const run = await readRunRecord(new DataverseClient({ transport: createNodeTransport({ url: session.emulator.url }) }), session.runId);
  const counts = countByStamp(session.emulator.emulator, session.runId, run?.counters ?? {});
  return { records: counts.reduce((n, c) => n + c.stamped, 0), duplicates: counts.reduce((n, c) => n + c.duplicates, 0), missing: counts.reduce((n, c) => n + c.missing, 0) };
}

async function inBrowser(patients: number, dir: string, owner: string): Promise<Omit<BrowserSizeResult, "patients" | "dxmSeconds">> {
  const session = await startDevSession({ root, port: 0, samplesDir: dir, limits: "off" });
  const browser = await openBrowser();
  try {
    const { page } = browser;
    await page.addInitScript(OBSERVE_LONG_TASKS);
    await page.goto(session.host.formUrl);
    await page.getByRole("button", { name: /^Load .* into Upload$/ }).first().click();
    await page.getByText(/^Inventory: \d+ export files/).waitFor({ timeout: RUN_TIMEOUT });
    await openStep(page, "2 Map");
    await choosePracticeZone(page);
    await page.getByRole("button", { name: "Confirm map" }).click();
    await page.getByText("Pre-flight checks").waitFor({ timeout: RUN_TIMEOUT });
    await page.getByRole("button", { name: "Run the checks" }).click();
    await page.getByText("Providers and their Dynamics users").waitFor({ timeout: RUN_TIMEOUT });
    await pick(page, "Fallback owner", new RegExp(`^${owner.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
    await openStep(page, "5 Full run");

    const startedAt = Date.now();
    const since = await page.evaluate(() => performance.now());
    let peakPage = 0;
    let peakRenderer = 0;
    let peakJs = 0;
    const heaps = await JsHeaps.of(page);
    const sampler = setInterval(() => {
      void heapOf(page).then((h) => (peakPage = Math.max(peakPage, h ?? 0)));
      void heaps.sample().then((h) => (peakJs = Math.max(peakJs, h.page + h.workers)), () => undefined);
      peakRenderer = Math.max(peakRenderer, rendererRssMb());
    }, 250);
    await page.getByRole("button", { name: "Start the full run" }).click();
    const finished = page.getByText(/^Run finished: /);
    await finished.waitFor({ timeout: RUN_TIMEOUT });
    const seconds = (Date.now() - startedAt) / 1000;
    clearInterval(sampler);
    const status = ((await finished.textContent()) ?? "").replace(/^Run finished: /, "");
    const tasks = await page.evaluate((from) => (window as unknown as { __dxmLongTasks: { start: number; duration: number }[] }).__dxmLongTasks.filter((t) => t.start >= from), since);
    const inWorker = (await page.getByText(/could not start a background worker/).count()) === 0;
    return {
      status, seconds, inWorker,
      ...(await landed(session)),
      longTasks: { count: tasks.length, totalMs: tasks.reduce((n, t) => n + t.duration, 0), longestMs: tasks.reduce((m, t) => Math.max(m, t.duration), 0) },
      peakHeapMb: { page: peakPage / 1048576, pageAndWorkers: peakJs / 1048576, rendererRss: peakRenderer },
    };
  } finally {
    await browser.close();
    await session.close();
  }
}

/** `dxm migrate` on the same set against a fresh emulator with the same settings: wall time. Without the full
 * verification it runs after a full run by default: the Studio's run step does not verify either (its
 * reconciliation step does), so both sides do the same work. */
async function withDxm(dir: string, owner: string, users: Parameters<typeof seedWithUsers>[0]): Promise<number> {
  const emulator = await startEmulator({ limits: "off", costModel: "off", seed: seedWithUsers(users) });
  try {
    const started = Date.now();
    await promisify(execFile)(process.execPath, [join(root, "bin/dxm.cjs"), "migrate", dir, "--target", emulator.url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", owner, "--no-verify"], { maxBuffer: 256 * 1024 * 1024, env: { ...process.env, FORCE_COLOR: "0" } });
    return (Date.now() - started) / 1000;
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const given = values("--patients").map(Number);
  const sizes = given.length > 0 ? given : [1000, 5000, ...(process.argv.includes("--full") ? [10000] : [])];
  ensureBuilt();
  const results: BrowserBenchResults = { measuredOn: new Date().toISOString(), node: process.version, sizes: [] };
  for (const patients of sizes) {
    const set = await exportSet(DEFAULT_WORK_DIR, patients, 42);
    const owner = fallbackOwner(set.users);
    const browser = await inBrowser(patients, set.dir, owner);
    const dxmSeconds = await withDxm(set.dir, owner, set.users);
    const size: BrowserSizeResult = { patients, ...browser, dxmSeconds };
    results.sizes.push(size);
    process.stdout.write(`${patients} patients: ${size.status} in ${size.seconds.toFixed(1)} s (dxm migrate ${dxmSeconds.toFixed(1)} s), ${size.records} records (${size.duplicates} twice, ${size.missing} missing); ` +
      `long tasks ${size.longTasks.count} (${(size.longTasks.totalMs / 1000).toFixed(2)} s, longest ${size.longTasks.longestMs.toFixed(0)} ms); ` +
      `peak JS heap of the page ${size.peakHeapMb.page.toFixed(0)} MB, of the page and its workers ${size.peakHeapMb.pageAndWorkers?.toFixed(0) ?? "–"} MB, renderer RSS (page + workers) ${size.peakHeapMb.rendererRss.toFixed(0)} MB${size.inWorker ? "" : " (no worker: page thread)"}\n`);
  }
  const dir = join(RESULTS_DIR, "browser");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, timeFileName(results.measuredOn)), `${JSON.stringify(results, null, 2)}\n`);
  await rewriteResultsMarkdown();
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
