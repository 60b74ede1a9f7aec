import { execFile, spawn } from "node:child_process";
import { promisify } from "node:util";
import type { Entity } from "../../../dataverse/types";
import { migrate } from "../../../migration/run/migrate";
import { readLedger } from "../../../migration/ledger/codec";
import { DXM, DXM_CWD } from "./dxm-cli";
import { FALLBACK_OWNER, clientFor, dump, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(240_000);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("a dxm migrate process killed mid-run", () => {
  let exports: Exports;
  beforeAll(async () => (exports = await exportsOf(120)));
  afterAll(() => exports?.cleanup());

  it("resumes with --resume and ends identical to a clean run, nothing duplicated or missing", async () => {
    const reference = await emulator({ bulk: true });
    await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, await clientFor(reference));
    const cleanDump = await dump(await clientFor(reference));
    await reference.close();

    const emu = await emulator({ bulk: true });
    try {
      // Chunks of 100: the opening request carries only the first small stages, the rest goes chunk by chunk.
      const args = ["migrate", exports.dir, "--target", emu.url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", FALLBACK_OWNER, "--skip-errored", "--max-chunk", "100"];
      const child = spawn(process.execPath, [DXM, ...args], { cwd: DXM_CWD, stdio: "ignore" });
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      // Kill it (no chance to flush anything) as soon as the first records have landed.
      while ((emu.stats().rowsPerTable.contact ?? 0) === 0 && child.exitCode === null) await sleep(5);
      child.kill("SIGKILL");
      expect(await exited).toBeNull();

      const client = await clientFor(emu);
      const runs = await client.retrieveAll<Entity>("dxm_migrationruns", { select: ["dxm_migrationrunid", "dxm_status"] });
      expect(runs).toHaveLength(1);
      const runId = String(runs[0].dxm_migrationrunid);
      const partial = await dump(client);
      expect(partial.dxm_treatmenthistory.length).toBeLessThan(cleanDump.dxm_treatmenthistory.length);

      const { stdout } = await promisify(execFile)(process.execPath, [DXM, ...args, "--resume", runId], { cwd: DXM_CWD });
      expect(stdout.trim()).toBe(runId);
      expect(await dump(client)).toEqual(cleanDump);
      const ledger = await readLedger(client, runId);
      const created = ledger.filter((b) => b.operation === "Create").flatMap((b) => b.records.map((r) => `${b.table}|${r[1]}`));
      expect(new Set(created).size).toBe(created.length);
      const stamped = (await client.retrieveAll<Entity>("contacts", { select: ["contactid"], filter: `_dxm_migrationrunid_value eq ${runId}` })).length;
      expect(ledger.filter((b) => b.table === "contact").flatMap((b) => b.records.map((r) => r[0])).filter((id, i, all) => all.indexOf(id) === i)).toHaveLength(stamped);
    } finally {
      await emu.close();
    }
  });
});
