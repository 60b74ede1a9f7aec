/**
 * pcf-scripts exits 0 even when a build fails; `npm run build` must not. These tests break a copy of the
 * control on purpose and expect scripts/build/build-pcf.cjs to exit non-zero with a clear message.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const root = path.resolve(__dirname, "../../..");
const copied = ["pcf-controls", "migration", "dataverse", "solution", "package.json", "pcfconfig.json", "tsconfig.json", "eslint.config.mjs"];
const manifestPath = "pcf-controls/MigrationStudio/ControlManifest.Input.xml";
const indexPath = "pcf-controls/MigrationStudio/index.ts";

function copyOfProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "dxm-build-"));
  for (const entry of copied) {
    cpSync(path.join(root, entry), path.join(dir, entry), { recursive: true, filter: (src) => !src.includes(`${path.sep}generated`) });
  }
  symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

function build(dir: string) {
  return spawnSync(process.execPath, [path.join(root, "scripts/build/build-pcf.cjs"), "--root", dir], { encoding: "utf8", timeout: 300_000 });
}

describe("npm run build fails when the control is broken", () => {
  let dir: string;
  beforeEach(() => {
    dir = copyOfProject();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("builds the intact copy, writing bundle.js and ControlManifest.xml", () => {
    const result = build(dir);
    expect(result.stderr).not.toContain("FAILED");
    expect(result.status).toBe(0);
    expect(existsSync(path.join(dir, "out/controls/MigrationStudio/bundle.js"))).toBe(true);
    expect(existsSync(path.join(dir, "out/controls/MigrationStudio/ControlManifest.xml"))).toBe(true);
  });

  it("exits non-zero on an invalid manifest", () => {
    const manifest = readFileSync(path.join(dir, manifestPath), "utf8");
    writeFileSync(path.join(dir, manifestPath), manifest.replace(/<control /, '<control bogus-attribute="1" ').replace(/constructor="[^"]*"/, ""));
    const result = build(dir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/build-pcf: FAILED/);
  });

  it("exits non-zero when a .ts file does not compile", () => {
    const source = readFileSync(path.join(dir, indexPath), "utf8");
    writeFileSync(path.join(dir, indexPath), `${source}\nconst broken: number = "not a number";\nexport { broken };\n`);
    const result = build(dir);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/build-pcf: FAILED/);
  });
});
