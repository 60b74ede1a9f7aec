/**
 * The pre-flight checks the running user's privileges on the emulator as on an org (RetrieveUserPrivileges):
 * a user without the migration's privileges is blocked, each missing privilege named with the security role
 * that grants it; the default admin has none missing and may bypass custom business logic. Same through
 * `dxm preflight`, whose token (DXM_EMULATOR_TOKEN) names the user.
 */
import { SEED_IDS, seededObjectId, testToken, type RunningEmulator } from "../../../emulator";
import { NO_RUN_YET, runPreflight } from "../../../migration/run/preflight";
import { connect } from "../../../scripts/dxm/connect";
import { migrate } from "../../../migration/run/migrate";
import { CUSTOM_COLUMN_PRIVILEGES } from "../../../migration/plan/preflight";
import { BypassNotAllowedError } from "../../../migration/run/bypass-custom-logic";
import { readRunRecord } from "../../../migration/ledger/run-record";
import { emulator, exportsOf, FALLBACK_OWNER, type Exports } from "./harness";
import { dxm } from "./dxm-cli";

const DANA = "00000000-0000-0000-0000-0000000000c2"; // Salesperson only
const LUIS = "00000000-0000-0000-0000-0000000000c3"; // Salesperson + Dental-Exec Migration Administrator
const tokenOf = (userId: string) => testToken({ oid: seededObjectId(userId) });
const MIGRATION_ROLE = "Dental-Exec Migration Administrator";

// `dxm` runs through tsx in a child process; on the shared machine that takes seconds.
jest.setTimeout(180_000);

