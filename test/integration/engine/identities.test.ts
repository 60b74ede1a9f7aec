/**
 * Several identities in one run (`--identities FILE`, dataverse/http/identity-pool.ts) against the emulator,
 * which maps each identity's token to its own system user with service-protection windows of its own: the
 * records and the ledger say which identity wrote what; an identity whose window is spent is parked while the
 * other carries the run; a run cancelled with one set of identities is resumed with another, nothing lost or
 * duplicated.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSeed, SEED_IDS, startEmulator, type RunningEmulator } from "../../../emulator";
import { ROLE_NAMES } from "../../../emulator/security/default-roles";
import type { DataverseClient } from "../../../dataverse/client";
import type { Entity } from "../../../dataverse/types";
import { migrate } from "../../../migration/run/migrate";
import type { MigrateInput } from "../../../migration/run/types";
import { readLedger } from "../../../migration/ledger/codec";
import { migratedTables } from "../../../migration/model/tables";
import { rollback } from "../../../migration/rollback";
import { connect } from "../../../scripts/dxm/connect";
import { countRecords, dump, exportsOf, FALLBACK_OWNER, users, type Exports } from "./harness";
import { dxm } from "./dxm-cli";

jest.setTimeout(240_000);

const ADMIN = SEED_IDS.caller;
const LUIS = "00000000-0000-0000-0000-0000000000c3"; // the solution's migration role
const PRIYA = "00000000-0000-0000-0000-0000000000c4"; // given the migration role here
const TOKENS = { "tok-admin": ADMIN, "tok-luis": LUIS, "tok-priya": PRIYA };

function input(exports: Exports, over: Partial<MigrateInput> = {}): MigrateInput {
  return { exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true, ...over };
}

async function emulatorWithIdentities(limits?: { requests: number; executionMs: number; concurrent: number; windowMs: number }): Promise<RunningEmulator> {
  const seed = {
    ...defaultSeed,
    records: { ...defaultSeed.records, systemuser: [...defaultSeed.records.systemuser, ...users()] },
    userRoles: { ...defaultSeed.userRoles, [PRIYA]: [ROLE_NAMES.salesperson, ROLE_NAMES.migrationAdministrator] },
  };
  return startEmulator({ port: 0, seed, tokens: TOKENS, ...(limits ? { limits } : {}) });
}

/** A dump with every identity's user id replaced by one name (owners default to the record's creator). */
function withIdentitiesAsOne(d: Record<string, string[]>): Record<string, string[]> {
  const ids = new RegExp([ADMIN, LUIS, PRIYA].join("|"), "g");
  return Object.fromEntries(Object.entries(d).map(([t, rows]) => [t, rows.map((r) => r.replace(ids, "identity")).sort()]));
}

