/**
 * The admin's whole journey in Chromium on the committed samples: upload, edit one mapping, confirm,
 * pre-flight, sample run rolled back, full run, reconciliation all green, Rollback from the command bar,
 * and the org empty again. Screenshots of every screen go to test-artifacts/screenshots/.
 */
import { join } from "node:path";
import { startDevSession } from "../../scripts/dev/session";
import type { DevSession } from "../../scripts/dev/session";
import { ensureBuilt, root } from "./support/build";
import { openBrowser } from "./support/browser";
import type { Browser } from "./support/browser";
import { STEP_TIMEOUT, answerDialog, choosePracticeZone, committedSample, loadLinkOf, openStep, pick, uploadSample } from "./support/studio";

jest.setTimeout(15 * 60_000);

/** Where the export sets are: the committed samples/ (DXM_E2E_SAMPLES points elsewhere, e.g. a generated set). */
const samplesDir = process.env.DXM_E2E_SAMPLES ?? join(root, "samples");
/** Tables a run writes; after the rollback none may hold a record. */
const MIGRATED = ["account", "contact", "connection", "annotation", "task", "phonecall", "email", "appointment",
  "dxm_treatmenthistory", "dxm_insurancepolicy", "dxm_coverage", "dxm_appointment", "dxm_billingrecord", "dxm_treatmentplan"];

