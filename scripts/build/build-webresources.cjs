#!/usr/bin/env node
// Bundles each web-resource library (webresources/<name>/index.ts) into one namespaced IIFE,
// out/webresources/dxm_/scripts/<name>.js exposing the global Dxm.<Name> (e.g. Dxm.Rollback), the way
// command-bar JavaScriptFunction actions call it.
const { existsSync, readdirSync, statSync } = require("node:fs");
const path = require("node:path");
const esbuild = require("esbuild");

const root = path.resolve(__dirname, "../..");

function libraries() {
  const base = path.join(root, "webresources");
  if (!existsSync(base)) return [];
  return readdirSync(base).filter((name) => statSync(path.join(base, name)).isDirectory() && existsSync(path.join(base, name, "index.ts")));
}

const pascal = (name) => name.replace(/(^|[-_])(\w)/g, (_m, _s, c) => c.toUpperCase());

async function main() {
  const libs = libraries();
  for (const lib of libs) {
    const outfile = path.join(root, "out", "webresources", "dxm_", "scripts", `${lib}.js`);
    await esbuild.build({
      entryPoints: [path.join(root, "webresources", lib, "index.ts")],
      outfile,
      bundle: true,
      format: "iife",
      globalName: `Dxm.${pascal(lib)}`,
      platform: "browser",
      target: ["es2020"],
      minify: true,
      sourcemap: false,
      legalComments: "none",
      logLevel: "warning",
    });
    process.stdout.write(`build-webresources: ${path.relative(root, outfile)} ${(statSync(outfile).size / 1024).toFixed(1)} KiB\n`);
  }
  if (libs.length === 0) process.stdout.write("build-webresources: no web-resource library found under webresources/\n");
}

main().catch((error) => {
  process.stderr.write(`build-webresources: FAILED: ${error.message}\n`);
  process.exit(1);
});
