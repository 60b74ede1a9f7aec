/**
 * A migration run written straight through the client, following the ledger format of migration/ledger
 * exactly: a pre-existing contact the run updates, and accounts, contacts, treatment history, a note and a
 * phone call it creates. Lets rollback be tested on a known ledger, independent of the load engine.
 */
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { DataverseClient } from "../../../dataverse/client";
import { createNodeTransport } from "../../../dataverse/transport/node";
import type { DataverseClientApi, Entity } from "../../../dataverse/types";
import { createRunRecord, runBind, updateRunRecord, writeBatch, type LedgerBatch } from "../../../migration/ledger";
import type { ConfirmedMap } from "../../../migration/mapping/types";

export interface Org {
  emulator: RunningEmulator;
  client: DataverseClientApi;
  dump(): Promise<Record<string, Record<string, unknown>[]>>;
  close(): Promise<void>;
}

export async function startOrg(): Promise<Org> {
  const emulator = await startEmulator({ port: 0 });
  const client = new DataverseClient({ transport: createNodeTransport({ url: emulator.url }) });
  return {
    emulator,
    client,
    dump: async () => ((await (await fetch(`${emulator.url}/_admin/dump`)).json()) as { tables: Record<string, Record<string, unknown>[]> }).tables,
    close: () => emulator.close(),
  };
}

const map: ConfirmedMap = { version: 1, confirmedAt: "2026-01-01T00:00:00Z", confirmedBy: "test", timeZone: "America/Chicago", files: [] };

/** Seeds what the org had before the run: a practice and a patient the run will update. */
export async function seedExisting(client: DataverseClientApi): Promise<{ accountId: string; contactId: string }> {
  const accountId = await client.create("accounts", { name: "Existing Practice", dxm_sourcekey: "location:1" });
  const contactId = await client.create("contacts", { firstname: "Before", lastname: "Existing", dxm_sourcekey: "patient:1", telephone1: "555-0100" });
  return { accountId, contactId };
}

/**
 * A contact already in the org under the export set's first patient's source key (the run updates it, and
 * its rollback must restore it): its id.
 */
export async function existingFirstPatient(client: DataverseClientApi, exports: { set: { rows(file: string): AsyncIterable<{ values: Record<string, string> }> } }): Promise<string> {
  let firstPatient = "";
  for await (const row of exports.set.rows("patients.csv")) {
    firstPatient = row.values["Patient ID"];
    break;
  }
  return client.create("contacts", { firstname: "Existing", lastname: "Contact", telephone1: "555-0100", dxm_sourcekey: `patient:${firstPatient}` });
}

export interface WrittenRun {
  runId: string;
  created: { table: string; entitySet: string; id: string }[];
}

/** Writes a completed run: records stamped with it and its ledger batches. */
export async function writeRun(client: DataverseClientApi, existing: { contactId: string }, options: { loseLastLedgerWrite?: boolean } = {}): Promise<WrittenRun> {
  const runId = await createRunRecord(client, { name: "Fixture run", mode: "full", map });
  await updateRunRecord(client, runId, { status: "Running", startedOn: new Date(Date.now() - 1000) });
  const stamp = { "dxm_migrationrunid@odata.bind": runBind(runId) };
  const created: WrittenRun["created"] = [];
  const batches: LedgerBatch[] = [];
  let sequence = 0;
  const createAll = async (table: string, entitySet: string, rows: [string, Entity][], stamped = true) => {
    const records: LedgerBatch["records"] = [];
    for (const [sourceKey, body] of rows) {
      const id = await client.create(entitySet, stamped ? { ...body, ...stamp, dxm_sourcekey: sourceKey } : body);
      created.push({ table, entitySet, id });
      records.push([id, sourceKey, `hash-${sourceKey}`]);
    }
    batches.push({ runId, sequence: ++sequence, table, operation: "Create", records, beforeImages: {}, status: "Written" });
  };

  await createAll("account", "accounts", [["location:2", { name: "New Location" }]]);
  const location = "/accounts(dxm_sourcekey='location:2')";
  await createAll("contact", "contacts", [2, 3, 4].map((n) => [`patient:${n}`, { firstname: `P${n}`, lastname: "Fixture", "parentcustomerid_account@odata.bind": location }]));
  const before = await client.retrieve("contacts", existing.contactId, { select: ["firstname", "telephone1", "_dxm_migrationrunid_value"] });
  await client.update("contacts", existing.contactId, { firstname: "After", telephone1: "555-0199", ...stamp });
  batches.push({
    runId, sequence: ++sequence, table: "contact", operation: "Update",
    records: [[existing.contactId, "patient:1", "hash-patient:1"]],
    beforeImages: { [existing.contactId]: { firstname: before!.firstname, telephone1: before!.telephone1, _dxm_migrationrunid_value: before!._dxm_migrationrunid_value ?? null } },
    status: "Written",
  });
  await createAll("dxm_treatmenthistory", "dxm_treatmenthistories", [2, 3].map((n) => [`procedure:${n}`, {
    dxm_name: `D0120 ${n}`, dxm_procedurecode: "D0120", dxm_dateperformed: "2021-03-04", "dxm_patientid@odata.bind": `/contacts(dxm_sourcekey='patient:${n}')`,
  }]));
  await createAll("annotation", "annotations", [["note:1", { subject: "Fixture note", "objectid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:2')" }]], false);
  await createAll("phonecall", "phonecalls", [["comm:1", { subject: "Fixture call", "regardingobjectid_contact_phonecall@odata.bind": "/contacts(dxm_sourcekey='patient:3')" }]]);

  const written = options.loseLastLedgerWrite ? batches.slice(0, -1) : batches;
  for (const batch of written) await writeBatch(client, batch);
  await updateRunRecord(client, runId, { status: "Completed", finishedOn: new Date() });
  return { runId, created };
}

/** The org's data tables, without the run and ledger rows and without what every write changes. */
export function comparable(tables: Record<string, Record<string, unknown>[]>): Record<string, Record<string, unknown>[]> {
  const volatile = new Set(["modifiedon", "versionnumber", "modifiedby", "_modifiedby_value", "modifiedonbehalfby"]);
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, rows] of Object.entries(tables)) {
    if (table === "dxm_migrationrun" || table === "dxm_migrationbatch" || table === "asyncoperation" || table === "bulkdeleteoperation") continue;
    out[table] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => !volatile.has(k))));
  }
  return out;
}
