import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import type { RunningEmulator } from "../../../emulator";
import type { DataverseClientApi, Entity } from "../../../dataverse/types";
import { migrate } from "../../../migration/run/migrate";
import { probeOperations } from "../../../migration/run/org-support";
import type { MigrateInput, RunIssue } from "../../../migration/run/types";
import { readLedger } from "../../../migration/ledger/codec";
import { readRunRecord } from "../../../migration/ledger/run-record";
import { reconcile } from "../../../migration/reconcile";
import { FALLBACK_OWNER, activityParties, clientFor, countRecords, dump, emulator, exportsOf, users, type Exports } from "./harness";

jest.setTimeout(120_000);

const PATIENTS = 30;

function input(exports: Exports, over: Partial<MigrateInput> = {}): MigrateInput {
  return { exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true, ...over };
}

async function rows(exports: Exports, file: string): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  for await (const row of exports.set.rows(file)) out.push(row.values);
  return out;
}

/** MM/DD/YYYY → YYYY-MM-DD (the generator's date format). */
const isoDate = (us: string) => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(us.trim());
  return m ? `${m[3]}-${m[1].padStart(2, "0")}-${m[2].padStart(2, "0")}` : undefined;
};

/** A copy of some exports with their CSV files edited. */
function editedCopy(from: Exports, edits: Record<string, (rows: Record<string, string>[]) => void>): Promise<Exports> {
  const dir = mkdtempSync(join(tmpdir(), "dxm-delta-"));
  cpSync(from.dir, dir, { recursive: true });
  for (const [file, change] of Object.entries(edits)) {
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(dir, file), "utf8"), { header: true, skipEmptyLines: true });
    change(parsed.data);
    writeFileSync(join(dir, file), `${Papa.unparse(parsed.data, { columns: parsed.meta.fields })}\r\n`);
  }
  return exportsOf(0, 0, dir);
}

/** The clean exports with one patient's work phone changed, one procedure's fee changed and one procedure added. */
function changedCopy(from: Exports): Promise<Exports> {
  return editedCopy(from, {
    "patients.csv": (rows) => (rows[0]["Work Phone"] = "(555) 010-9999"),
    "procedures.csv": (rows) => {
      rows[0].Fee = "123.45";
      rows.push({ ...rows[1], "Procedure ID": "299999" });
    },
  });
}

/** What the emulator has written so far: records per table, and the notes runs attach to themselves (their rebuild reference). */
function writesSoFar(emu: RunningEmulator) {
  const runNotes = Number(emu.emulator.store.all(`SELECT COUNT(*) AS n FROM "annotation" WHERE "objecttypecode" = 'dxm_migrationrun'`, [])[0].n);
  return { perTable: emu.stats().writesPerTable, runNotes };
}

/**
 * What the probe of each run (migration/run/org-support.ts) writes: all rolled back (its change sets fail on
 * purpose), but the emulator counts writes of rolled-back change sets too. Measured by sending the probe alone.
 */
async function probeWrites(emu: RunningEmulator, client: DataverseClientApi): Promise<Record<string, number>> {
  const before = emu.stats().writesPerTable;
  await client.executeBatch({ ...probeOperations(), continueOnError: true });
  const out: Record<string, number> = {};
  for (const [table, n] of Object.entries(emu.stats().writesPerTable)) if (n - (before[table] ?? 0) !== 0) out[table] = n - (before[table] ?? 0);
  return out;
}

/** Migrated records written since `before`, per table: the emulator's own count, run and ledger rows (and run notes) left out, and `probe` (the writes of each run's probe, rolled back). */
function writesSince(emu: RunningEmulator, before: ReturnType<typeof writesSoFar>, probe: Record<string, number> = {}): Record<string, number> {
  const now = writesSoFar(emu);
  const out: Record<string, number> = {};
  for (const [table, n] of Object.entries(now.perTable)) {
    if (table === "dxm_migrationrun" || table === "dxm_migrationbatch") continue;
    const written = n - (before.perTable[table] ?? 0) - (table === "annotation" ? now.runNotes - before.runNotes : 0) - (probe[table] ?? 0);
    if (written !== 0) out[table] = written;
  }
  return out;
}

