/**
 * Shared pieces of the resilience tests (test/integration/resilience): export sets, an emulator seeded
 * with the set's users, `dxm` as a child process, and dumps compared without what differs between two
 * equal runs (ids, timestamps, versions, run stamps, ledger rows).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";
import { generateExports, type DynamicsUser } from "../../scripts/generate";
import { fallbackOwner, seedWithUsers } from "../../bench/harness/seed";
import { DXM_CWD } from "../integration/engine/dxm-cli";

export { fallbackOwner };
import { readConfirmed } from "../../bench/workloads/exports";
import type { DataverseClientApi } from "../../dataverse/types";
import { planMigration } from "../../migration/plan";
import { fetchOrgContext, tablesForMap } from "../../migration/run/org-context";
import { migrate } from "../../migration/run/migrate";
import type { RunResult } from "../../migration/run/types";

/** `npm run test:resilience` sets DXM_RESILIENCE=large: bigger sets and ten kill points instead of a few. */
export const LARGE = process.env.DXM_RESILIENCE === "large";
export const size = {
  patients: LARGE ? 400 : 40,
  killPoints: LARGE ? 10 : 3,
  /** Per test or hook, ms: generous, because the machine is shared (never a timed assertion). */
  timeoutMs: LARGE ? 1_800_000 : 300_000,
};

export const ROOT = join(__dirname, "..", "..");

export async function generatedSet(patients: number, seed: number, dirty?: number): Promise<{ dir: string; users: DynamicsUser[] }> {
  const dir = await mkdtemp(join(tmpdir(), "dxm-resilience-"));
  await generateExports({ out: dir, patients, seed, dirty, attachments: true });
  const users = JSON.parse(await readFile(join(dir, "dynamics-users.json"), "utf8")) as DynamicsUser[];
  return { dir, users };
}

/** An emulator on a free loopback port, its organization holding the export set's users. */
export function emulatorFor(users: DynamicsUser[], options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return startEmulator({ seed: seedWithUsers(users), ...options });
}

export interface DxmRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * `node bin/dxm.cjs ...args` as a child process. `watch` sees the child and everything it has printed on
 * stderr so far, after each chunk and every `pollMs`; it may kill it.
 */
