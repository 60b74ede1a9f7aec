/**
 * Time to the first write: what `dxm migrate DIR --yes --skip-errored` does before its first record lands, at
 * N patients, on the emulator with the documented limits and cost model (time scale 1), the pre-flight
 * included. Two ways side by side in one process, each on a fresh emulator, alternating, R rounds:
 * - "plan twice": the pre-flight plans, then the run plans again (the CLI until issue 20);
 * - "plan once": the run takes the pre-flight's plan and the metadata it was validated against (MigrateInput.planned).
 * The first write is the first request that writes a record of the migrated tables (the run row, its ledger and
 * metadata are not records); the run is cancelled there. Prints the times; asserts nothing.
 *
 *   npx tsx bench/first-write.ts [--patients 1000] [--rounds 3]
 */
import { randomUUID } from "node:crypto";
import { connect } from "../scripts/dxm/connect";
import { startEmulator } from "../emulator";
import { migrate } from "../migration/run/migrate";
import { NO_RUN_YET, runPreflight } from "../migration/run/preflight";
import type { DataverseClientApi } from "../dataverse/types";
import { exportSet } from "./harness/export-set";
import { fallbackOwner, seedWithUsers } from "./harness/seed";
import { readConfirmed } from "./workloads/exports";
import { DEFAULT_WORK_DIR } from "./run";

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};

const LEDGER = /^dxm_migration(run|batch)/;

/** The client, calling `onWrite` once, at the first request that writes a record of a migrated table. */
function watching(client: DataverseClientApi, onWrite: () => void): DataverseClientApi {
  let seen = false;
  const note = (entitySet: string) => {
    if (!seen && !LEDGER.test(entitySet)) {
      seen = true;
      onWrite();
    }
  };
  return new Proxy(client, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      if (typeof value !== "function") return value;
      const name = String(key);
      return (...args: unknown[]) => {
        if (["create", "update", "upsert", "createMultiple", "upsertMultiple", "updateMultiple"].includes(name)) note(String(args[0]));
        if (name === "executeBatch") {
          const sets = (args[0] as { changeSets: { url: string }[][] }).changeSets;
          const first = sets.flat().find((op) => !LEDGER.test(op.url));
          if (first) note(first.url);
        }
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

async function once(dir: string, users: Parameters<typeof seedWithUsers>[0], reuse: boolean): Promise<{ preflight: number; firstWrite: number }> {
  const emulator = await startEmulator({ limits: "documented", costModel: "documented", seed: seedWithUsers(users) });
  try {
    const { exports, map } = await readConfirmed(dir);
    const fallbackOwnerEmail = fallbackOwner(users);
    const controller = new AbortController();
    const started = performance.now();
    let firstWrite = 0;
    const client = watching(await connect(emulator.url), () => {
      firstWrite = performance.now() - started;
      controller.abort();
    });
    const runId = reuse ? randomUUID() : NO_RUN_YET;
    const pre = await runPreflight(client, { exports, map, runId, fallbackOwnerEmail, keepPlan: reuse });
    const preflight = performance.now() - started;
    await migrate(
      { exports, map, mode: "full", skipErroredRows: true, fallbackOwnerEmail, ...(reuse ? { planned: { runId, plan: pre.runPlan!, metadata: pre.runMetadata } } : {}) },
      client,
      { signal: controller.signal },
    ).catch((error: unknown) => {
      if (!controller.signal.aborted) throw error;
    });
    return { preflight: preflight / 1000, firstWrite: firstWrite / 1000 };
  } finally {
    await emulator.close();
  }
}

async function main(): Promise<void> {
  const patients = arg("--patients", 1000);
  const rounds = arg("--rounds", 3);
  const set = await exportSet(DEFAULT_WORK_DIR, patients, 42);
  const times: Record<"twice" | "once", { preflight: number; firstWrite: number }[]> = { twice: [], once: [] };
  for (let r = 0; r < rounds; r++) {
    times.twice.push(await once(set.dir, set.users, false));
    times.once.push(await once(set.dir, set.users, true));
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [name, list] of Object.entries(times)) {
    process.stdout.write(`plan ${name}: pre-flight ${list.map((t) => t.preflight.toFixed(2)).join(", ")} s; first write ${list.map((t) => t.firstWrite.toFixed(2)).join(", ")} s (median ${median(list.map((t) => t.firstWrite)).toFixed(2)} s)\n`);
  }
  const ratio = median(times.once.map((t) => t.firstWrite)) / median(times.twice.map((t) => t.firstWrite));
  process.stdout.write(`${patients} patients: time to the first write, plan once ÷ plan twice = ${ratio.toFixed(2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
