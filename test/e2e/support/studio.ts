import type { Page } from "playwright-core";
import { existsSync, readFileSync } from "node:fs";
import { listSamples, type SampleSet } from "../../../scripts/dev/assets";

/** Long engine steps (planning, writing, reconciling) against the emulator; the bound is generous, never asserted. */
export const STEP_TIMEOUT = 180_000;

/** Loads one sample export set through the dev host's "Load … into Upload" link and waits for the inventory. */
export async function uploadSample(page: Page, sampleName: RegExp): Promise<void> {
  await page.getByRole("button", { name: sampleName }).click();
  await page.getByText(/^Inventory: \d+ export files/).waitFor({ timeout: STEP_TIMEOUT });
}

export async function openStep(page: Page, name: string): Promise<void> {
  await page.getByRole("tab", { name }).click();
}

/** Picks an option in a Fluent Combobox found by its accessible name. */
export async function pick(page: Page, comboboxName: string | RegExp, option: string | RegExp): Promise<void> {
  await page.getByRole("combobox", { name: comboboxName }).click();
  await page.getByRole("option", { name: option }).click();
}

/** Chooses the practice's time zone on the map screen as an admin does: types part of it, picks the option. */
export async function choosePracticeZone(page: Page, zone = "America/Chicago"): Promise<void> {
  const box = page.getByRole("combobox", { name: /Practice time zone/ });
  await box.click();
  await box.pressSequentially(zone.split("/").pop()!.replace(/_/g, " "));
  await page.getByRole("option", { name: zone, exact: true }).click();
  await page.getByText(`Local times are read as ${zone}`).waitFor();
}

/** Saves a download the page offers when `click` runs, and returns its text. */
export async function downloadText(page: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent("download"), click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, "utf8").replace(/^\ufeff/, "") };
}

/** Answers the Xrm shim's next modal dialog with the button named (after `beforeAnswer`, e.g. a screenshot). */
export async function answerDialog(page: Page, button: string, beforeAnswer?: () => Promise<void>): Promise<string> {
  const dialog = page.locator("dialog.xrm-dialog[open]");
  await dialog.waitFor({ timeout: STEP_TIMEOUT });
  const text = (await dialog.textContent()) ?? "";
  await beforeAnswer?.();
  await dialog.getByRole("button", { name: button }).click();
  await dialog.waitFor({ state: "detached" });
  return text;
}

/** The committed clean or dirty export set under `samplesDir`; a clear error when it is missing. */
export function committedSample(samplesDir: string, kind: "clean" | "dirty"): SampleSet {
  if (!existsSync(samplesDir)) throw new Error(`No export samples at ${samplesDir}: the test runs on the committed samples/.`);
  const found = listSamples(samplesDir).find((s) => /dirty/i.test(s.name) === (kind === "dirty"));
  if (!found) throw new Error(`No ${kind} export set under ${samplesDir}.`);
  return found;
}

/** The dev host's "Load <sample> (n files) into Upload" link of a sample set. */
export function loadLinkOf(sample: SampleSet): RegExp {
  return new RegExp(`^Load ${sample.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(`);
}

/**
 * Upload → map (the practice's zone) → confirm → pre-flight with `owner` as the fallback owner → the Full
 * run tab, as an admin prepares a full run.
 */
export async function readyFullRun(page: Page, sampleName: RegExp, owner: string): Promise<void> {
  await uploadSample(page, sampleName);
  await openStep(page, "2 Map");
  await choosePracticeZone(page);
  await page.getByRole("button", { name: "Confirm map" }).click();
  await page.getByText("Pre-flight checks").waitFor({ timeout: STEP_TIMEOUT });
  await openStep(page, "3 Pre-flight");
  await page.getByRole("button", { name: "Run the checks" }).click();
  await page.getByText("Providers and their Dynamics users").waitFor({ timeout: STEP_TIMEOUT });
  await pick(page, "Fallback owner", new RegExp(`^${owner.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`));
  await openStep(page, "5 Full run");
}

/**
 * Until `condition` holds (state outside the page, e.g. the emulator's counters or a run row), asked again
 * every 100 ms up to STEP_TIMEOUT; fails naming `what` if it never does. A wait for a state, not a timing.
 */
export async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + STEP_TIMEOUT;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Still waiting for ${what} after ${STEP_TIMEOUT / 1000} s.`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
