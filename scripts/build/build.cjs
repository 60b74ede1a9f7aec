#!/usr/bin/env node
// `npm run build`: the PCF control (production), the web resources, then the solution zips that carry
// both. Stops at the first failure with a non-zero exit code.
const { spawnSync } = require("node:child_process");
const path = require("node:path");

const root = path.resolve(__dirname, "../..");
const steps = [
  ["PCF control", [path.join(__dirname, "build-pcf.cjs")]],
  ["web resources", [path.join(__dirname, "build-webresources.cjs")]],
  ["solution zips", [path.join(root, "bin", "dxm.cjs"), "pack", "--out", path.join(root, "dist")]],
];

for (const [name, args] of steps) {
  process.stdout.write(`build: ${name}\n`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: "1" } });
  if (result.status !== 0) {
    process.stderr.write(`build: ${name} failed (exit ${result.status})\n`);
    process.exit(result.status || 1);
  }
}
process.stdout.write("build: done\n");
