/**
 * The real engine writes a run over generated exports into an org that already holds one of the patients;
 * the rollback must give back exactly the org as it was: created records gone, the existing patient's
 * values restored.
 */
import { migrate } from "../../../migration/run/migrate";
import { rollback } from "../../../migration/rollback";
import { readRunRecord } from "../../../migration/ledger";
import { FALLBACK_OWNER, activityParties, clientFor, emulator, exportsOf, type Exports } from "../engine/harness";
import { readLedger } from "../../../migration/ledger/codec";
import { readLedgerWriters } from "../../../migration/rollback/ledger-index";
import type { RunningEmulator } from "../../../emulator";
import type { DataverseClientApi } from "../../../dataverse/types";
import { comparable, existingFirstPatient } from "./ledger-fixture";

jest.setTimeout(120_000);

describe("migrate, then roll back", () => {
  let emu: RunningEmulator;
  let client: DataverseClientApi;
  let exports: Exports;
  const dumpOf = async () => comparable(((await (await fetch(`${emu.url}/_admin/dump`)).json()) as { tables: Record<string, Record<string, unknown>[]> }).tables);

  beforeAll(async () => {
    exports = await exportsOf(15);
    emu = await emulator({ bulk: true });
    client = await clientFor(emu);
  });
  afterAll(async () => {
    await emu.close();
    exports.cleanup();
  });

  it("leaves the org exactly as it was before the migration, updates restored", async () => {
    const existing = await existingFirstPatient(client, exports);
    const before = await dumpOf();

    const result = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client);
    const afterMigration = await client.retrieve("contacts", existing, { select: ["firstname", "lastname", "_dxm_migrationrunid_value"] });
    expect(afterMigration).toMatchObject({ _dxm_migrationrunid_value: result.runId });
    expect(afterMigration!.lastname).not.toBe("Contact");

    // Emails carry their From / To parties; the rollback deletes the emails, and the parties go with them (cascade).
    expect((await client.retrieveAll("activityparties", { select: ["activitypartyid"] })).length).toBeGreaterThan(0);

    const report = (await readRunRecord(client, result.runId))!.report as Record<string, unknown>;
    expect(Object.keys(report)).toEqual(expect.arrayContaining(["plan", "options", "failures"]));
    const ledger = await readLedger(client, result.runId);
    const imaged = ledger.filter((b) => Object.keys(b.beforeImages).length > 0);
    expect(imaged.length).toBeGreaterThan(0);
    // The rollback judges records by the run's writers and last ledger write, read in one aggregate query (the
    // whole ledger is the fallback): it must agree with the ledger itself.
    const lastWrite = Math.max(...ledger.map((b) => Date.parse(b.writtenOn!)));
    const writers = await readLedgerWriters(client, result.runId);
    expect(writers.writers.sort()).toEqual([...new Set(ledger.flatMap((b) => [b.writtenBy!, b.recordedBy!]))].sort());
    expect(Date.parse(writers.lastWrite!)).toBe(lastWrite);

    const undone = await rollback(result.runId, client);
    // The run's own report survives the rollback, with the rollback's report beside it.
    const after = (await readRunRecord(client, result.runId))!.report as Record<string, unknown>;
    expect(after).toEqual({ ...report, rollback: expect.objectContaining({ deleted: undone.deleted, restored: undone.restored }) });
    // What it restored, it no longer keeps the previous values of.
    expect((await readLedger(client, result.runId)).filter((b) => Object.keys(b.beforeImages).length > 0)).toEqual([]);
    expect(await client.retrieveAll("activityparties", { select: ["activitypartyid"] })).toEqual([]);
    expect(undone).toMatchObject({ complete: true, failures: [], remaining: [], kept: [] });
    expect(undone.restored).toBeGreaterThanOrEqual(1);
    expect(undone.deleted).toBeGreaterThan(100);
    // The run created the practice's custom columns (metadata); the rollback keeps the columns, empty, and
    // the solution of the org's own they are filed in (with its publisher): docs/install.md says how to remove them.
    const afterDump = await dumpOf();
    expect(afterDump.solution.map((s) => s.uniquename).sort()).toEqual([...before.solution.map((s) => s.uniquename), "DentalExecCustomFields"].sort());
    expect(afterDump.solutioncomponent).toHaveLength(3);
    for (const table of ["publisher", "solution", "solutioncomponent"]) {
      delete afterDump[table];
      delete before[table];
    }
    const added = (table: string) => Object.keys(afterDump[table]?.[0] ?? {}).filter((k) => !(k in (before[table]?.[0] ?? {})));
    expect(added("contact").sort()).toEqual(["dxm_emergency_contact", "dxm_hygiene_notes_flag", "dxm_preferred_pharmacy"]);
    for (const table of Object.keys(afterDump)) {
      for (const row of afterDump[table]) for (const column of added(table)) expect(row[column]).toBeNull();
      afterDump[table] = afterDump[table].map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !added(table).includes(k))));
    }
    expect(afterDump).toEqual(before);
    expect((await readRunRecord(client, result.runId))!.status).toBe("Rolled back");
  });

  it("rolling back a re-run that gave emails another owner puts their From / To parties back", async () => {
    const other = await emulator({ bulk: true });
    try {
      const c = await clientFor(other);
      const run = (fallbackOwnerEmail: string) => migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail, skipErroredRows: true }, c);
      // Who each party is and in which role; the address used is not restored (the ledger keeps no patient data).
      const partiesNow = async () => (await activityParties(c)).map((p) => `${p.activityid} ${p.mask} ${p.partyid}`).sort();
      const owners = async () => (await c.retrieveAll("emails", { select: ["activityid", "_ownerid_value"] })).map((e) => `${String(e.activityid)} ${String(e._ownerid_value)}`).sort();

      await run(FALLBACK_OWNER);
      const [parties1, owners1] = [await partiesNow(), await owners()];
      // The re-run sends unmatched staff members' emails to another fallback owner: their parties change with it.
      const second = await run("dana.whitfield@dental.example");
      expect(second.status).toBe("Completed");
      const parties2 = await partiesNow();
      expect(parties2).toHaveLength(parties1.length);
      expect(parties2.filter((p) => !parties1.includes(p)).length).toBeGreaterThan(0);
      const images = (await readLedger(c, second.runId)).filter((b) => b.table === "email" && b.operation === "Update").flatMap((b) => Object.values(b.beforeImages));
      expect(images.length).toBeGreaterThan(0);
      expect(images.every((image) => Array.isArray(image.email_activity_parties) && image.email_activity_parties.length === 2)).toBe(true);
      expect(JSON.stringify(images)).not.toContain("addressused");

      const undone = await rollback(second.runId, c);
      expect(undone).toMatchObject({ complete: true, failures: [], kept: [] });
      expect(await owners()).toEqual(owners1);
      expect(await partiesNow()).toEqual(parties1);
    } finally {
      await other.close();
    }
  });
});
