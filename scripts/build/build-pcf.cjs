#!/usr/bin/env node
// Builds the PCF controls with pcf-scripts and fails when the build failed.
// pcf-scripts 1.51.1 exits 0 even when the manifest is invalid or TypeScript does not compile, so this
// script reads its output for "[build] Succeeded", checks that every control's bundle.js and
// ControlManifest.xml were written, and type-checks the control sources with tsc.
//   node scripts/build/build-pcf.cjs [--root DIR] [--mode production|development]
const { spawnSync } = require("node:child_process");
const { existsSync, readdirSync, statSync, rmSync } = require("node:fs");
const path = require("node:path");

function parseArgs(argv) {
  const args = { root: path.resolve(__dirname, "../.."), mode: "production" };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--root") args.root = path.resolve(argv[++i]);
    else if (argv[i] === "--mode") args.mode = argv[++i];
  }
  return args;
}

/** Control folders: those holding a ControlManifest.Input.xml under pcf-controls/. */
function controlFolders(root) {
  const base = path.join(root, "pcf-controls");
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .map((name) => path.join(base, name))
    .filter((dir) => statSync(dir).isDirectory() && existsSync(path.join(dir, "ControlManifest.Input.xml")));
}

function fail(message, output) {
  if (output) process.stderr.write(output.endsWith("\n") ? output : `${output}\n`);
  process.stderr.write(`build-pcf: FAILED: ${message}\n`);
  process.exit(1);
}

function main() {
  const { root, mode } = parseArgs(process.argv.slice(2));
  const controls = controlFolders(root);
  if (controls.length === 0) fail(`no control found under ${path.join(root, "pcf-controls")}`);
  const outDir = path.join(root, "out", "controls");
  rmSync(outDir, { recursive: true, force: true });

  const pcfScripts = require.resolve("pcf-scripts/bin/pcf-scripts.js", { paths: [root, __dirname] });
  const result = spawnSync(process.execPath, [pcfScripts, "build", "--buildMode", mode], {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, PP_TOOLS_TELEMETRY_OPTOUT: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.status !== 0) fail(`pcf-scripts exited with ${result.status}`, output);
  if (!/\[build\] Succeeded/.test(output)) fail("pcf-scripts did not report '[build] Succeeded'", output);
  for (const dir of controls) {
    const name = path.basename(dir);
    for (const file of ["bundle.js", "ControlManifest.xml"]) {
      if (!existsSync(path.join(outDir, name, file))) fail(`${path.join("out/controls", name, file)} was not written`, output);
    }
  }

  // pcf-scripts' webpack/ts-loader transpiles; tsc proves the control's types are sound.
  const tsc = require.resolve("typescript/bin/tsc", { paths: [root, __dirname] });
  const typecheck = spawnSync(process.execPath, [tsc, "--noEmit", "-p", path.join(root, "pcf-controls", "tsconfig.json")], { cwd: root, encoding: "utf8" });
  if (typecheck.status !== 0) fail("TypeScript errors in pcf-controls", `${typecheck.stdout}${typecheck.stderr}`);

  for (const dir of controls) {
    const bundle = path.join(outDir, path.basename(dir), "bundle.js");
    process.stdout.write(`build-pcf: ${path.relative(root, bundle)} ${(statSync(bundle).size / 1024).toFixed(1)} KiB\n`);
  }
}

main();
