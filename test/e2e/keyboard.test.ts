/**
 * Keyboard only: the upload buttons are reachable with Tab and open the file chooser, the steps move with
 * the arrow keys, and a confidence badge shows its evidence on focus.
 */
import { join } from "node:path";
import { startDevSession } from "../../scripts/dev/session";
import type { DevSession } from "../../scripts/dev/session";
import { ensureBuilt, root } from "./support/build";
import { openBrowser } from "./support/browser";
import type { Browser } from "./support/browser";
import { STEP_TIMEOUT, committedSample } from "./support/studio";

jest.setTimeout(10 * 60_000);

const samplesDir = process.env.DXM_E2E_SAMPLES ?? join(root, "samples");

describe("Migration Studio with the keyboard", () => {
  let session: DevSession;
  let browser: Browser;
  let files: string[];

  beforeAll(async () => {
    ensureBuilt();
    const clean = committedSample(samplesDir, "clean");
    files = clean.files.map((f) => join(samplesDir, clean.name, f));
    session = await startDevSession({ root, port: 0, samplesDir });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await session?.close();
  });

  it("uploads, moves between steps and reads evidence without a mouse", async () => {
    const { page } = browser;
    await page.goto(session.host.formUrl);
    await page.getByRole("heading", { name: "Migration Studio" }).waitFor();

    // A standing listener turns Playwright's file-chooser interception on now, long before the key is pressed:
    // a chooser opened while interception was still being switched on went unseen, and a later Enter then
    // opened none (fresh clone, loaded machine).
    const keepIntercepting = () => undefined;
    page.on("filechooser", keepIntercepting);
    const focusedName = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
    // Playwright turns on file-chooser interception asynchronously when the wait starts; on a loaded
    // machine the key can win that race and the chooser goes unseen, so a missed chooser is tried again.
    const chooseWithEnter = async () => {
      for (let attempt = 1; ; attempt++) {
        for (let i = 0; i < 30 && (await focusedName()) !== "Choose files"; i++) await page.keyboard.press("Tab");
        expect(await focusedName()).toBe("Choose files");
        try {
          const [chooser] = await Promise.all([page.waitForEvent("filechooser", { timeout: 10_000 }), page.keyboard.press("Enter")]);
          return chooser;
        } catch (error) {
          if (attempt >= 3) throw error;
        }
      }
    };
    const chooser = await chooseWithEnter();
    page.off("filechooser", keepIntercepting);
    await chooser.setFiles(files);
    await page.getByText(/^Inventory: \d+ export files/).waitFor({ timeout: STEP_TIMEOUT });

    await page.getByRole("tab", { name: "1 Upload" }).focus();
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("Enter");
    await page.getByRole("combobox", { name: "Export file" }).waitFor();
    expect(await page.getByRole("tab", { name: "2 Map" }).getAttribute("aria-selected")).toBe("true");

    const badge = page.getByRole("table", { name: /^Proposed map for / }).getByText(/^High \d+%$/).first();
    await badge.focus();
    const tooltip = page.getByRole("tooltip");
    await tooltip.waitFor();
    expect(((await tooltip.textContent()) ?? "").length).toBeGreaterThan(10);
    await browser.shot("keyboard-evidence");
  });
});