export function runDxm(args: string[], watch?: (child: ChildProcess, stderr: string) => void, pollMs = 10): Promise<DxmRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "bin", "dxm.cjs"), ...args], { cwd: DXM_CWD, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } });
    let stdout = "";
    let stderr = "";
    const poll = watch ? setInterval(() => watch(child, stderr), pollMs) : undefined;
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString("utf8");
      watch?.(child, stderr);
    });
    child.on("error", reject);
    child.on("close", (code, signal) => {
      if (poll) clearInterval(poll);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** The run id `dxm migrate` announces (`run <id>`) before it writes anything. */
export function announcedRunId(stderr: string): string | undefined {
  return stderr.match(/^run ([0-9a-f-]{36})$/m)?.[1];
}

type Row = Record<string, unknown>;
type Dump = Record<string, Row[]>;

/** Tables whose rows describe runs rather than migrated data, and system jobs. */
export const RUN_TABLES = ["dxm_migrationrun", "dxm_migrationbatch", "asyncoperation", "bulkdeleteoperation"];
/**
 * Tables that hold the solution a run files the practice's custom columns in. Those columns are schema: a
 * rollback keeps them and their solution (docs/install.md says how an admin removes them).
 */
export const CUSTOM_COLUMN_SOLUTION_TABLES = ["publisher", "solution", "solutioncomponent"];
const VOLATILE = /^(overriddencreatedon|modifiedon|versionnumber|dxm_migrationrunid(__type)?)$/;
/** Tables the migration writes whose rows carry no dxm_sourcekey. */
const UNKEYED_MIGRATED = ["annotation", "activityparty"];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function dump(emulator: RunningEmulator): Promise<Dump> {
  const response = await fetch(`${emulator.url}/_admin/dump`);
  return ((await response.json()) as { tables: Dump }).tables;
}

/**
 * A dump in a form two equal migrations share: run and ledger tables left out; per row the primary id,
 * timestamps, version and run stamp dropped; every GUID that names a migrated record replaced by that
 * record's table and source key (a solution or publisher: its unique name; or, for notes and activity parties, their own canonical content); rows sorted.
 * Ids of seeded records (users, roles, currency) are the same in both emulators and stay as they are.
 */
export function canonical(tables: Dump, primaryIds: Record<string, string>): Record<string, string[]> {
  const names = Object.keys(tables).filter((t) => !RUN_TABLES.includes(t)).sort();
  const identity = new Map<string, string>();
  for (const t of names) {
    // Solutions and publishers the run creates for the practice's custom columns are named by their unique name.
    for (const row of tables[t]) {
      const name = typeof row.dxm_sourcekey === "string" ? row.dxm_sourcekey : typeof row.uniquename === "string" ? row.uniquename : undefined;
      if (name !== undefined) identity.set(String(row[primaryIds[t]]), `${t}:${name}`);
    }
  }
  const render = (t: string, row: Row): string => {
    const out: Row = {};
    for (const key of Object.keys(row).sort()) {
      if (key === primaryIds[t] || VOLATILE.test(key) || row[key] === null) continue;
      // With overriddencreatedon given, Dataverse keeps the source date in createdon and the migration time in
      // overriddencreatedon; without it, createdon is the migration time.
      if (key === "createdon" && (row.overriddencreatedon ?? null) === null) continue;
      const value = row[key];
      out[key] = typeof value === "string" && GUID.test(value) ? identity.get(value) ?? value : value;
    }
    return JSON.stringify(out);
  };
  // Migrated rows without a source key (notes, activity parties) are named by their content, once the keyed
  // rows they point at have names. Seeded rows keep their ids: both emulators were seeded alike.
  for (const t of UNKEYED_MIGRATED.filter((u) => names.includes(u))) {
    for (const row of tables[t]) identity.set(String(row[primaryIds[t]]), `${t}:${render(t, row)}`);
  }
  // A note on the run itself (its rebuild reference) documents the run, like the run and ledger rows.
  const migrated = (row: Row) => row.objecttypecode !== "dxm_migrationrun";
  return Object.fromEntries(names.map((t) => [t, tables[t].filter(migrated).map((row) => render(t, row)).sort()]));
}

/** Primary id column per table, from the emulator's schema. */
export function primaryIdsOf(emulator: RunningEmulator): Record<string, string> {
  return Object.fromEntries([...emulator.emulator.schema.tables.values()].map((t) => [t.logicalName, t.primaryIdAttribute]));
}

/** Notes the migration wrote (on patients), leaving out the rebuild-reference note each run attaches to itself. */
export function migratedNotes(emulator: RunningEmulator): number {
  return Number(emulator.emulator.store.all(`SELECT COUNT(*) AS n FROM "annotation" WHERE "objecttypecode" IS NOT 'dxm_migrationrun'`, [])[0].n);
}

/** Per migrated table with source keys: how many rows each key has (to find duplicates). */
/**
 * Per table, how what landed differs from the plan: source keys written twice, planned but missing, or
 * written without being planned; for notes (no key), the count. Empty when every planned record landed once.
 */
export function landingDifferences(emulator: RunningEmulator, planned: Map<string, { keys: Set<string>; records: number }>): unknown[] {
  const differences: unknown[] = [];
  for (const [table, want] of planned) {
    if (table === "annotation") {
      const rows = migratedNotes(emulator);
      if (rows !== want.records) differences.push({ table, rows, planned: want.records });
      continue;
    }
    const perKey = rowsPerSourceKey(emulator, table);
    const duplicated = [...perKey].filter(([, n]) => n > 1).map(([k]) => k);
    const missing = [...want.keys].filter((k) => !perKey.has(k));
    const unplanned = [...perKey.keys()].filter((k) => !want.keys.has(k));
    if (duplicated.length + missing.length + unplanned.length > 0) differences.push({ table, duplicated, missing, unplanned });
  }
  return differences;
}

export function rowsPerSourceKey(emulator: RunningEmulator, table: string): Map<string, number> {
  const rows = emulator.emulator.store.all(`SELECT "dxm_sourcekey" AS k, COUNT(*) AS n FROM "${table}" WHERE "dxm_sourcekey" IS NOT NULL GROUP BY "dxm_sourcekey"`, []);
  return new Map(rows.map((r) => [String(r.k), Number(r.n)]));
}

/**
 * What a full run of `dir` must write, from the plan itself (not from the engine's counters): per table,
 * the source keys of the records it creates or upserts, and how many records each table receives.
 */
export async function plannedKeys(dir: string, client: DataverseClientApi, fallbackOwnerEmail?: string): Promise<Map<string, { keys: Set<string>; records: number }>> {
  const { exports, map } = await readConfirmed(dir);
  const org = await fetchOrgContext(client, { runId: "00000000-0000-0000-0000-000000000000", tables: tablesForMap(map), fallbackOwnerEmail, probe: false });
  const plan = await planMigration(exports, map, org.context, { mode: "full", skipErroredRows: true });
  const out = new Map<string, { keys: Set<string>; records: number }>();
  for (const stage of plan.stages) {
    if (stage.operation === "update") continue;
    const entry = out.get(stage.table) ?? { keys: new Set<string>(), records: 0 };
    out.set(stage.table, entry);
    for await (const record of stage.records()) {
      entry.keys.add(record.sourceKey);
      entry.records++;
    }
  }
  return out;
}

/** mulberry32: a small seeded generator (kill points, fault injection), so a failure can be replayed. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Chunks of at most this many records in the resilience runs: the small sets then take enough requests
 * (the opening request carries the first stages, the rest is chunked) for faults and kills to land inside.
 */
export const RESILIENCE_MAX_CHUNK = 50;

/**
 * `migrate` in full mode, resumed with the same run id each time it stops short (a thrown error or an
 * incomplete result), as an operator would, at most `maxStops` times. Returns the last result and why
 * each attempt stopped (error codes and messages of the engine, which carry no patient data).
 */
export async function migrateUntilDone(dir: string, client: DataverseClientApi, fallbackOwnerEmail?: string, maxStops = 5): Promise<{ result: RunResult | undefined; stops: string[] }> {
  // Not `exports`: compiled to CommonJS, that name would hide the module's own exports.
  const { exports: set, map } = await readConfirmed(dir);
  const stops: string[] = [];
  let runId: string | undefined;
  for (;;) {
    try {
      const chunk = { max: RESILIENCE_MAX_CHUNK, initial: RESILIENCE_MAX_CHUNK / 2 };
      const result = await migrate({ exports: set, map, mode: "full", runId, fallbackOwnerEmail, chunk }, client, { onRunStarted: (id) => (runId = id) });
      if (result.complete) return { result, stops };
      stops.push(`incomplete: ${result.status}, ${result.issues.filter((i) => i.kind === "load").length} rows not landed`);
      if (stops.length > maxStops) return { result, stops };
    } catch (error) {
      const frames = ((error as Error).stack ?? "").split("\n").filter((l) => /^\s+at /.test(l)).slice(0, 4).map((l) => l.trim().replace(/\(.*[\\/](migration|dataverse)[\\/]/, "($1/"));
      stops.push(`threw: ${(error as Error).message.slice(0, 300)} ${frames.join(" < ")}`);
      if (stops.length > maxStops) return { result: undefined, stops };
    }
  }
}

/** Where two canonical dumps differ, compactly: per table, rows only on one side and, for rows sharing a
 * source key, the columns whose values differ (column names and keys only, no values). */
export function differences(actual: Record<string, string[]>, expected: Record<string, string[]>): { table: string; missing: number; extra: number; changed: { key: string; columns: string[] }[] }[] {
  const out: { table: string; missing: number; extra: number; changed: { key: string; columns: string[] }[] }[] = [];
  for (const table of [...new Set([...Object.keys(actual), ...Object.keys(expected)])].sort()) {
    const a = new Set(actual[table] ?? []);
    const e = new Set(expected[table] ?? []);
    const onlyA = [...a].filter((r) => !e.has(r)).map((r) => JSON.parse(r) as Row);
    const onlyE = [...e].filter((r) => !a.has(r)).map((r) => JSON.parse(r) as Row);
    if (onlyA.length === 0 && onlyE.length === 0 && (actual[table]?.length ?? 0) === (expected[table]?.length ?? 0)) continue;
    const byKey = new Map(onlyE.filter((r) => typeof r.dxm_sourcekey === "string").map((r) => [String(r.dxm_sourcekey), r]));
    const changed = onlyA.flatMap((r) => {
      const other = byKey.get(String(r.dxm_sourcekey));
      if (!other) return [];
      const columns = [...new Set([...Object.keys(r), ...Object.keys(other)])].filter((c) => JSON.stringify(r[c]) !== JSON.stringify(other[c]));
      return [{ key: String(r.dxm_sourcekey), columns }];
    });
    out.push({ table, missing: onlyE.length - changed.length, extra: onlyA.length - changed.length + ((actual[table]?.length ?? 0) - a.size), changed: changed.slice(0, 10) });
  }
  return out;
}