describe("engine against the emulator", () => {
  let clean: Exports;
  let emu: RunningEmulator | undefined;

  beforeAll(async () => {
    clean = await exportsOf(PATIENTS);
  });
  afterAll(() => clean?.cleanup());
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("fails the run with the org read's own error, read while the exports are indexed, and writes no record", async () => {
    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    let runId = "";
    await expect(migrate(input(clean, { fallbackOwnerEmail: "nobody@example.com" }), client, { onRunStarted: (id) => (runId = id) }))
      .rejects.toThrow("No enabled user has the fallback owner's email address nobody@example.com.");
    expect((await readRunRecord(client, runId))?.status).toBe("Failed");
    expect(countRecords(await dump(client))).toBe(0);
  });

  it("lands every valid row exactly once, with lookups, owners and dates right, over the bulk messages", async () => {
    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const result = await migrate(input(clean), client);
    expect(result.status).toBe("Completed");
    expect(result.complete).toBe(true);

    const contacts = await client.retrieveAll<Entity>("contacts", { select: ["contactid", "dxm_sourcekey", "birthdate", "_ownerid_value"] });
    const patients = await rows(clean, "patients.csv");
    const patientContacts = contacts.filter((c) => String(c.dxm_sourcekey).startsWith("patient:"));
    expect(patientContacts.map((c) => c.dxm_sourcekey).sort()).toEqual(patients.map((p) => `patient:${p["Patient ID"]}`).sort());
    for (const p of patients) {
      const contact = patientContacts.find((c) => c.dxm_sourcekey === `patient:${p["Patient ID"]}`)!;
      if (p["Birth Date"]) expect(contact.birthdate).toBe(isoDate(p["Birth Date"]));
    }

    const procedures = await rows(clean, "procedures.csv");
    const treatments = await client.retrieveAll<Entity>("dxm_treatmenthistories", {
      select: ["dxm_sourcekey", "_dxm_patientid_value", "_ownerid_value", "dxm_dateperformed", "dxm_procedurecode", "dxm_fee"],
    });
    expect(treatments).toHaveLength(procedures.length);
    const contactKey = new Map(contacts.map((c) => [String(c.contactid), String(c.dxm_sourcekey)]));
    const providerEmail = new Map((await rows(clean, "providers.csv")).map((p) => [p["Provider ID"], p.Email.toLowerCase()]));
    const userId = new Map(users().filter((u) => !u.isdisabled).map((u) => [u.internalemailaddress.toLowerCase(), u.systemuserid]));
    const fallbackId = userId.get(FALLBACK_OWNER)!;
    for (const row of procedures) {
      const t = treatments.find((x) => x.dxm_sourcekey === `procedure:${row["Procedure ID"]}`)!;
      expect(contactKey.get(String(t._dxm_patientid_value))).toBe(`patient:${row["Patient ID"]}`);
      expect(t.dxm_dateperformed).toBe(isoDate(row["Date Performed"]));
      expect(t.dxm_procedurecode).toBe(row["CDT Code"]);
      if (row["Provider ID"]) expect(t._ownerid_value).toBe(userId.get(providerEmail.get(row["Provider ID"]) ?? "") ?? fallbackId);
    }

    // Activities are closed in their final state (the generator's call log is all in the past).
    const calls = await client.retrieveAll<Entity>("phonecalls", { select: ["statecode"] });
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.statecode === 1)).toBe(true);

    // Emails and phone calls carry exactly one From and one To: sent / made ones from the staff member's user (or
    // the fallback owner) to the patient, received ones the other way round; an email's patient party keeps the
    // logged address (a call's number is the call's own phonenumber).
    const commRows = (await rows(clean, "communications.csv")).filter((r) => r.Type === "Email" || r.Type === "Call");
    const parties = await activityParties(client);
    for (const [type, set] of [["Email", "emails"], ["Call", "phonecalls"]] as const) {
      const typed = commRows.filter((r) => r.Type === type);
      expect({ type, rows: typed.length > 0 }).toEqual({ type, rows: true });
      const activities = await client.retrieveAll<Entity>(set, { select: ["activityid", "dxm_sourcekey", "_ownerid_value"] });
      for (const row of typed) {
        const activity = activities.find((e) => e.dxm_sourcekey === `comm:${row["Comm ID"]}`)!;
        const user = userId.get(providerEmail.get(row["Staff ID"]) ?? "") ?? fallbackId;
        expect(activity._ownerid_value).toBe(user);
        const own = parties.filter((p) => p.activityid === activity.activityid);
        const patient = { party: `patient:${row["Patient ID"]}`, addressused: type === "Email" ? row["Email / Phone"] : null };
        const staff = { party: user, addressused: null };
        const [from, to] = row.Direction === "Inbound" ? [patient, staff] : [staff, patient];
        const named = (p: (typeof own)[number]) => ({ mask: p.mask, party: contactKey.get(p.partyid) ?? p.partyid, addressused: p.addressused });
        expect({ key: activity.dxm_sourcekey, parties: own.map(named).sort((a, b) => a.mask - b.mask) }).toEqual({ key: activity.dxm_sourcekey, parties: [{ mask: 1, ...from }, { mask: 2, ...to }] });
      }
    }
    expect(parties).toHaveLength(commRows.length * 2);

    // The ledger names every record the run created, once.
    const ledger = await readLedger(client, result.runId);
    const ids = ledger.flatMap((b) => b.records.map((r) => r[0]));
    expect(new Set(ids).size).toBe(ledger.filter((b) => b.operation === "Create").reduce((n, b) => n + b.records.length, 0));
    const written = Object.values(result.counters).reduce((n, c) => n + c.created, 0);
    expect(ids.length).toBeGreaterThanOrEqual(written);

    const report = await reconcile(result.runId, clean.set, client);
    expect(report.tables.filter((t) => !t.matches)).toEqual([]);
    expect(report.money.filter((m) => !m.matches)).toEqual([]);
    expect(report.sample.mismatches).toEqual([]);
    expect(report.ok).toBe(true);

    // A sent email whose From was changed after the run is caught by the sampled diff (every email sampled here).
    const sent = commRows.find((r) => r.Type === "Email" && r.Direction !== "Inbound")!;
    const emails = await client.retrieveAll<Entity>("emails", { select: ["activityid", "dxm_sourcekey", "_ownerid_value"] });
    const tampered = emails.find((e) => e.dxm_sourcekey === `comm:${sent["Comm ID"]}`)!;
    const other = [...userId.values()].find((id) => id !== tampered._ownerid_value)!;
    const patientId = [...contactKey].find(([, key]) => key === `patient:${sent["Patient ID"]}`)![0];
    await client.update("emails", String(tampered.activityid), { statecode: 0, statuscode: 1 });
    await client.update("emails", String(tampered.activityid), {
      email_activity_parties: [
        { participationtypemask: 1, "partyid_systemuser@odata.bind": `/systemusers(${other})` },
        { participationtypemask: 2, "partyid_contact@odata.bind": `/contacts(${patientId})`, addressused: sent["Email / Phone"] },
      ],
    });
    await client.update("emails", String(tampered.activityid), { statecode: 1, statuscode: 3 });
    const recheck = await reconcile(result.runId, clean.set, client, { samplePerStage: 10_000 });
    expect(recheck.sample.mismatches).toEqual([{ table: "email", sourceKey: tampered.dxm_sourcekey, id: tampered.activityid, column: "email_activity_parties", kind: "different" }]);

    // Requests per migrated record, ledger and reads included (counted by the emulator), for the report.
    const records = Object.values(result.counters).reduce((n, c) => n + c.created + c.updated, 0);
    const requests = emu.stats().requests;
    expect(requests).toBeLessThan(records / 5);
  });

  it("writes nothing while providers lack users and no fallback owner is chosen", async () => {
    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const result = await migrate(input(clean, { fallbackOwnerEmail: undefined }), client);
    expect(result.status).toBe("Map confirmed");
    expect(result.complete).toBe(false);
    expect(result.blockedBy).toEqual([expect.stringContaining("providers have no enabled Dynamics user")]);
    expect(result.report!.unmatchedProviders.length).toBeGreaterThan(0);
    expect(countRecords(await dump(client))).toBe(0);
  });

  it("writes the same data through $batch change sets when the org has no bulk messages", async () => {
    const bulk = await emulator({ bulk: true });
    const viaBulk = await migrate(input(clean), await clientFor(bulk));
    const bulkDump = await dump(await clientFor(bulk));
    await bulk.close();

    emu = await emulator({ bulk: false });
    const client = await clientFor(emu);
    const viaBatch = await migrate(input(clean), client);
    expect(viaBatch.status).toBe("Completed");
    expect(viaBatch.counters).toEqual(viaBulk.counters);
    expect(await dump(client)).toEqual(bulkDump);
  });

  it("a run cancelled mid-way and resumed ends identical to a clean run, nothing duplicated", async () => {
    const reference = await emulator({ bulk: true });
    await migrate(input(clean), await clientFor(reference));
    const cleanDump = await dump(await clientFor(reference));
    await reference.close();

    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const controller = new AbortController();
    let written = 0;
    const first = await migrate(input(clean, { chunk: { initial: 20, max: 40 } }), client, {
      signal: controller.signal,
      onProgress: (p) => {
        written = Math.max(written, p.done);
        if (p.table === "dxm_treatmenthistory" && p.done >= 40) controller.abort();
      },
    });
    expect(first.status).toBe("Cancelled");
    expect(first.complete).toBe(false);
    const partial = countRecords(await dump(client));
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(countRecords(cleanDump));

    const resumed = await migrate(input(clean, { runId: first.runId }), client);
    expect(resumed.runId).toBe(first.runId);
    expect(resumed.status).toBe("Completed");
    expect(await dump(client)).toEqual(cleanDump);
    const ledger = await readLedger(client, first.runId);
    const keys = ledger.filter((b) => b.operation === "Create").flatMap((b) => b.records.map((r) => `${b.table}|${r[1]}`));
    expect(new Set(keys).size).toBe(keys.length);
    expect(ledger.map((b) => b.sequence)).toEqual([...ledger.map((b) => b.sequence)].sort((a, b) => a - b));
  });

  it("a second full run of unchanged exports writes nothing and counts every record unchanged; one changed field writes that record alone", async () => {
    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const first = await migrate(input(clean), client);
    const once = await dump(client);
    const probe = await probeWrites(emu, client);
    const before = writesSoFar(emu);
    const again = await migrate(input(clean), client);
    expect(again.status).toBe("Completed");
    expect(writesSince(emu, before, probe)).toEqual({});
    // Every record the first run wrote (created, or updated by a later stage of it such as a patient's coverage) is unchanged.
    for (const [table, c] of Object.entries(first.counters)) {
      expect([table, again.counters[table]]).toEqual([table, { ...c, created: 0, updated: 0, unchanged: c.created + c.updated }]);
    }
    expect(await dump(client)).toEqual(once);
    // Nothing written, nothing ledgered: no before-image of what was already right.
    expect(await readLedger(client, again.runId)).toEqual([]);
    // Reconcile accounts for every record of the second run as unchanged (found in the target).
    const reconciled = await reconcile(again.runId, clean.set, client);
    expect(reconciled.ok).toBe(true);
    expect(reconciled.tables.filter((t) => t.unchanged !== t.planned || t.landed !== 0)).toEqual([]);

    const edited = await editedCopy(clean, { "patients.csv": (rows) => (rows[0]["Work Phone"] = "(555) 010-9999") });
    try {
      const patientKey = `patient:${(await rows(edited, "patients.csv"))[0]["Patient ID"]}`;
      const between = writesSoFar(emu);
      const third = await migrate(input(edited), client);
      expect(writesSince(emu, between, probe)).toEqual({ contact: 1 });
      expect(third.counters.contact).toMatchObject({ updated: 1, created: 0, unchanged: first.counters.contact.created + first.counters.contact.updated - 1 });
      const ledger = await readLedger(client, third.runId);
      expect(ledger.map((b) => [b.table, b.operation, b.records.map((r) => r[1])])).toEqual([["contact", "Update", [patientKey]]]);
      const [id] = ledger[0].records[0];
      expect(Object.keys(ledger[0].beforeImages[id])).toContain("telephone1");
    } finally {
      edited.cleanup();
    }
  });

  it("a delta run moves only what changed since its parent, and ends where a full run of the new exports would", async () => {
    const changed = await changedCopy(clean);
    try {
      const reference = await emulator({ bulk: true });
      await migrate(input(changed), await clientFor(reference));
      const fullDump = await dump(await clientFor(reference));
      await reference.close();

      emu = await emulator({ bulk: true });
      const client = await clientFor(emu);
      const parent = await migrate(input(clean), client);
      const unchanged = await migrate(input(clean, { mode: "delta", parentRunId: parent.runId }), client);
      expect(Object.values(unchanged.counters).reduce((n, c) => n + c.created + c.updated, 0)).toBe(0);

      const delta = await migrate(input(changed, { mode: "delta", parentRunId: unchanged.runId }), client);
      expect(delta.status).toBe("Completed");
      const moved = Object.entries(delta.counters).filter(([, c]) => c.created + c.updated > 0).map(([t, c]) => [t, c.created, c.updated]);
      expect(moved).toEqual([["contact", 0, 1], ["dxm_treatmenthistory", 1, 1]]);
      // Reconcile accounts for the rows a delta run leaves out as unchanged since its parent.
      const reconciled = await reconcile(delta.runId, changed.set, client);
      expect(reconciled.ok).toBe(true);
      expect(reconciled.objects.find((o) => o.object === "patient")!.reasons).toMatchObject({ "unchanged-since-parent": expect.any(Number) });
      expect(await dump(client)).toEqual(fullDump);
    } finally {
      changed.cleanup();
    }
  });

  it("reports every injected defect and still lands every valid row", async () => {
    const dirty = await exportsOf(PATIENTS, 0.05);
    try {
      emu = await emulator({ bulk: true });
      const client = await clientFor(emu);
      const issues: RunIssue[] = [];
      const result = await migrate(input(dirty), client, { onIssue: (i) => issues.push(i) });
      expect(result.complete).toBe(true);
      expect(result.status).toBe("Completed with errors");
      const { readFileSync } = await import("node:fs");
      const defects = JSON.parse(readFileSync(`${dirty.dir}/defects.json`, "utf8")) as { file: string; line: number; kind: string; sourceKey: string }[];
      expect(defects.length).toBeGreaterThan(0);
      const file = (name: string) => dirty.set.inventory.files.find((f) => f.name === name)!;
      const reported = (d: { file: string; line: number; sourceKey: string; kind: string }) =>
        issues.some((i) => i.kind === "validation" && i.file === d.file && (i.line === d.line || i.sourceKey === d.sourceKey)) ||
        file(d.file).problems.some((p) => p.line === d.line) ||
        // A file the reader decodes as Windows-1252 is reported once, at its first such line, for all of them.
        (d.kind === "mis-encoded" && file(d.file).encoding === "windows-1252" && file(d.file).problems.some((p) => p.code === "windows-1252"));
      expect(defects.filter((d) => !reported(d))).toEqual([]);
    } finally {
      dirty.cleanup();
    }
  });
});