describe("pre-flight privileges on the emulator", () => {
  let emu: RunningEmulator;
  let exports: Exports;

  beforeAll(async () => {
    emu = await emulator({ bulk: true });
    exports = await exportsOf(12);
  });
  afterAll(async () => {
    exports?.cleanup();
    await emu?.close();
  });

  const preflightAs = async (userId?: string) => {
    const client = await connect(emu.url, { env: userId ? { DXM_EMULATOR_TOKEN: tokenOf(userId) } : {} });
    expect((await client.whoAmI()).UserId).toBe(userId ?? SEED_IDS.caller);
    return runPreflight(client, { exports: exports.set, map: exports.map, runId: NO_RUN_YET, fallbackOwnerEmail: FALLBACK_OWNER });
  };

  it("finds none missing for the default admin, who may also bypass custom business logic", async () => {
    const result = await preflightAs();
    expect(result.unchecked).toEqual([]);
    expect(result.preflight.missingPrivileges).toEqual([]);
    expect(result.preflight.items.filter((i) => i.code === "missing-privilege")).toEqual([]);
    expect(result.preflight.mayBypassCustomLogic).toBe(true);
  });

  it("blocks a user without the migration's privileges, naming each privilege and the role that grants it", async () => {
    const result = await preflightAs(DANA);
    expect(result.unchecked).toEqual([]);
    const missing = result.preflight.missingPrivileges;
    expect(missing).toEqual(expect.arrayContaining([
      "prvOverrideCreatedOnCreatedBy", "prvCreatedxm_migrationrun", "prvWritedxm_migrationbatch", "prvDeletedxm_migrationrun",
      "prvCreatedxm_insurancepolicy", "prvAssigndxm_insurancepolicy",
      // The set's custom fields become columns, in a solution of the org's own that the run creates.
      ...CUSTOM_COLUMN_PRIVILEGES.filter((p) => !p.startsWith("prvRead")),
    ]));
    // What Salesperson grants is not reported: its contacts, notes, activities.
    expect(missing.filter((p) => /Contact$|Note$|Activity$|Account$/.test(p))).toEqual([]);
    // One blocking item per role to assign, naming every privilege it would grant.
    expect(result.preflight.items.filter((i) => i.code === "missing-privilege")).toEqual([
      { code: "missing-privilege", blocking: true, message: `The running user lacks ${missing.join(", ")}: assign the security role "${MIGRATION_ROLE}", which grants them.` },
    ]);
    expect(result.preflight.mayBypassCustomLogic).toBe(false);
  });

  it("finds none missing once the user holds the solution's migration role, who still may not bypass custom logic", async () => {
    const result = await preflightAs(LUIS);
    expect(result.preflight.missingPrivileges).toEqual([]);
    expect(result.preflight.mayBypassCustomLogic).toBe(false);
  });

  it("lets a user the pre-flight passes migrate: the migration role alone creates the custom columns, their solution and publisher", async () => {
    const own = await emulator({ bulk: true });
    try {
      const luis = await connect(own.url, { env: { DXM_EMULATOR_TOKEN: tokenOf(LUIS) } });
      expect(exports.map.files.some((f) => f.columns.some((c) => c.custom))).toBe(true);
      const pre = await runPreflight(luis, { exports: exports.set, map: exports.map, runId: NO_RUN_YET, fallbackOwnerEmail: FALLBACK_OWNER });
      expect(pre.preflight.items.filter((i) => i.blocking)).toEqual([]);
      const result = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER }, luis);
      expect(result.status).toBe("Completed");
      expect(result.columnsCreated.length).toBeGreaterThan(0);
    } finally {
      await own.close();
    }
  });

  it("dxm preflight says the same: exit 2 with the missing privileges and their role for the restricted user, none for the admin", async () => {
    const args = ["preflight", exports.dir, "--target", emu.url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", FALLBACK_OWNER];
    const restricted = await dxm(args, { DXM_EMULATOR_TOKEN: tokenOf(DANA) });
    expect(restricted.code).toBe(2);
    expect(restricted.stdout).toMatch(new RegExp(`privileges missing: prvOverrideCreatedOnCreatedBy, .*prvCreatedxm_migrationrun.* \\(the security role "${MIGRATION_ROLE}" grants them\\)`));
    expect(restricted.stdout).toMatch(new RegExp(`BLOCKING missing-privilege: The running user lacks prvOverrideCreatedOnCreatedBy, .*: assign the security role "${MIGRATION_ROLE}", which grants them\\.`));
    expect(restricted.stdout).toMatch(/bypass custom business logic: not allowed: the user lacks prvBypassCustomBusinessLogic \(the security role "System Administrator" grants it\)/);
    expect(restricted.stdout).not.toMatch(/could not be checked/);

    const admin = await dxm(args);
    expect(admin.code).toBe(0);
    expect(admin.stdout).toMatch(/privileges missing: none\n/);
    expect(admin.stdout).toMatch(/bypass custom business logic: allowed \(prvBypassCustomBusinessLogic\)/);
    expect(admin.stdout).not.toMatch(/could not be checked|BLOCKING/);
  });

  describe("bypassing custom business logic", () => {
    const input = () => ({ exports: exports.set, map: exports.map, mode: "full" as const, fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true });
    const runs = async () => (await (await connect(emu.url)).retrieveAll("dxm_migrationruns")).length;

    it("is refused before any write for a user without prvBypassCustomBusinessLogic, by the engine and by dxm migrate", async () => {
      const before = await runs();
      const luis = await connect(emu.url, { env: { DXM_EMULATOR_TOKEN: tokenOf(LUIS) } });
      await expect(migrate({ ...input(), bypassCustomLogic: true }, luis)).rejects.toThrow(BypassNotAllowedError);
      await expect(migrate({ ...input(), bypassCustomLogic: true }, luis)).rejects.toThrow(/the user lacks prvBypassCustomBusinessLogic\. Nothing migrated/);
      const args = ["migrate", exports.dir, "--target", emu.url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", FALLBACK_OWNER, "--bypass-custom-logic"];
      const cli = await dxm(args, { DXM_EMULATOR_TOKEN: tokenOf(LUIS) });
      expect(cli.code).toBe(2);
      expect(cli.stderr).toMatch(/BLOCKING bypass-custom-logic: --bypass-custom-logic was given, but bypassing is not allowed: the user lacks prvBypassCustomBusinessLogic/);
      const unchecked = await dxm([...args, "--no-preflight"], { DXM_EMULATOR_TOKEN: tokenOf(LUIS) });
      expect(unchecked.code).toBe(2);
      expect(unchecked.stderr).toMatch(/the user lacks prvBypassCustomBusinessLogic\. Nothing migrated/);
      expect(await runs()).toBe(before);
      expect(emu.stats().bypassRequests).toBe(0);
    });

    it("sends the header on the run's writes only when asked and allowed, and the run record says so", async () => {
      const admin = await connect(emu.url);
      const plain = await migrate(input(), admin);
      expect(plain.complete).toBe(true);
      expect(emu.stats().bypassRequests).toBe(0);
      expect((await readRunRecord(admin, plain.runId))?.report).not.toHaveProperty("options.bypassCustomLogic");

      const bypassed = await migrate({ ...input(), bypassCustomLogic: true }, admin);
      expect(bypassed.complete).toBe(true);
      expect(emu.stats().bypassRequests).toBeGreaterThan(0);
      expect((await readRunRecord(admin, bypassed.runId))?.report).toHaveProperty("options.bypassCustomLogic", true);
    });
  });
});
