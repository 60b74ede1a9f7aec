import { planRollback, rollback, RollbackRefused } from "../../../migration/rollback";
import { createRunRecord, readRunRecord, runBind, updateRunRecord, writeBatch } from "../../../migration/ledger";
import { comparable, seedExisting, startOrg, writeRun, type Org } from "./ledger-fixture";

describe("rollback against the emulator", () => {
  let org: Org;
  beforeEach(async () => {
    org = await startOrg();
  });
  afterEach(() => org.close());

  it("returns the org to its state before the run: created records deleted, updates restored", async () => {
    const existing = await seedExisting(org.client);
    const before = comparable(await org.dump());
    const { runId, created } = await writeRun(org.client, existing);
    expect(comparable(await org.dump())).not.toEqual(before);

    const preview = await planRollback(runId, org.client);
    expect(preview.refusal).toBeUndefined();
    expect(preview.tables.find((t) => t.table === "contact")).toEqual({ table: "contact", toDelete: 3, toRestore: 1 });
    expect(preview.tables[0].table).toBe("annotation");

    const phases: string[] = [];
    const result = await rollback(runId, org.client, { onProgress: (p) => phases.push(p.phase) });
    expect(result).toMatchObject({ complete: true, deleted: created.length, restored: 1, kept: [], failures: [], remaining: [] });
    expect(phases).toEqual(expect.arrayContaining(["reading", "restoring", "deleting", "verifying", "done"]));
    expect(comparable(await org.dump())).toEqual(before);
    expect((await readRunRecord(org.client, runId))!.status).toBe("Rolled back");
    const restored = await org.client.retrieve("contacts", existing.contactId, { select: ["firstname", "telephone1", "_dxm_migrationrunid_value"] });
    expect(restored).toMatchObject({ firstname: "Before", telephone1: "555-0100", _dxm_migrationrunid_value: null });
  });

  it("restores each record on its own: one the org refuses is reported, the others are restored", async () => {
    const existing = await seedExisting(org.client);
    const { runId } = await writeRun(org.client, existing);
    const other = await org.client.create("contacts", { firstname: "Other", lastname: "Existing", dxm_sourcekey: "patient:9" });
    await org.client.update("contacts", other, { firstname: "Changed", "dxm_migrationrunid@odata.bind": runBind(runId) });
    // A before-image naming a column the table lacks: the org refuses that one PATCH.
    await writeBatch(org.client, {
      runId, sequence: 99, table: "contact", operation: "Update", records: [[other, "patient:9", "hash-patient:9"]],
      beforeImages: { [other]: { firstname: "Other", nosuchcolumn: "x" } }, status: "Written",
    });

    const result = await rollback(runId, org.client);
    expect(result.restored).toBe(1);
    expect(result.failures).toEqual([expect.objectContaining({ table: "contact", id: other })]);
    expect(result.complete).toBe(false);
    expect(await org.client.retrieve("contacts", existing.contactId, { select: ["firstname"] })).toMatchObject({ firstname: "Before" });
    expect(await org.client.retrieve("contacts", other, { select: ["firstname"] })).toMatchObject({ firstname: "Changed" });
  });

  it("stops before changing anything when the ledger lists a table it does not know", async () => {
    const existing = await seedExisting(org.client);
    const { runId } = await writeRun(org.client, existing);
    const before = comparable(await org.dump());
    await writeBatch(org.client, {
      runId, sequence: 98, table: "dxm_retiredtable", operation: "Create", records: [[crypto.randomUUID(), "retired:1", "hash"]], beforeImages: {}, status: "Written",
    });
    await expect(rollback(runId, org.client)).rejects.toThrow(/"dxm_retiredtable", a table this rollback does not know/);
    // Nothing of the run was deleted or restored (the run and ledger tables aside).
    expect(comparable(await org.dump())).toEqual(before);
  });

  it("is harmless the second time", async () => {
    const existing = await seedExisting(org.client);
    const { runId } = await writeRun(org.client, existing);
    await rollback(runId, org.client);
    const after = comparable(await org.dump());
    const again = await rollback(runId, org.client);
    expect(again).toMatchObject({ complete: true, deleted: 0, restored: 0, failures: [], remaining: [] });
    expect(comparable(await org.dump())).toEqual(after);
  });

  it("leaves a record edited after the run alone and lists it, unless forced", async () => {
    const existing = await seedExisting(org.client);
    const { runId, created } = await writeRun(org.client, existing);
    const edited = created.find((c) => c.table === "contact")!;
    await new Promise((r) => setTimeout(r, 1100)); // an edit that happens visibly after the run finished
    await org.client.update("contacts", edited.id, { jobtitle: "Edited by the front desk" });

    const first = await rollback(runId, org.client);
    expect(first.complete).toBe(false);
    expect(first.kept).toEqual([
      expect.objectContaining({ table: "contact", id: edited.id, sourceKey: "patient:2", reason: "modified-after-run" }),
      // its practice stays too: deleting the account would cascade to the kept contact
      expect.objectContaining({ table: "account", reason: "referenced-by-kept-record" }),
    ]);
    expect(await org.client.retrieve("contacts", edited.id, { select: ["jobtitle"] })).toMatchObject({ jobtitle: "Edited by the front desk" });
    expect((await readRunRecord(org.client, runId))!.status).toBe("Rollback incomplete");

    const forced = await rollback(runId, org.client, { force: true });
    expect(forced).toMatchObject({ complete: true, kept: [], remaining: [] });
    expect(await org.client.retrieve("contacts", edited.id)).toBeNull();
  });

  it("finds stamped records whose ledger write was lost", async () => {
    const existing = await seedExisting(org.client);
    const { runId, created } = await writeRun(org.client, existing, { loseLastLedgerWrite: true });
    const call = created.find((c) => c.table === "phonecall")!;
    const result = await rollback(runId, org.client);
    expect(result.complete).toBe(true);
    expect(await org.client.retrieve("phonecalls", call.id)).toBeNull();
    // Deleted by the rollback itself, not by a cascade from its contact: every record the run created is counted.
    expect(result.deleted).toBe(created.length);
  });

  it("resumes an interrupted rollback to completion", async () => {
    const existing = await seedExisting(org.client);
    const before = comparable(await org.dump());
    const { runId } = await writeRun(org.client, existing);
    // The first pass restores patient:1 a second after the run's last write: the resumed pass must see that it
    // holds its before-image, not take it for a record someone edited after the run.
    await new Promise((r) => setTimeout(r, 1100));
    const controller = new AbortController();
    await expect(rollback(runId, org.client, {
      signal: controller.signal,
      batchSize: 1,
      onProgress: (p) => { if (p.phase === "deleting" && p.done >= 2) controller.abort(); },
    })).rejects.toThrow();
    expect((await readRunRecord(org.client, runId))!.status).toBe("Rolling back");
    const resumed = await rollback(runId, org.client);
    // kept named too: a record left alone shows with its reason when this fails.
    expect(resumed).toMatchObject({ complete: true, failures: [], remaining: [], kept: [] });
    expect(comparable(await org.dump())).toEqual(before);
  });

  it("refuses a run with a delta run on top, and rolls both back newest first when asked", async () => {
    const existing = await seedExisting(org.client);
    const { runId } = await writeRun(org.client, existing);
    const child = await org.client.create("dxm_migrationruns", { dxm_name: "Delta", "dxm_parentrunid@odata.bind": `/dxm_migrationruns(${runId})`, dxm_status: 724100004 });
    await expect(rollback(runId, org.client)).rejects.toBeInstanceOf(RollbackRefused);
    expect((await planRollback(runId, org.client)).refusal).toMatch(/delta run/);
    const result = await rollback(runId, org.client, { includeChildren: true });
    expect(result.childRuns).toEqual([child]);
    expect(result.complete).toBe(true);
    expect((await readRunRecord(org.client, child))!.status).toBe("Rolled back");
  });
});

