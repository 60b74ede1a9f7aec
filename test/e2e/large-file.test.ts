/**
 * A million-row export is read and profiled in the parse worker while the form keeps rendering: progress
 * keeps arriving on screen during the read, and the inventory counts every row.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { startDevSession } from "../../scripts/dev/session";
import type { DevSession } from "../../scripts/dev/session";
import { ensureBuilt, root } from "./support/build";
import { openBrowser } from "./support/browser";
import type { Browser } from "./support/browser";
import { STEP_TIMEOUT } from "./support/studio";

jest.setTimeout(15 * 60_000);

const ROWS = 1_000_000;

/** A patients export of ROWS rows (synthetic names, no real data). */
async function writeLargeExport(dir: string): Promise<string> {
  const path = join(dir, "patients.csv");
  const out = createWriteStream(path);
  out.write("Patient ID,First Name,Last Name,Birth Date,Primary Location ID\r\n");
  for (let i = 1; i <= ROWS; i++) {
    const line = `${100000 + i},Pat${i % 997},Doe${i % 1009},${String(1 + (i % 12)).padStart(2, "0")}/${String(1 + (i % 28)).padStart(2, "0")}/${1940 + (i % 70)},${1 + (i % 6)}\r\n`;
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return path;
}

describe("a million-row export", () => {
  let session: DevSession;
  let browser: Browser;
  let dir: string;
  let file: string;

  beforeAll(async () => {
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), "dxm-large-"));
    file = await writeLargeExport(dir);
    session = await startDevSession({ root, port: 0, samplesDir: dir });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await session?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is read in the worker while the form keeps rendering progress", async () => {
    const { page } = browser;
    const workers: string[] = [];
    page.on("worker", (worker) => workers.push(worker.url()));
    await page.goto(session.host.formUrl);
    await page.getByRole("heading", { name: "Migration Studio" }).waitFor();
    await page.locator("input[data-dxm-upload='files']").setInputFiles(file);

    // The progress line ("…, N rows so far") changes several times before the read ends: the page thread
    // is free to render while the worker reads.
    const progress = page.getByText(/rows so far$/);
    await progress.waitFor({ timeout: STEP_TIMEOUT });
    const seen = new Set<string>();
    while (seen.size < 3 && (await progress.count()) > 0) {
      const text = await progress.textContent().catch(() => null);
      if (text) seen.add(text);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
    }
    expect(seen.size).toBeGreaterThanOrEqual(3);
    await browser.shot("large-1-reading");

    await page.getByText(/^Inventory: 1 export files/).waitFor({ timeout: STEP_TIMEOUT });
    const row = page.getByRole("row").filter({ hasText: "patients.csv" });
    await row.getByText(ROWS.toLocaleString("en-US"), { exact: true }).waitFor();
    expect(workers.some((url) => url.startsWith("blob:"))).toBe(true);
    await browser.shot("large-2-inventory");
  });
});