describe("Migration Studio journey (clean samples)", () => {
  let session: DevSession;
  let browser: Browser;
  let sampleLabel: RegExp;

  beforeAll(async () => {
    ensureBuilt();
    sampleLabel = loadLinkOf(committedSample(samplesDir, "clean"));
    session = await startDevSession({ root, port: 0, samplesDir });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await session?.close();
  });

  it("walks upload → map → pre-flight → sample → full run → reconciliation → Rollback, leaving the org empty", async () => {
    const { page } = browser;
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    // The workers the control starts, by name: the parse worker reads the files, the run worker migrates.
    const workerNames: string[] = [];
    page.on("worker", (worker) => void worker.evaluate(() => self.name).then((name) => workerNames.push(name), () => workerNames.push("(ended before asked)")));
    await page.goto(session.host.formUrl);
    await page.getByRole("heading", { name: "Migration Studio" }).waitFor();
    await page.getByText("Draft", { exact: true }).first().waitFor();

    // 1 Upload: the sample set, read in the worker; control totals entered equal to what was found.
    await uploadSample(page, sampleLabel);
    await page.getByText("Files are read in a background worker", { exact: false }).waitFor();
    const patientsInput = page.getByLabel("Patients in Dental-Exec");
    const patientRows = await page.getByRole("row").filter({ hasText: "Patients" }).first().getByRole("cell").nth(2).textContent();
    await patientsInput.fill(String(Number((patientRows ?? "0").replace(/,/g, ""))));
    await page.getByText(/^Matches: /).first().waitFor();
    await browser.shot("1-upload");

    // 2 Map: edit one mapping with the searchable picker, then confirm.
    await openStep(page, "2 Map");
    await pick(page, "Export file", /^patients\.csv/);
    const picker = page.getByRole("combobox", { name: "Target for Preferred Name" });
    await picker.click();
    await picker.fill("middle");
    await page.getByRole("option", { name: /^Middle Initial/ }).waitFor();
    await picker.fill("");
    await page.getByRole("option", { name: "Do not migrate" }).click();
    await page.getByText("Edited", { exact: true }).waitFor();
    await browser.shot("2-map");
    await choosePracticeZone(page);
    await page.getByRole("button", { name: "Confirm map" }).click();
    await page.getByText("Pre-flight checks").waitFor({ timeout: STEP_TIMEOUT });
    await page.getByText("Map confirmed", { exact: true }).first().waitFor();

    // 3 Pre-flight: a fallback owner for providers without an enabled user; nothing may block.
    await page.getByRole("button", { name: "Run the checks" }).click();
    await page.getByText("Providers and their Dynamics users").waitFor({ timeout: STEP_TIMEOUT });
    await pick(page, "Fallback owner", /^admin@dental\.example$/);
    await page.getByRole("button", { name: "Check again" }).click();
    await page.getByText("Ready to run: nothing blocks the migration.").waitFor({ timeout: STEP_TIMEOUT });
    await browser.shot("3-preflight");

    // 4 Sample run: three patients with everything that belongs to them, then rolled back in one click.
    await openStep(page, "4 Sample run");
    await page.getByLabel("Patients in the sample").fill("3");
    await page.getByRole("button", { name: "Run the sample" }).click();
    await page.getByText("Sample run: Completed", { exact: true }).waitFor({ timeout: STEP_TIMEOUT });
    await browser.shot("4-sample");
    await page.getByRole("button", { name: "Roll the sample back" }).click();
    await page.getByText("Sample rolled back", { exact: true }).waitFor({ timeout: STEP_TIMEOUT });
    for (const table of MIGRATED) expect([table, session.emulator.stats().rowsPerTable[table] ?? 0]).toEqual([table, 0]);

    // 5 Full run.
    await openStep(page, "5 Full run");
    await page.getByRole("button", { name: "Start the full run" }).click();
    await page.getByText("Run finished: Completed", { exact: true }).waitFor({ timeout: STEP_TIMEOUT });
    await browser.shot("5-full-run");
    // The run went through the run worker, off the form's thread, and the Studio did not say otherwise.
    expect(workerNames).toContain("dxm-run");
    expect(await page.getByText(/could not start a background worker/).count()).toBe(0);
    const written = MIGRATED.reduce((n, t) => n + (session.emulator.stats().rowsPerTable[t] ?? 0), 0);
    expect(written).toBeGreaterThan(0);

    // 6 Reconciliation: all green.
    await page.getByRole("button", { name: "Reconcile", exact: true }).click();
    await page.getByRole("heading", { name: "Reconciliation" }).waitFor();
    await page.getByRole("button", { name: "Reconcile", exact: true }).click();
    await page.getByText("Everything reconciles.").waitFor({ timeout: STEP_TIMEOUT });
    expect(await page.getByText("Mismatch", { exact: true }).count()).toBe(0);
    await browser.shot("6-reconciliation");

    // Rollback from the command bar (the real web resource, enabled by its own rule once the form shows the
    // completed run), then the org holds no migrated record.
    await page.getByRole("button", { name: "Refresh", exact: true }).click();
    await page.locator("#run-status", { hasText: "Completed" }).waitFor();
    await page.getByRole("button", { name: "Rollback", exact: true }).click();
    const confirmation = await answerDialog(page, "Roll back", () => browser.shot("7-rollback-confirm"));
    expect(confirmation).toMatch(/contact/);
    await answerDialog(page, "OK", () => browser.shot("8-rollback-summary"));
    await page.locator("#run-status", { hasText: "Rolled back" }).waitFor({ timeout: STEP_TIMEOUT });
    // The control reads its run again when the form refreshes.
    await page.locator("[data-dxm-studio]").getByText("Rolled back", { exact: true }).waitFor();
    await browser.shot("9-rolled-back");
    const left = Object.fromEntries(MIGRATED.map((t) => [t, session.emulator.stats().rowsPerTable[t] ?? 0]));
    expect(left).toEqual(Object.fromEntries(MIGRATED.map((t) => [t, 0])));

    expect(pageErrors).toEqual([]);
    expect(browser.offLoopback).toEqual([]);
  });

  it("is usable in a narrow form column", async () => {
    const narrow = await openBrowser({ width: 560, height: 900 });
    try {
      await narrow.page.goto(session.host.formUrl);
      await narrow.page.getByRole("heading", { name: "Migration Studio" }).waitFor();
      await uploadSample(narrow.page, sampleLabel);
      const overflow = await narrow.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await narrow.shot("10-narrow-upload");
    } finally {
      await narrow.close();
    }
  });
});
