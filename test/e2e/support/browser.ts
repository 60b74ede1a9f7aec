import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import type { BrowserContext, Page } from "playwright-core";
import { root } from "./build";

export const screenshotDir = join(root, "test-artifacts", "screenshots");

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Saves test-artifacts/screenshots/<name>.png (full page). */
  shot(name: string): Promise<void>;
  /** Requests the page made to anything but 127.0.0.1 (must stay empty). */
  offLoopback: string[];
  close(): Promise<void>;
}

/** Chromium from /usr/bin/chromium on a fresh profile, headless, with every background network feature off. */
export async function openBrowser(viewport = { width: 1280, height: 720 }): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "dxm-e2e-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport,
    acceptDownloads: true,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const offLoopback: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (/^https?:$/.test(url.protocol) && url.hostname !== "127.0.0.1") offLoopback.push(request.url());
  });
  mkdirSync(screenshotDir, { recursive: true });
  return {
    context,
    page,
    offLoopback,
    shot: async (name) => {
      await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage: true });
    },
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
