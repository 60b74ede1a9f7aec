/**
 * A worker's peak RSS is its own. On Linux, `process.resourceUsage().maxRSS` in a spawned process reports the
 * parent's resident memory at the spawn when that was larger: the bench's workers, spawned beside an emulator
 * holding a migrated practice, reported the bench's memory. `peakRssMb` reads the process's own high-water mark.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const linux = process.platform === "linux";

(linux ? it : it.skip)("reports the worker's own peak, not the memory its parent held when it spawned it", () => {
  const dir = mkdtempSync(join(tmpdir(), "dxm-peak-rss-"));
  const child = join(dir, "child.ts");
  writeFileSync(child, `import { peakRssMb } from ${JSON.stringify(join(__dirname, "../../../bench/harness/measure"))};
process.stdout.write(JSON.stringify({ own: peakRssMb(), maxRss: process.resourceUsage().maxRSS / 1024 }));\n`);
  const parent = join(dir, "parent.js");
  // The parent holds 400 MB (written, so resident) while its child runs.
  writeFileSync(parent, `const held = Buffer.alloc(400 * 1024 * 1024, 1);
const out = require("node:child_process").execFileSync(process.execPath, ["-r", ${JSON.stringify(require.resolve("tsx/cjs"))}, ${JSON.stringify(child)}], { encoding: "utf8" });
process.stdout.write(out + " " + held[0]);\n`);
  const [json] = execFileSync(process.execPath, [parent], { encoding: "utf8" }).split(" ");
  const { own, maxRss } = JSON.parse(json) as { own: number; maxRss: number };
  expect(maxRss).toBeGreaterThan(400);
  expect(own).toBeLessThan(250);
  expect(own).toBeGreaterThan(10);
});
