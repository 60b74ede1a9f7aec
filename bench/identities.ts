/**
 * `npm run bench:identities -- [--patients N] [--time-scale X] [--identities 1,2,4] [--servers 1,2]`: the engine's
 * full run with K identities side by side against an emulator of S web servers (documented limits and cost model,
 * capacity = its `x-ms-dop-hint`), for every K and S given, on one generated export set. Each run gets a fresh
 * emulator; each is checked by run stamp (nothing lost or duplicated) and set against the bound for K × S windows
 * (bench/bound.ts). Writes bench/results/identities/<start>.json and rewrites bench/RESULTS.md.
 */
import { codeVersion } from "./harness/code-version";
import { mkdirSync, writeFileSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_DOP_HINT, DOCUMENTED_COST, DOCUMENTED_LIMITS, ROLE_NAMES, startEmulator } from "../emulator";
import { exportSet } from "./harness/export-set";
import { fallbackOwner, seedWithUsers } from "./harness/seed";
import { runWorker } from "./harness/spawn";
import type { EngineResult } from "./workloads/engine";
import { countByStamp } from "./verify";
import { DEFAULT_WORK_DIR } from "./run";
import { RESULTS_DIR, rewriteResultsMarkdown, timeFileName } from "./results-files";
import type { IdentitiesBenchResults, IdentitiesRun } from "./identities-report";

/** Seeded users that sign in as the K identities (each a System Administrator here). */
const IDENTITY_USERS = ["c1", "c2", "c3", "c4"].map((tail) => `00000000-0000-0000-0000-0000000000${tail}`);

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const list = (text: string) => text.split(",").map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0);

async function main(): Promise<void> {
  const patients = Number(argument("patients", "1000"));
  const timeScale = Number(argument("time-scale", "1"));
  const ks = list(argument("identities", "1,2,4"));
  const ss = list(argument("servers", "1,2"));
  if (Math.max(...ks) > IDENTITY_USERS.length) throw new Error(`at most ${IDENTITY_USERS.length} identities`);
  const set = await exportSet(DEFAULT_WORK_DIR, patients, 42);
  const seed = seedWithUsers(set.users);
  seed.userRoles = {
    ...Object.fromEntries(IDENTITY_USERS.map((id) => [id, [ROLE_NAMES.systemAdministrator]])),
  };
  const tokens = Object.fromEntries(IDENTITY_USERS.map((id, i) => [`bench-identity-${i + 1}`, id]));
  const filesDir = join(tmpdir(), `dxm-bench-identities-${process.pid}`);
  mkdirSync(filesDir, { recursive: true });
  const results: IdentitiesBenchResults = {
    startedOn: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, platform: `${process.platform} ${process.arch}` },
    commit: codeVersion(),
    patients, timeScale, sourceRows: set.files.reduce((n, f) => n + f.rows, 0),
    limits: DOCUMENTED_LIMITS, cost: DOCUMENTED_COST, dopHint: DEFAULT_DOP_HINT, runs: [],
  };
  const out = join(RESULTS_DIR, "identities", timeFileName(results.startedOn));
  mkdirSync(join(RESULTS_DIR, "identities"), { recursive: true });
  for (const servers of ss) {
    for (const k of ks) {
      const file = join(filesDir, `k${k}.json`);
      writeFileSync(file, JSON.stringify({ identities: Array.from({ length: k }, (_, i) => ({ name: `identity-${i + 1}`, token: `bench-identity-${i + 1}` })) }));
      const emulator = await startEmulator({ limits: "documented", costModel: "documented", timeScale, seed, tokens, servers });
      try {
        process.stdout.write(`${patients} patients, K = ${k}, S = ${servers} (time scale ${timeScale}): engine\n`);
        const before = emulator.stats();
        const run = await runWorker<EngineResult>({ kind: "engine", url: emulator.url, dir: set.dir, fallbackOwner: fallbackOwner(set.users), identities: file });
        const after = emulator.stats();
        const verification = countByStamp(emulator.emulator, run.value.runId, run.value.counters);
        const entry: IdentitiesRun = {
          identities: k, servers, status: run.value.status,
          seconds: run.cost.wallSeconds * timeScale,
          records: verification.reduce((n, v) => n + v.stamped, 0),
          duplicates: verification.reduce((n, v) => n + v.duplicates, 0),
          missing: verification.reduce((n, v) => n + v.missing, 0),
          operations: after.operations - before.operations,
          requests: after.requests - before.requests,
          throttles: after.throttles - before.throttles,
          perServer: after.servers.map((s, i) => ({ requests: s.requests - (before.servers[i]?.requests ?? 0), throttles: s.throttles - (before.servers[i]?.throttles ?? 0) })),
          perIdentity: run.identities ?? [],
          clientCpuSeconds: run.cost.cpuSeconds,
        };
        results.runs.push(entry);
        process.stdout.write(`  ${entry.status}: ${entry.seconds.toFixed(1)} s emulated, ${entry.records} records, ${entry.throttles} 429s\n`);
        await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
      } finally {
        await emulator.close();
      }
    }
  }
  results.finishedOn = new Date().toISOString();
  await writeFile(out, `${JSON.stringify(results, null, 2)}\n`);
  await rewriteResultsMarkdown();
  process.stdout.write(`${out}\nbench/RESULTS.md\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:identities: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exitCode = 1;
});
