import { spawn } from "node:child_process";
import path from "node:path";
import { readLedger, readRunRecord, runStatusValue } from "../../../migration/ledger";
import { DXM_CWD } from "../engine/dxm-cli";
import { comparable, seedExisting, startOrg, writeRun, type Org } from "./ledger-fixture";

const dxm = path.resolve(__dirname, "../../../bin/dxm.cjs");

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [dxm, ...args], { cwd: DXM_CWD, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("dxm rollback", () => {
  let org: Org;
  beforeAll(async () => {
    org = await startOrg();
  });
  afterAll(() => org.close());

  it("shows the preview and changes nothing without --yes when there is no terminal", async () => {
    const existing = await seedExisting(org.client);
    const { runId } = await writeRun(org.client, existing);
    const during = comparable(await org.dump());
    const result = await run(["rollback", "--run", runId, "--target", org.emulator.url]);
    expect(result.stdout).toMatch(/contact\s+delete\s+3\s+restore\s+1/);
    expect(result.stdout).toContain("Nothing was changed.");
    expect(comparable(await org.dump())).toEqual(during);

    const done = await run(["rollback", "--run", runId, "--target", org.emulator.url, "--yes"]);
    expect(done.code).toBe(0);
    expect(done.stdout).toMatch(/deleted 8, restored 1, left alone 0, failures 0, remaining 0/);
    expect((await readRunRecord(org.client, runId))!.status).toBe("Rolled back");
  }, 60_000);

  it("exits non-zero with the reason when the run does not exist", async () => {
    const result = await run(["rollback", "--run", "7f1c4a52-0000-4000-8000-00000000dead", "--target", org.emulator.url, "--yes"]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/was not found/);
  }, 60_000);

  it("dxm finish ends the rollback window: before-images purged, a rollback afterwards refused with the reason", async () => {
    const own = await startOrg();
    try {
      const { runId } = await writeRun(own.client, await seedExisting(own.client));
      const finished = await run(["finish", "--run", runId, "--target", own.emulator.url, "--yes"]);
      expect(finished.code).toBe(0);
      expect(finished.stdout).toMatch(/Finished: before-images purged from 1 ledger row\(s\)/);
      const record = (await readRunRecord(own.client, runId))!;
      expect(record.status).toBe("Finished");
      expect(record.report).toMatchObject({ finish: { purgedBatches: 1 } });
      const ledger = await readLedger(own.client, runId);
      expect(ledger.length).toBeGreaterThan(0);
      expect(ledger.filter((b) => Object.keys(b.beforeImages).length > 0)).toEqual([]);

      const during = comparable(await own.dump());
      const refused = await run(["rollback", "--run", runId, "--target", own.emulator.url, "--yes"]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/The run was finished: its rollback window is closed/);
      expect(comparable(await own.dump())).toEqual(during);
    } finally {
      await own.close();
    }
  }, 60_000);

  it("dxm finish refuses a run that is still running", async () => {
    const own = await startOrg();
    try {
      const { runId } = await writeRun(own.client, await seedExisting(own.client));
      await own.client.update("dxm_migrationruns", runId, { dxm_status: runStatusValue("Running") });
      const refused = await run(["finish", "--run", runId, "--target", own.emulator.url, "--yes"]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toMatch(/The run is "Running"/);
      expect((await readLedger(own.client, runId)).some((b) => Object.keys(b.beforeImages).length > 0)).toBe(true);
    } finally {
      await own.close();
    }
  }, 60_000);
});
