/**
 * Pause, resume and cancel a full run in the run worker, then resume it to the end: every planned record
 * lands exactly once (one row per dxm_sourcekey, each stamped with the run). Each step waits on the app's
 * own events (the buttons, the progress grid, the run row), never on a timing. The emulator's fault
 * injection holds the run where a step needs it, with 429s that the client waits out and retries as it
 * does against Dataverse: its read of the org while Pause is clicked (so the plan cannot be finished, and
 * nothing written, before the pause), and every write to the migrated tables while Cancel is clicked (so
 * the run cannot end before the cancel).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { startDevSession } from "../../scripts/dev/session";
import type { DevSession } from "../../scripts/dev/session";
import { listSamples } from "../../scripts/dev/assets";
import { generateExports } from "../../scripts/generate";
import type { DynamicsUser } from "../../scripts/generate";
import { connect } from "../../scripts/dxm/connect";
import { readRunRecord } from "../../migration/ledger";
import { migratedTables } from "../../migration/model/tables";
import type { DataverseClientApi } from "../../dataverse/types";
import { countByStamp, stampedTotal } from "../../bench/verify";
import { fallbackOwner } from "../../bench/harness/seed";
import { landingDifferences, plannedKeys } from "../resilience/harness";
import { ensureBuilt, root } from "./support/build";
import { openBrowser } from "./support/browser";
import { STEP_TIMEOUT, loadLinkOf, readyFullRun, until } from "./support/studio";

jest.setTimeout(15 * 60_000);

/** Enough patients (about 17,000 records) that the large stages load in several chunks: a pause and a cancel find chunks still to go. */
const PATIENTS = 1000;
/** Refuses the run's one read of the org (its `$batch` reads the connection roles): the plan cannot finish. */
const HOLD_ORG_READ = "429:1@connectionroles";
/** Refuses every write to a table the migration loads (not the run row or its ledger). */
const HOLD_WRITES = migratedTables.map((t) => `429:1@${t.logicalName}/write`).join(",");

describe("pause, resume and cancel a full run in the run worker", () => {
  let dir: string;
  let owner: string;
  let session: DevSession;
  let client: DataverseClientApi;
  let planned: Awaited<ReturnType<typeof plannedKeys>>;
  let plannedRecords: number;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), "dxm-e2e-controls-"));
    await generateExports({ out: dir, patients: PATIENTS, seed: 23, attachments: false });
    owner = fallbackOwner(JSON.parse(readFileSync(join(dir, "dynamics-users.json"), "utf8")) as DynamicsUser[]);
    // Service protection and the cost model off: the faults below are what holds the run.
    session = await startDevSession({ root, port: 0, samplesDir: dir, limits: "off" });
    client = await connect(session.emulator.url);
    // What the run must write, from the plan itself: per table the source keys of the records it creates.
    planned = await plannedKeys(dir, client, owner);
    plannedRecords = [...planned.values()].reduce((n, t) => n + t.records, 0);
  });

  afterAll(async () => {
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const runStatus = async () => (await readRunRecord(client, session.runId))?.status;
  const landed = () => stampedTotal(session.emulator.emulator, session.runId);
  const faults = () => session.emulator.stats().faults;
  const setFaults = (spec: string | undefined) => session.emulator.emulator.setFaults(spec);
  const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

  it("pauses while planning, resumes, cancels mid-run, resumes again: every record lands once", async () => {
    const browser = await openBrowser();
    try {
      const { page } = browser;
      const workers: string[] = [];
      page.on("worker", (worker) => workers.push(worker.url()));
      await page.goto(session.host.formUrl);
      await readyFullRun(page, loadLinkOf(listSamples(dir)[0]), owner);
      const grid = page.getByRole("table", { name: "Full run progress per table" });

      // Start with the org read held: the worker has the run (Pause is enabled) and is planning.
      const workersBeforeRun = workers.length;
      setFaults(HOLD_ORG_READ);
      await button(page, "Start the full run").click();
      await page.getByRole("button", { name: "Pause", exact: true, disabled: false }).waitFor({ timeout: STEP_TIMEOUT });
      await until(() => faults() > 0, "the run's read of the org to be refused");
      expect(landed()).toBe(0);

      // Pause, then let the plan finish: the worker writes the first chunk of its stages and holds, saying so
      // in the grid (a table Paused) and on the run row.
      await button(page, "Pause").click();
      await button(page, "Resume").waitFor();
      await page.getByText("Paused after the last chunk.").waitFor();
      setFaults(undefined);
      await grid.getByText("Paused", { exact: true }).first().waitFor({ timeout: STEP_TIMEOUT });
      await until(async () => (await runStatus()) === "Paused", "the run row to say Paused");
      const atPause = landed();
      expect(atPause).toBeGreaterThan(0);
      expect(atPause).toBeLessThan(plannedRecords);
      await browser.shot("controls-1-paused");

      // Resume with every write to the migrated tables refused: the worker goes on (the run row says Running
      // again, the grid shows no table paused) but the run cannot end.
      setFaults(HOLD_WRITES);
      await button(page, "Resume").click();
      await button(page, "Pause").waitFor();
      await until(async () => (await runStatus()) === "Running", "the run row to say Running again");
      await grid.getByText("Paused", { exact: true }).first().waitFor({ state: "detached", timeout: STEP_TIMEOUT });
      const refusedAtResume = faults();
      await until(() => faults() > refusedAtResume, "a write of the resumed run to be refused");

      // Cancel while the writes are held; once they are let through the run stops after the chunks in flight.
      const atCancel = landed();
      expect(atCancel).toBeLessThan(plannedRecords);
      await button(page, "Cancel").click();
      await button(page, "Cancel the run").click();
      setFaults(undefined);
      await page.getByText(/^The run was cancelled\./).waitFor({ timeout: STEP_TIMEOUT });
      expect(await runStatus()).toBe("Cancelled");
      const afterCancel = landed();
      expect(afterCancel).toBeLessThan(plannedRecords);
      await browser.shot("controls-2-cancelled");

      // Resume the cancelled run from the same screen: it continues from its ledger to the end.
      await button(page, "Resume the run").click();
      await page.getByText("Run finished: Completed", { exact: true }).waitFor({ timeout: STEP_TIMEOUT });
      await browser.shot("controls-3-finished");
      process.stdout.write(`run controls: ${atPause} records at the pause, ${afterCancel} after the cancel, ${landed()} at the end of ${plannedRecords} planned\n`);

      // Every planned record exactly once: one row per source key, none missing, none unplanned...
      expect(landingDifferences(session.emulator, planned)).toEqual([]);
      // ...and each carries the run's stamp (notes, which carry none, are counted above).
      const run = await readRunRecord(client, session.runId);
      const stamped = countByStamp(session.emulator.emulator, session.runId, run?.counters ?? {}).filter((c) => c.table !== "annotation");
      expect(stamped.map((c) => ({ table: c.table, stamped: c.stamped, keys: c.distinctKeys })))
        .toEqual(stamped.map((c) => ({ table: c.table, stamped: planned.get(c.table)?.records, keys: planned.get(c.table)?.records })));
      expect(stamped.map((c) => c.table).sort()).toEqual([...planned.keys()].filter((t) => t !== "annotation").sort());

      // All of it ran in run workers (from Blob URLs: one per start), not on the page's thread.
      expect(workers.slice(workersBeforeRun).filter((url) => url.startsWith("blob:"))).toHaveLength(2);
      expect(await page.getByText(/could not start a background worker/).count()).toBe(0);
    } finally {
      await browser.close();
      setFaults(undefined);
    }
  });
});