describe("several identities in one run", () => {
  let clean: Exports;
  let dir: string;
  const files: Record<string, string> = {};

  beforeAll(async () => {
    clean = await exportsOf(20);
    dir = mkdtempSync(join(tmpdir(), "dxm-identities-"));
    const write = (name: string, identities: { name: string; token: string }[]) => {
      files[name] = join(dir, `${name}.json`);
      writeFileSync(files[name], JSON.stringify({ identities }));
    };
    write("admin+luis", [{ name: "admin", token: "tok-admin" }, { name: "luis", token: "tok-luis" }]);
    write("luis+priya", [{ name: "luis", token: "tok-luis" }, { name: "priya", token: "tok-priya" }]);
  });
  afterAll(() => {
    clean?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** Every record the run stamped, with who created it. */
  async function stamped(client: DataverseClient, runId: string): Promise<Map<string, string>> {
    const createdBy = new Map<string, string>();
    for (const t of migratedTables.filter((x) => x.stamped)) {
      const rows = await client.retrieveAll<Entity>(t.entitySet, { select: [t.primaryId, "_createdby_value"], filter: `_dxm_migrationrunid_value eq ${runId}` });
      for (const r of rows) createdBy.set(String(r[t.primaryId]), String(r._createdby_value));
    }
    return createdBy;
  }

  it("spreads the run over both identities; createdby and the ledger say which identity wrote each record", async () => {
    const emu = await emulatorWithIdentities();
    try {
      const client = (await connect(emu.url, { env: {}, identitiesFile: files["admin+luis"] })) as DataverseClient;
      const result = await migrate(input(clean, { chunk: { initial: 20, max: 40 } }), client);
      expect(result.status).toBe("Completed");
      const counters = client.identityCounters;
      expect(counters.map((c) => [c.name, c.userId])).toEqual([["admin", ADMIN], ["luis", LUIS]]);
      // Both carried the run, evenly give or take a few requests.
      for (const c of counters) expect(c.requests).toBeGreaterThan(counters.reduce((n, x) => n + x.requests, 0) / 4);

      const createdBy = await stamped(client, result.runId);
      const writers = new Set(createdBy.values());
      expect(writers).toEqual(new Set([ADMIN, LUIS]));
      const ledger = await readLedger(client, result.runId);
      const listed = new Set<string>();
      for (const batch of ledger.filter((b) => b.operation === "Create" && b.table !== "annotation")) {
        expect([ADMIN, LUIS]).toContain(batch.writtenBy);
        for (const [id] of batch.records) {
          expect(createdBy.get(id)).toBe(batch.writtenBy);
          listed.add(id);
        }
      }
      expect(listed.size).toBe(createdBy.size);
      expect(new Set(ledger.map((b) => b.writtenBy))).toEqual(new Set([ADMIN, LUIS]));

      // The rollback takes both identities' writes for the run's own (not later edits by someone else).
      const undone = await rollback(result.runId, client);
      expect(undone.complete).toBe(true);
      expect((await stamped(client, result.runId)).size).toBe(0);
    } finally {
      await emu.close();
    }
  });

  it("dxm migrate, reconcile and rollback take --identities FILE", async () => {
    const emu = await emulatorWithIdentities();
    try {
      const migrated = await dxm(["migrate", clean.dir, "--target", emu.url, "--identities", files["admin+luis"], "--yes", "--time-zone", "America/Chicago", "--fallback-owner", FALLBACK_OWNER, "--skip-errored", "--no-verify", "--max-chunk", "5"]);
      expect(migrated.code).toBe(0);
      const runId = migrated.stdout.trim();
      expect(runId).toMatch(/^[0-9a-f-]{36}$/);
      const client = await connect(emu.url, { env: {} });
      expect(new Set((await stamped(client as DataverseClient, runId)).values())).toEqual(new Set([ADMIN, LUIS]));
      const reconciled = await dxm(["reconcile", clean.dir, "--run", runId, "--target", emu.url, "--identities", files["luis+priya"], "--json"]);
      expect(reconciled.code).toBe(0);
      expect(JSON.parse(reconciled.stdout)).toMatchObject({ ok: true, runId });
      const rolledBack = await dxm(["rollback", "--run", runId, "--target", emu.url, "--identities", files["luis+priya"], "--yes"]);
      expect(rolledBack.code).toBe(0);
      expect((await stamped(client as DataverseClient, runId)).size).toBe(0);
      const refused = await dxm(["migrate", clean.dir, "--target", emu.url, "--identities", join(dir, "missing.json"), "--yes"]);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain("Cannot read the identities file");
    } finally {
      await emu.close();
    }
  });

  it("a throttled identity is parked while the other carries the run: no wait for its Retry-After", async () => {
    // 250 requests per user per 10-minute window: the admin's window is spent before the run starts.
    const emu = await emulatorWithIdentities({ requests: 250, executionMs: 1e9, concurrent: 52, windowMs: 600_000 });
    try {
      const client = (await connect(emu.url, { env: {}, identitiesFile: files["admin+luis"] })) as DataverseClient;
      const admin = await connect(emu.url, { env: { DXM_EMULATOR_TOKEN: "tok-admin" }, retry: { maxThrottleWaitMs: 0 } });
      for (let i = 0; i < 249; i++) await admin.whoAmI();
      await expect(admin.whoAmI()).rejects.toMatchObject({ status: 429 });

      const started = Date.now();
      const result = await migrate(input(clean), client);
      const seconds = (Date.now() - started) / 1000;
      expect(result.status).toBe("Completed");
      // The admin's Retry-After is close to 600 s; the run never waited for it.
      expect(seconds).toBeLessThan(300);
      const [a, l] = client.identityCounters;
      expect(a.throttles).toBeGreaterThanOrEqual(1);
      expect(a.requests).toBe(a.throttles);
      expect(l.throttles).toBe(0);
      const writers = new Set((await stamped(client, result.runId)).values());
      expect(writers).toEqual(new Set([LUIS]));
    } finally {
      await emu.close();
    }
  });

  it("a run cancelled with one set of identities is resumed with another: nothing lost or duplicated", async () => {
    const reference = await emulatorWithIdentities();
    let cleanDump: Record<string, string[]>;
    try {
      const client = await connect(reference.url, { env: {} });
      await migrate(input(clean), client);
      cleanDump = await dump(client);
    } finally {
      await reference.close();
    }

    const emu = await emulatorWithIdentities();
    try {
      const first = (await connect(emu.url, { env: {}, identitiesFile: files["admin+luis"] })) as DataverseClient;
      const controller = new AbortController();
      const cancelled = await migrate(input(clean, { chunk: { initial: 20, max: 40 } }), first, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.table === "dxm_treatmenthistory" && p.done >= 40) controller.abort();
        },
      });
      expect(cancelled.status).toBe("Cancelled");
      const partial = countRecords(await dump(first));
      expect(partial).toBeGreaterThan(0);
      expect(partial).toBeLessThan(countRecords(cleanDump));

      const second = (await connect(emu.url, { env: {}, identitiesFile: files["luis+priya"] })) as DataverseClient;
      const resumed = await migrate(input(clean, { runId: cancelled.runId }), second);
      expect(resumed.runId).toBe(cancelled.runId);
      expect(resumed.status).toBe("Completed");
      // Owners the map leaves to Dataverse default to whoever created the record: any of the run's identities.
      expect(withIdentitiesAsOne(await dump(second))).toEqual(withIdentitiesAsOne(cleanDump!));

      const ledger = await readLedger(second, cancelled.runId);
      const keys = ledger.filter((b) => b.operation === "Create").flatMap((b) => b.records.map((r) => `${b.table}|${r[1]}`));
      expect(new Set(keys).size).toBe(keys.length);
      // The resumed part went out as the second set: both of its identities sent requests. (Which of them
      // wrote records follows the order of reads and writes, since each request takes the identity used least
      // recently: not something to hold the run to.)
      const [luis, priya] = second.identityCounters;
      expect(luis.requests).toBeGreaterThan(0);
      expect(priya.requests).toBeGreaterThan(0);
      const writers = new Set((await stamped(second, cancelled.runId)).values());
      for (const w of writers) expect([ADMIN, LUIS, PRIYA]).toContain(w);
      expect([...writers].some((w) => w !== ADMIN)).toBe(true);
    } finally {
      await emu.close();
    }
  });
});
