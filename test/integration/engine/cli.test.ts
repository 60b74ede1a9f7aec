import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningEmulator } from "../../../emulator";
import { DXM, dxm } from "./dxm-cli";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(180_000);

describe("dxm migrate / dxm reconcile", () => {
  let exports: Exports;
  let emu: RunningEmulator;

  beforeAll(async () => {
    exports = await exportsOf(12);
    emu = await emulator({ bulk: true });
  });
  afterAll(async () => {
    await emu?.close();
    exports?.cleanup();
  });

  it("without --map or --yes prints the proposal and writes nothing", async () => {
    const result = await dxm(["migrate", exports.dir, "--target", emu.url]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/patients\.csv → patient/);
    expect(await (await clientFor(emu)).retrieveAll("dxm_migrationruns")).toEqual([]);
  });

  it("refuses to confirm a map without the practice's time zone (the export has none), or with a zone that is not one", async () => {
    const noZone = await dxm(["migrate", exports.dir, "--target", emu.url, "--yes", "--fallback-owner", FALLBACK_OWNER, "--skip-errored"]);
    expect(noZone.code).toBe(2);
    expect(noZone.stderr).toMatch(/does not say the practice's time zone: pass --time-zone <IANA zone>/);
    const badZone = await dxm(["preflight", exports.dir, "--target", emu.url, "--yes", "--time-zone", "Central Time"]);
    expect(badZone.code).toBe(2);
    expect(badZone.stderr).toMatch(/--time-zone Central Time is not an IANA time zone/);
    expect(await (await clientFor(emu)).retrieveAll("dxm_migrationruns")).toEqual([]);
  });

  it("checks the org before a new run: providers without a user and no fallback owner block it, nothing is written", async () => {
    const checked = await dxm(["preflight", exports.dir, "--target", emu.url, "--yes", "--time-zone", "America/Chicago"]);
    expect(checked.code).toBe(2);
    expect(checked.stdout).toMatch(/BLOCKING unmatched-provider/);
    expect(checked.stdout).toMatch(/requests estimated: \d+ for \d+ records/);
    const blocked = await dxm(["migrate", exports.dir, "--target", emu.url, "--yes", "--time-zone", "America/Chicago", "--skip-errored"]);
    expect(blocked.code).toBe(2);
    expect(blocked.stderr).toMatch(/BLOCKING unmatched-provider/);
    expect(blocked.stderr).toMatch(/Nothing migrated: resolve what blocks the run/);
    expect(await (await clientFor(emu)).retrieveAll("dxm_migrationruns")).toEqual([]);

    const passes = await dxm(["preflight", exports.dir, "--target", emu.url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", FALLBACK_OWNER]);
    expect(passes.code).toBe(0);
    expect(passes.stdout).not.toMatch(/BLOCKING/);
  });

  it("migrates, prints the run id, exits 0 when every valid row landed; reconcile agrees; the audit CSV is written", async () => {
    const audit = join(exports.dir, "audit.csv");
    const migrated = await dxm([
      "migrate", exports.dir, "--target", emu.url, "--yes", "--time-zone", "America/Chicago",
      "--fallback-owner", FALLBACK_OWNER, "--skip-errored", "--audit", audit,
    ]);
    expect(migrated.stderr).toMatch(/status: Completed/);
    expect(migrated.code).toBe(0);
    const runId = migrated.stdout.trim();
    expect(runId).toMatch(/^[0-9a-f-]{36}$/);
    // Not a terminal: plain progress lines, no bar control codes.
    expect(migrated.stderr).toMatch(/patient\/contact: \d+\/\d+/);
    expect(migrated.stderr).not.toContain("\u001b[");

    const csv = readFileSync(audit, "utf8").split("\r\n");
    expect(csv[0]).toBe("time,user,action,table,sourceKey,id,reason");
    expect(csv.filter((l) => l.includes(",create,contact,patient:")).length).toBe(12);

    const reconciled = await dxm(["reconcile", exports.dir, "--run", runId, "--target", emu.url, "--json"]);
    expect(reconciled.code).toBe(0);
    const report = JSON.parse(reconciled.stdout) as { ok: boolean; runId: string };
    expect(report).toMatchObject({ ok: true, runId });
    rmSync(audit);
  });
  it("takes the map `dxm propose --json` writes, as the docs say: propose, review, migrate --map", async () => {
    const proposed = await dxm(["propose", exports.dir, "--time-zone", "America/New_York", "--json"]);
    expect(proposed.code).toBe(0);
    const mapFile = join(exports.dir, "map.json");
    writeFileSync(mapFile, proposed.stdout);
    // The zone travels in the document: no --time-zone needed here.
    const migrated = await dxm(["migrate", exports.dir, "--target", emu.url, "--map", mapFile, "--fallback-owner", FALLBACK_OWNER, "--skip-errored"]);
    expect({ code: migrated.code, status: migrated.stderr.match(/status: .*/)?.[0] }).toEqual({ code: 0, status: expect.stringMatching(/^status: Completed/) });
    expect(migrated.stderr).toMatch(/practice time zone: America\/New_York/);
    rmSync(mapFile);
  });

  it("resumes a stopped run from its id alone: its own map, time zone and fallback owner", async () => {
    // A run killed as soon as it announced its id (its row exists, little or nothing written).
    const child = spawn(process.execPath, [DXM, "migrate", exports.dir, "--target", emu.url, "--yes", "--time-zone", "America/Denver", "--fallback-owner", FALLBACK_OWNER, "--skip-errored", "--max-chunk", "5"], { env: { ...process.env, FORCE_COLOR: "0" } });
    const runId = await new Promise<string>((resolve, reject) => {
      let stderr = "";
      child.stderr.on("data", (d: Buffer) => {
        stderr += d.toString("utf8");
        const id = stderr.match(/^run ([0-9a-f-]{36})$/m)?.[1];
        if (id && !child.killed) {
          child.kill("SIGKILL");
          resolve(id);
        }
      });
      child.on("close", () => reject(new Error(`the run ended before announcing its id:\n${stderr}`)));
    });
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(undefined) : child.once("close", resolve)));
    const resumed = await dxm(["migrate", exports.dir, "--target", emu.url, "--resume", runId]);
    expect(resumed.stderr).toContain(`resuming run ${runId}`);
    expect(resumed.stderr).toMatch(/practice time zone America\/Denver/);
    expect({ code: resumed.code, status: resumed.stderr.match(/status: .*/)?.[0] }).toEqual({ code: 0, status: expect.stringMatching(/^status: Completed/) });
    expect(resumed.stdout.trim()).toBe(runId);
  });
  it.each([
    ["empty", ""],
    ["header-only", "header"],
    ["binary", "\u0000\u0001\u0002PK\u0003\u0004\u0000\u0000"],
  ])("refuses a set whose patients file is %s, naming it (not the other files' rows as orphans)", async (_, content) => {
    const dir = mkdtempSync(join(tmpdir(), "dxm-bad-patients-"));
    cpSync(exports.dir, dir, { recursive: true });
    const header = `${readFileSync(join(dir, "patients.csv"), "utf8").split(/\r?\n/)[0]}\r\n`;
    writeFileSync(join(dir, "patients.csv"), content === "header" ? header : content);
    const before = (await (await clientFor(emu)).retrieveAll("dxm_migrationruns")).length;
    const result = await dxm(["migrate", dir, "--target", emu.url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", FALLBACK_OWNER, "--skip-errored"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/BLOCKING patients\.csv: /);
    expect(result.stderr).not.toMatch(/orphan/i);
    expect((await (await clientFor(emu)).retrieveAll("dxm_migrationruns")).length).toBe(before);
    // The pre-flight names it too, first, as what blocks the run.
    const checked = await dxm(["preflight", dir, "--target", emu.url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", FALLBACK_OWNER]);
    expect(checked.code).toBe(2);
    expect(checked.stdout).toMatch(/BLOCKING required-file: patients\.csv: /);
    rmSync(dir, { recursive: true, force: true });
  });
});
