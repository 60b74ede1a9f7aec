import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

export const root = join(__dirname, "../../..");
const needed = ["out/controls/MigrationStudio/bundle.js", "out/webresources/dxm_/scripts/rollback.js"];

/** The e2e tests drive the real build output: build it when out/ lacks it, or fail saying why. */
export function ensureBuilt(): void {
  if (needed.every((f) => existsSync(join(root, f)))) return;
  const result = spawnSync(process.execPath, [join(root, "scripts/build/build.cjs")], { cwd: root, encoding: "utf8", env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: "1" }, maxBuffer: 64 * 1024 * 1024 });
  const missing = needed.filter((f) => !existsSync(join(root, f)));
  if (result.status !== 0 || missing.length > 0) {
    throw new Error(`The e2e tests need \`npm run build\` output (${missing.join(", ") || "build failed"}). The build said:\n${result.stdout}${result.stderr}`);
  }
}
