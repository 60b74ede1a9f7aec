/**
 * A dirty export walked to its error report in Chromium: the inventory flags the files, pre-flight lists
 * the validation problems and downloads the rows concerned (CSV, formula-safe), the run leaves the errored
 * rows out with the admin's consent and offers its error rows as CSV.
 */
import { join } from "node:path";
import Papa from "papaparse";
import { startDevSession } from "../../scripts/dev/session";
import type { DevSession } from "../../scripts/dev/session";
import { ensureBuilt, root } from "./support/build";
import { openBrowser } from "./support/browser";
import type { Browser } from "./support/browser";
import { STEP_TIMEOUT, choosePracticeZone, committedSample, downloadText, loadLinkOf, openStep, pick, uploadSample } from "./support/studio";

jest.setTimeout(15 * 60_000);

const samplesDir = process.env.DXM_E2E_SAMPLES ?? join(root, "samples");

/** A cell a spreadsheet would run as a formula: starts with = + - @ (a leading ' makes it text). */
const runsAsFormula = (cell: string) => /^[=+\-@\t\r]/.test(cell);

describe("Migration Studio on a dirty export", () => {
  let session: DevSession;
  let browser: Browser;
  let sampleLabel: RegExp;
  let dirtyFiles: string[];

  beforeAll(async () => {
    ensureBuilt();
    const dirty = committedSample(samplesDir, "dirty");
    dirtyFiles = dirty.files;
    sampleLabel = loadLinkOf(dirty);
    session = await startDevSession({ root, port: 0, samplesDir });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await session?.close();
  });

  it("walks the dirty export to its error report", async () => {
    const { page } = browser;
    await page.goto(session.host.formUrl);
    await uploadSample(page, sampleLabel);
    expect(await page.getByText(/^\d+ problems$/).count()).toBeGreaterThan(0);
    await browser.shot("dirty-1-upload");

    // The map as proposed cannot be confirmed when a damaged key column was not recognised: Confirm says
    // which required field has no column, and the admin picks it, as they would.
    await openStep(page, "2 Map");
    await choosePracticeZone(page);
    await page.getByRole("button", { name: "Confirm map" }).click();
    const refusal = page.getByRole("alert").filter({ hasText: "The map could not be saved on the run" });
    await Promise.race([page.getByText("Pre-flight checks").waitFor({ timeout: STEP_TIMEOUT }), refusal.waitFor({ timeout: STEP_TIMEOUT })]);
    if (await refusal.isVisible()) {
      const text = (await refusal.textContent()) ?? "";
      // The bar's title runs into its text: take the sample's file name the match ends with.
      const missing = [...text.matchAll(/(\S+\.csv): required field (.+?) of .+? has no column/g)].map((m) => ({ file: dirtyFiles.find((f) => m[1].endsWith(f))!, field: m[2] }));
      expect(missing.length).toBeGreaterThan(0);
      await browser.shot("dirty-2-map-refused");
      for (const { file, field } of missing) {
        await pick(page, "Export file", new RegExp(`^${file.replace(/\./g, "\\.")} `));
        await pick(page, `Target for ${field}`, new RegExp(`^${field} `));
      }
      await page.getByRole("button", { name: "Confirm map" }).click();
      await page.getByText("Pre-flight checks").waitFor({ timeout: STEP_TIMEOUT });
    }

    await page.getByRole("button", { name: "Run the checks" }).click();
    await page.getByText("Providers and their Dynamics users").waitFor({ timeout: STEP_TIMEOUT });
    await pick(page, "Fallback owner", /^admin@dental\.example$/);
    await page.getByRole("button", { name: "Check again" }).click();
    await page.getByRole("button", { name: /^Download the \d+ rows concerned/ }).waitFor({ timeout: STEP_TIMEOUT });
    await browser.shot("dirty-3-preflight");

    const issues = await downloadText(page, () => page.getByRole("button", { name: /^Download the \d+ rows concerned/ }).click());
    const rows = Papa.parse<string[]>(issues.text.trim()).data;
    // The problems, then the rows they concern under their files' headers.
    expect(rows[0].slice(0, 7)).toEqual(["severity", "code", "file", "line", "column", "sourceKey", "reason"]);
    expect(rows[0]).toContain("Patient ID");
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) {
      expect(row[2]).toMatch(/\.csv$/);
      for (const cell of row) expect(runsAsFormula(cell)).toBe(false);
    }
    const withValues = rows.slice(1).filter((row) => row.slice(7).some((cell) => cell !== ""));
    expect(withValues.length).toBeGreaterThan(0);
    const errors = rows.filter((r) => r[0] === "error").length;
    expect(errors).toBeGreaterThan(0);

    // With consent, the run leaves the errored rows out and reports them.
    await page.getByRole("checkbox", { name: /rows with errors out of the run/ }).check();
    await openStep(page, "5 Full run");
    await page.getByRole("button", { name: "Start the full run" }).click();
    await page.getByText("Run finished: Completed with errors", { exact: true }).waitFor({ timeout: STEP_TIMEOUT });
    await browser.shot("dirty-4-full-run");
    const report = await downloadText(page, () => page.getByRole("button", { name: /^Download error rows/ }).click());
    const reportRows = Papa.parse<string[]>(report.text.trim()).data;
    expect(reportRows[0]).toEqual(["kind", "severity", "file", "line", "sourceKey", "table", "code", "reason"]);
    expect(reportRows.filter((r) => r[1] === "error").length).toBeGreaterThanOrEqual(errors);
    for (const row of reportRows.slice(1)) for (const cell of row) expect(runsAsFormula(cell)).toBe(false);
    expect(browser.offLoopback).toEqual([]);
  });
});
