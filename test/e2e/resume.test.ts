/**
 * Resume after the browser was closed mid-run: the run row is left Running; reopening the form and
 * uploading the same exports offers to resume, and the resumed run completes and reconciles without
 * duplicates (upserts by source key, ledger and run stamp).
 */
import { join } from "node:path";
import { startDevSession } from "../../scripts/dev/session";
import type { DevSession } from "../../scripts/dev/session";
import { ensureBuilt, root } from "./support/build";
import { openBrowser } from "./support/browser";
import { STEP_TIMEOUT, choosePracticeZone, committedSample, loadLinkOf, openStep, pick, uploadSample } from "./support/studio";
import type { Page } from "playwright-core";

jest.setTimeout(15 * 60_000);

const samplesDir = process.env.DXM_E2E_SAMPLES ?? join(root, "samples");

describe("resume after the browser was closed", () => {
  let session: DevSession;
  let sampleLabel: RegExp;

  beforeAll(async () => {
    ensureBuilt();
    sampleLabel = loadLinkOf(committedSample(samplesDir, "clean"));
    session = await startDevSession({ root, port: 0, samplesDir });
  });

  afterAll(async () => {
    await session?.close();
  });

  async function fallbackOwner(page: Page): Promise<void> {
    await openStep(page, "3 Pre-flight");
    await page.getByRole("button", { name: "Run the checks" }).click();
    await page.getByText("Providers and their Dynamics users").waitFor({ timeout: STEP_TIMEOUT });
    await pick(page, "Fallback owner", /^admin@dental\.example$/);
  }

  /** Until the emulator holds a procedures write unanswered. */
  async function waitForStalledWrite(): Promise<void> {
    for (let i = 0; i < 600 && session.emulator.stats().faults === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(session.emulator.stats().faults).toBeGreaterThan(0);
  }

  it("offers to resume the run on reopening, and the resumed run reconciles", async () => {
    const first = await openBrowser();
    try {
      const { page } = first;
      await page.goto(session.host.formUrl);
      await uploadSample(page, sampleLabel);
      await openStep(page, "2 Map");
      await choosePracticeZone(page);
      await page.getByRole("button", { name: "Confirm map" }).click();
      await page.getByText("Pre-flight checks").waitFor({ timeout: STEP_TIMEOUT });
      await fallbackOwner(page);
      await openStep(page, "5 Full run");
      // Writes of procedures commit and then never answer: the run is certainly mid-way, with a chunk
      // written but not yet ledgered, when the browser is closed (a sample this small otherwise finishes
      // before a test can close the tab).
      session.emulator.emulator.setFaults("stall:1@dxm_treatmenthistory/write");
      await page.getByRole("button", { name: "Start the full run" }).click();
      const grid = page.getByRole("table", { name: "Full run progress per table" });
      await grid.getByRole("row").filter({ hasText: "account" }).getByText("Done").waitFor({ timeout: STEP_TIMEOUT });
      await waitForStalledWrite();
      await first.shot("resume-1-before-close");
    } finally {
      await first.close();
      session.emulator.emulator.setFaults(undefined);
    }

    const second = await openBrowser();
    try {
      const { page } = second;
      await page.goto(session.host.formUrl);
      await page.locator("#run-status", { hasText: "Running" }).waitFor({ timeout: STEP_TIMEOUT });
      await page.getByText("This run stopped while Running").waitFor();
      await second.shot("resume-2-reopened");
      await uploadSample(page, sampleLabel);
      await fallbackOwner(page);
      await openStep(page, "5 Full run");
      await page.getByRole("button", { name: "Resume the run" }).click();
      await page.getByText("Run finished: Completed", { exact: true }).waitFor({ timeout: STEP_TIMEOUT });
      await second.shot("resume-3-finished");
      await page.getByRole("button", { name: "Reconcile", exact: true }).click();
      await page.getByRole("heading", { name: "Reconciliation" }).waitFor();
      await page.getByRole("button", { name: "Reconcile", exact: true }).click();
      await page.getByText("Everything reconciles.").waitFor({ timeout: STEP_TIMEOUT });
      expect(await page.getByText("Mismatch", { exact: true }).count()).toBe(0);
      await second.shot("resume-4-reconciled");
    } finally {
      await second.close();
    }
  });
});
