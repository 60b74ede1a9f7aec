/**
 * The form answers a click on Pause while the run worker builds the plan of a large practice: the Pause
 * button turns into Resume before the worker has finished planning. Shown by the order of the app's own
 * events, never by a timing: the click lands while the run's status says it is planning, and when the page
 * shows Resume no table has reported progress (the first stage reports before it writes anything), the run
 * row has not been set Running (the engine does that once the plan is built) and nothing of the run is in
 * the org. The click's latency (from the input event's
 * timestamp to the DOM showing Resume) is printed, not asserted: the machines running tests are shared.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startDevSession } from "../../scripts/dev/session";
import type { DevSession } from "../../scripts/dev/session";
import { listSamples } from "../../scripts/dev/assets";
import { generateExports } from "../../scripts/generate";
import type { DynamicsUser } from "../../scripts/generate";
import { connect } from "../../scripts/dxm/connect";
import { readRunRecord } from "../../migration/ledger";
import { stampedTotal } from "../../bench/verify";
import { fallbackOwner } from "../../bench/harness/seed";
import { ensureBuilt, root } from "./support/build";
import { openBrowser } from "./support/browser";
import { STEP_TIMEOUT, loadLinkOf, readyFullRun } from "./support/studio";

jest.setTimeout(15 * 60_000);

/** About 50,000 rows: planning them (reading, validating every record against the org) takes seconds. */
const PATIENTS = 3000;
const PROGRESS_GRID = "Full run progress per table";

/** What the page saw of the click on Pause, recorded in the page as it happened. */
interface PauseSeen {
  /** The click event's timestamp (when the input happened, before the page's thread could handle it). */
  clickAt?: number;
  /** The run's status line beside the button when the click was handled. */
  statusAtClick?: string;
  /** When the DOM first showed Resume, and whether the progress grid was there at that moment. */
  answeredAt?: number;
  gridShown?: boolean;
  /** When the progress grid first appeared (the plan built, its first stage reporting). */
  gridAt?: number;
}

/** Installed in the page before the click: records the click on Pause and the first DOM change showing Resume. */
function watchPause(grid: string): void {
  const seen: PauseSeen = {};
  (window as unknown as { __dxmPause: PauseSeen }).__dxmPause = seen;
  const hasButton = (text: string) => [...document.querySelectorAll("button")].some((b) => b.textContent === text);
  document.addEventListener("click", (event) => {
    const button = (event.target as Element | null)?.closest("button");
    if (seen.clickAt !== undefined || button?.textContent !== "Pause") return;
    seen.clickAt = event.timeStamp;
    seen.statusAtClick = button.parentElement?.querySelector("[aria-live='polite']")?.textContent ?? undefined;
  }, true);
  new MutationObserver(() => {
    const gridShown = document.querySelector(`[aria-label="${grid}"]`) !== null;
    if (gridShown && seen.gridAt === undefined) seen.gridAt = performance.now();
    if (seen.clickAt === undefined || seen.answeredAt !== undefined || !hasButton("Resume")) return;
    seen.answeredAt = performance.now();
    seen.gridShown = gridShown;
  }).observe(document.body, { subtree: true, childList: true, characterData: true });
}

describe("Pause while the run worker plans a large practice", () => {
  let dir: string;
  let owner: string;
  let session: DevSession;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), "dxm-e2e-planning-"));
    await generateExports({ out: dir, patients: PATIENTS, seed: 29, attachments: false });
    owner = fallbackOwner(JSON.parse(readFileSync(join(dir, "dynamics-users.json"), "utf8")) as DynamicsUser[]);
    // Without service protection and the cost model: only the client's own work shows.
    session = await startDevSession({ root, port: 0, samplesDir: dir, limits: "off" });
  });

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("turns Pause into Resume before the plan is built", async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      const client = await connect(session.emulator.url);
      await page.goto(session.host.formUrl);
      await readyFullRun(page, loadLinkOf(listSamples(dir)[0]), owner);
      await page.evaluate(watchPause, PROGRESS_GRID);

      const workers: string[] = [];
      page.on("worker", (worker) => workers.push(worker.url()));
      await page.getByRole("button", { name: "Start the full run", exact: true }).click();
      // Enabled once the worker has opened the run: from here until its first stage reports, it reads the
      // org and builds the plan.
      const pause = page.getByRole("button", { name: "Pause", exact: true, disabled: false });
      await pause.waitFor({ timeout: STEP_TIMEOUT });
      await pause.click();
      await page.getByRole("button", { name: "Resume", exact: true }).waitFor();

      const seen = await page.evaluate(() => (window as unknown as { __dxmPause: PauseSeen }).__dxmPause);
      expect(seen.clickAt).toBeDefined();
      expect(seen.answeredAt).toBeDefined();
      // The plan is built in the run worker (a worker from a Blob URL, started by the click on Start)...
      expect(workers.filter((url) => url.startsWith("blob:"))).toHaveLength(1);
      expect(await page.getByText(/could not start a background worker/).count()).toBe(0);
      // ...and the click landed while the run said it was planning, and was answered before the plan was built.
      expect(seen.statusAtClick).toBe("Reading the exports and planning…");
      expect(seen.gridShown).toBe(false);
      expect(stampedTotal(session.emulator.emulator, session.runId)).toBe(0);
      expect((await readRunRecord(client, session.runId))?.status).toBe("Map confirmed");
      process.stdout.write(`Pause answered ${(seen.answeredAt! - seen.clickAt!).toFixed(0)} ms after the click, while the worker planned ${PATIENTS} patients\n`);
      await browser.shot("planning-1-paused");

      // The plan gets built all the same: its first stage reports, and the paused run then holds.
      const grid = page.getByRole("table", { name: PROGRESS_GRID });
      await grid.waitFor({ timeout: STEP_TIMEOUT });
      const planned = await page.evaluate(() => (window as unknown as { __dxmPause: PauseSeen }).__dxmPause.gridAt);
      if (planned !== undefined) process.stdout.write(`the worker's first stage reported ${((planned - seen.answeredAt!) / 1000).toFixed(1)} s after Pause was answered\n`);
      await grid.getByText("Paused", { exact: true }).first().waitFor({ timeout: STEP_TIMEOUT });
      await page.getByRole("button", { name: "Cancel", exact: true }).click();
      await page.getByRole("button", { name: "Cancel the run", exact: true }).click();
      await page.getByText(/^The run was cancelled\./).waitFor({ timeout: STEP_TIMEOUT });
      await browser.shot("planning-2-cancelled");
    } finally {
      await browser.close();
    }
  });
});