describe("rollback of a run with a delta run that changed its records", () => {
  let org: Org;
  beforeEach(async () => {
    org = await startOrg();
  });
  afterEach(() => org.close());

  it("does not mistake the delta rollback's restores for later edits", async () => {
    const existing = await seedExisting(org.client);
    const before = comparable(await org.dump());
    const { runId, created } = await writeRun(org.client, existing);
    const patient = created.find((c) => c.table === "contact")!;
    await new Promise((r) => setTimeout(r, 1100));

    const deltaId = await createRunRecord(org.client, { name: "Delta", mode: "delta", parentRunId: runId, map: { version: 1, confirmedAt: "", confirmedBy: "test", timeZone: "UTC", files: [] } });
    await updateRunRecord(org.client, deltaId, { status: "Running", startedOn: new Date() });
    await org.client.update("contacts", patient.id, { jobtitle: "Changed by the delta", "dxm_migrationrunid@odata.bind": runBind(deltaId) });
    await writeBatch(org.client, {
      runId: deltaId, sequence: 1, table: "contact", operation: "Update", records: [[patient.id, "patient:2", "h2"]],
      beforeImages: { [patient.id]: { jobtitle: null, _dxm_migrationrunid_value: runId } }, status: "Written",
    });
    await updateRunRecord(org.client, deltaId, { status: "Completed", finishedOn: new Date() });
    await new Promise((r) => setTimeout(r, 1100));

    const result = await rollback(runId, org.client, { includeChildren: true });
    expect(result).toMatchObject({ complete: true, kept: [], failures: [], remaining: [], childRuns: [deltaId] });
    expect(comparable(await org.dump())).toEqual(before);
  });
});
