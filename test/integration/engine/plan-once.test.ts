/**
 * `dxm migrate` on a new full run plans once: the pre-flight plans under the id the run will have, and the
 * run takes that plan (the exports are read for planning once, not twice), with the same outcome as a run
 * that plans for itself; without consent to skip errored rows, the reused plan blocks as a fresh one would.
 */
import { randomUUID } from "node:crypto";
import { migrate } from "../../../migration/run/migrate";
import { runPreflight } from "../../../migration/run/preflight";
import type { MigrationExports } from "../../../migration/run/types";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(120_000);

/** The export set, counting how often each file is read from the start. */
function counted(set: MigrationExports): { set: MigrationExports; reads: Map<string, number> } {
  const reads = new Map<string, number>();
  const wrapped = Object.create(set) as MigrationExports;
  wrapped.rows = (file: string) => {
    reads.set(file, (reads.get(file) ?? 0) + 1);
    return set.rows(file);
  };
  return { set: wrapped, reads };
}

describe("plan once", () => {
  let exports: Exports;
  beforeAll(async () => {
    exports = await exportsOf(25, 0.04);
  });
  afterAll(() => exports?.cleanup());

  it("runs the pre-flight's plan under the pre-flight's run id, reading the exports for planning once", async () => {
    const outcome = async (reuse: boolean) => {
      const emu = await emulator({ bulk: true });
      try {
        const client = await clientFor(emu);
        const { set, reads } = counted(exports.set);
        const runId = randomUUID();
        const pre = await runPreflight(client, { exports: set, map: exports.map, runId, fallbackOwnerEmail: FALLBACK_OWNER, keepPlan: reuse });
        const result = await migrate(
          { exports: set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true, ...(reuse ? { planned: { runId, plan: pre.runPlan!, metadata: pre.runMetadata } } : {}) },
          client,
        );
        return { result, reads: reads.get("patients.csv") ?? 0, runId };
      } finally {
        await emu.close();
      }
    };
    const twice = await outcome(false);
    const once = await outcome(true);
    expect(once.result.runId).toBe(once.runId);
    expect(twice.result.runId).not.toBe(twice.runId);
    expect(once.result.status).toBe(twice.result.status);
    expect(once.result.counters).toEqual(twice.result.counters);
    expect(once.result.issues.map((i) => JSON.stringify(i)).sort()).toEqual(twice.result.issues.map((i) => JSON.stringify(i)).sort());
    // The pre-flight's plan reads the patients as many times as a run's plan does; reusing it saves them all.
    expect(once.reads).toBeLessThan(twice.reads);
  });

  it("without consent to skip errored rows, the reused plan blocks the run before any record is written", async () => {
    const emu = await emulator({ bulk: true });
    try {
      const client = await clientFor(emu);
      const runId = randomUUID();
      const pre = await runPreflight(client, { exports: exports.set, map: exports.map, runId, fallbackOwnerEmail: FALLBACK_OWNER, keepPlan: true });
      expect(pre.runPlan!.issues.some((i) => i.severity === "error")).toBe(true);
      const result = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, planned: { runId, plan: pre.runPlan! } }, client);
      expect(result.status).toBe("Map confirmed");
      expect(result.blockedBy?.join(" ")).toMatch(/errors in the exports/);
      expect(await client.retrieveAll("contacts", { select: ["contactid"], filter: `_dxm_migrationrunid_value eq ${runId}` })).toEqual([]);
    } finally {
      await emu.close();
    }
  });
});
