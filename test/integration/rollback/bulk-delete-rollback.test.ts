/**
 * A rollback through Dataverse's server-side BulkDelete (threshold low, so every table goes that way): the org
 * comes back as it was before the run, a record edited after the run is spared (the job's query names the ids to
 * delete and excludes anything modified after the run), and a record a delete plug-in refuses is surfaced as a
 * BulkDeleteFailure; once the plug-in is gone, rolling back again finishes the job.
 */
import { migrate } from "../../../migration/run/migrate";
import { rollback } from "../../../migration/rollback";
import { readLedger, readRunRecord } from "../../../migration/ledger";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "../engine/harness";
import type { RunningEmulator } from "../../../emulator";
import type { DataverseClientApi } from "../../../dataverse/types";
import { comparable, existingFirstPatient } from "./ledger-fixture";

jest.setTimeout(120_000);

type Tables = Record<string, Record<string, unknown>[]>;

describe("rollback through BulkDelete jobs", () => {
  let emu: RunningEmulator;
  let client: DataverseClientApi;
  let exports: Exports;
  const rawDump = async () => ((await (await fetch(`${emu.url}/_admin/dump`)).json()) as { tables: Tables }).tables;
  const plugins = (refuseDelete: string[]) => fetch(`${emu.url}/_admin/plugins`, { method: "POST", body: JSON.stringify({ refuseDelete }) });
  // Every record through a job: the client deletes nothing beside them here.
  const options = { bulkDeleteThreshold: 1, pollIntervalMs: 20, clientDeletesBesideJobs: false };

  beforeAll(async () => {
    exports = await exportsOf(15);
    emu = await emulator({ bulk: true });
    client = await clientFor(emu);
  });
  afterAll(async () => {
    await emu.close();
    exports.cleanup();
  });

  it("gives the org back as before the run, spares an edited record, and resumes after a BulkDeleteFailure", async () => {
    const existing = await existingFirstPatient(client, exports);
    const before = comparable(await rawDump());

    const run = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client);
    const stamped = (set: string, id: string) => client.retrieveAll(set, { select: [id, "_dxm_migrationrunid_value"], filter: `_dxm_migrationrunid_value eq ${run.runId}` });
    // Edited after the run (Dataverse keeps whole seconds: a later second is a later edit).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const patients = new Set((await stamped("contacts", "contactid")).map((c) => String(c.contactid)));
    const note = (await client.retrieveAll("annotations", { select: ["annotationid", "_objectid_value"] })).find((n) => patients.has(String(n._objectid_value)))!;
    const noteId = String(note.annotationid);
    await client.update("annotations", noteId, { subject: "Edited after the run" });
    // A delete plug-in refuses one of the run's appointments.
    const refused = String((await stamped("dxm_appointments", "dxm_appointmentid"))[0].dxm_appointmentid);
    expect((await plugins([refused])).status).toBe(204);

    const first = await rollback(run.runId, client, options);
    expect(first.complete).toBe(false);
    expect(first.failures).toEqual(expect.arrayContaining([expect.objectContaining({ table: "dxm_appointment", id: refused, code: "0x80040265" })]));
    // Named by its source key as the ledger lists it (the rollback keeps ids only and reads the key back for what it reports).
    const noteKey = (await readLedger(client, run.runId)).flatMap((b) => b.records).find(([id]) => id === noteId)![1];
    expect(noteKey).toMatch(/\S/);
    expect(first.kept).toEqual(expect.arrayContaining([expect.objectContaining({ table: "annotation", id: noteId, sourceKey: noteKey, reason: "modified-after-run" })]));
    expect((await readRunRecord(client, run.runId))!.status).toBe("Rollback incomplete");
    const afterFirst = await rawDump();
    // The deletes went through BulkDelete jobs; what a job could not delete is a BulkDeleteFailure row, and
    // the job's other deletes stayed done (a job does not roll back).
    expect(afterFirst.asyncoperation.filter((job) => job.operationtype === 13).length).toBeGreaterThan(5);
    expect(afterFirst.bulkdeletefailure.map((f) => f.regardingobjectid)).toContain(refused);
    expect(afterFirst.dxm_billingrecord ?? []).toEqual([]);
    // Each table's ledger rows are marked as soon as its deletes are done and none failed: the refused
    // appointment's row is not (a later rollback must take it up again), the billing records' rows are.
    const ledger = await readLedger(client, run.runId);
    const holding = ledger.filter((b) => b.records.some(([id]) => id === refused));
    expect(holding.length).toBeGreaterThan(0);
    expect(holding.map((b) => b.status)).not.toContain("Rolled back");
    const billing = ledger.filter((b) => b.table === "dxm_billingrecord");
    expect(billing.length).toBeGreaterThan(0);
    expect(billing.map((b) => b.status)).toEqual(billing.map(() => "Rolled back"));

    // The plug-in is gone: a second rollback picks up what the first left.
    await plugins([]);
    const second = await rollback(run.runId, client, options);
    expect(second).toMatchObject({ failures: [], remaining: [] });
    expect(second.kept.map((k) => k.id)).toContain(noteId);
    expect((await client.retrieve("annotations", noteId, { select: ["subject"] }))!.subject).toBe("Edited after the run");
    expect(await client.retrieve("contacts", existing, { select: ["lastname"] })).toMatchObject({ lastname: "Contact" });

    // Everything else is as it was before the run: the kept records (the note and the parents it needs) aside,
    // the practice's custom columns (left in place, empty), and the solution rows the run filed them in.
    const kept = new Set(second.kept.map((k) => k.id));
    // The note, and the records it needs (its patient and theirs, up the chain), nothing else.
    expect(second.kept.filter((k) => k.reason !== "referenced-by-kept-record").map((k) => k.id)).toEqual([noteId]);
    const after = comparable(await rawDump());
    for (const table of ["publisher", "solution", "solutioncomponent", "bulkdeletefailure"]) {
      delete after[table];
      delete before[table];
    }
    const added = (table: string) => Object.keys(after[table]?.[0] ?? {}).filter((k) => !(k in (before[table]?.[0] ?? {})));
    for (const table of Object.keys(after)) {
      const extra = added(table);
      after[table] = after[table]
        .filter((row) => !kept.has(String(row[`${table}id`] ?? row.activityid)))
        .map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !extra.includes(k))));
    }
    expect(after).toEqual(before);
  });

  it("finds a job whose answer was lost by its name instead of submitting it twice", async () => {
    const run = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client);
    const jobsBefore = new Set((await rawDump()).asyncoperation.map((job) => String(job.asyncoperationid)));
    // Every BulkDelete is carried out and its answer lost (the connection drops after the job is created).
    await fetch(`${emu.url}/_admin/faults`, { method: "POST", body: JSON.stringify({ spec: "drop:1@BulkDelete" }) });
    try {
      const result = await rollback(run.runId, client, options);
      expect(result).toMatchObject({ complete: true, failures: [], remaining: [] });
    } finally {
      await fetch(`${emu.url}/_admin/faults`, { method: "POST", body: JSON.stringify({ spec: "" }) });
    }
    const jobs = (await rawDump()).asyncoperation.filter((job) => job.operationtype === 13 && !jobsBefore.has(String(job.asyncoperationid)));
    expect(jobs.length).toBeGreaterThan(0);
    const names = jobs.map((job) => String(job.name));
    expect(new Set(names).size).toBe(names.length);
  });

  it("shares the deletes between jobs and the client's own $batch deletes, and leaves nothing of the run", async () => {
    const run = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client);
    const jobsBefore = (await rawDump()).asyncoperation.length;
    let clientDeletes = 0;
    const counting = new Proxy(client, {
      get(target, property, receiver) {
        if (property !== "executeBatch") return Reflect.get(target, property, receiver);
        return (request: Parameters<DataverseClientApi["executeBatch"]>[0], ...rest: unknown[]) => {
          for (const set of request.changeSets ?? []) clientDeletes += set.filter((op) => op.method === "DELETE").length;
          return (target.executeBatch as (...args: unknown[]) => unknown)(request, ...rest);
        };
      },
    });
    const result = await rollback(run.runId, counting, { bulkDeleteThreshold: 1, pollIntervalMs: 20 });
    expect(result).toMatchObject({ complete: true, failures: [], remaining: [], kept: [] });
    const created = Object.values(run.counters).reduce((n, c) => n + c.created, 0);
    expect(result.deleted).toBe(created);
    const jobs = (await rawDump()).asyncoperation.length - jobsBefore;
    // Both channels took a share.
    expect(jobs).toBeGreaterThan(0);
    expect(clientDeletes).toBeGreaterThan(0);
    expect(clientDeletes).toBeLessThan(created);
  });

  it("reads back by id only what neither a job's counts nor the run's stamp account for", async () => {
    const run = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client);
    // The notes the runs before wrote were rolled back, though the first rollback's ledger rows still name them
    // (it kept one note of their batch): they are written again, not taken for unchanged; the note it kept,
    // edited since, is updated.
    expect(run.counters.annotation).toMatchObject({ created: 14, updated: 1, unchanged: 0 });
    // Every `$batch` GET of the rollback by table: reads by id (`In` filters) are the only GETs it batches.
    const readById = new Map<string, number>();
    const counting = new Proxy(client, {
      get(target, property, receiver) {
        if (property !== "executeBatch") return Reflect.get(target, property, receiver);
        return (request: Parameters<DataverseClientApi["executeBatch"]>[0], init?: Parameters<DataverseClientApi["executeBatch"]>[1]) => {
          for (const get of request.gets ?? []) {
            const set = get.url.split("?")[0];
            readById.set(set, (readById.get(set) ?? 0) + 1);
          }
          return target.executeBatch(request, init);
        };
      },
    });
    const jobsBefore = (await rawDump()).asyncoperation.length;
    const result = await rollback(run.runId, counting, options);
    expect(result).toMatchObject({ complete: true, failures: [], remaining: [], kept: [] });
    expect((await rawDump()).asyncoperation.length).toBeGreaterThan(jobsBefore);
    // Tables the run only created, every record stamped, every job counting all it was given: the stamp query
    // alone shows what is left. Notes carry no stamp: they are read by id, before and after.
    for (const set of ["dxm_appointments", "dxm_treatmenthistories", "dxm_billingrecords"]) expect(readById.get(set) ?? 0).toBe(0);
    expect(readById.get("annotations")).toBeGreaterThan(0);
  });

  it("deletes from the client what the org refuses to take as a job (a signed-in identity without prvBulkDelete)", async () => {
    const run = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client);
    let refusedJobs = 0;
    const noJobs = new Proxy(client, {
      get(target, property, receiver) {
        if (property !== "bulkDelete") return Reflect.get(target, property, receiver);
        return async () => {
          refusedJobs++;
          throw Object.assign(new Error("Principal user is missing prvBulkDelete privilege."), { status: 403, code: "0x80040220" });
        };
      },
    });
    const result = await rollback(run.runId, noJobs, { bulkDeleteThreshold: 1, pollIntervalMs: 20 });
    expect(refusedJobs).toBe(1);
    expect(result).toMatchObject({ complete: true, failures: [], remaining: [], kept: [] });
    expect(result.deleted).toBe(Object.values(run.counters).reduce((n, c) => n + c.created, 0));
  });
});
