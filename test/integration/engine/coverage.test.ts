/**
 * Every coverage of the export lands (issue 17): a generated set with dual coverage migrates with each
 * coverage row a dxm_coverage linked to its patient and its policy, claims linked to the coverage they name,
 * patients to their guarantor; full reconcile finds 0 differences; a second coverage added behind the
 * engine's back is reported, and nothing else; rollback leaves the org as it was; a delta run picks up a
 * changed coverage order and nothing more.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import type { RunningEmulator } from "../../../emulator";
import type { DataverseClientApi, Entity } from "../../../dataverse/types";
import { runBind } from "../../../migration/ledger/codec";
import { policyKey } from "../../../migration/objects/insurance-policy";
import { reconcile, verifyRun } from "../../../migration/reconcile";
import { rollback } from "../../../migration/rollback";
import { migrate } from "../../../migration/run/migrate";
import type { MigrateInput } from "../../../migration/run/types";
import { coverageOrderOptions } from "../../../solution/model";
import { FALLBACK_OWNER, clientFor, dump, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(240_000);

const PATIENTS = 40;

function input(exports: Exports, over: Partial<MigrateInput> = {}): MigrateInput {
  return { exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true, ...over };
}

async function rowsOf(exports: Exports, file: string): Promise<Record<string, string>[]> {
  const out: Record<string, string>[] = [];
  for await (const row of exports.set.rows(file)) out.push(row.values);
  return out;
}

/** Source key → record id of a table's records. */
async function idsByKey(client: DataverseClientApi, entitySet: string, idColumn: string): Promise<Map<string, string>> {
  const rows = await client.retrieveAll<Entity>(entitySet, { select: [idColumn, "dxm_sourcekey"] });
  return new Map(rows.map((r) => [String(r.dxm_sourcekey), String(r[idColumn])]));
}

/** Patients with more than one coverage row. */
function dualPatients(coverages: Record<string, string>[]): string[] {
  const count = new Map<string, number>();
  for (const c of coverages) count.set(c["Patient ID"], (count.get(c["Patient ID"]) ?? 0) + 1);
  return [...count].filter(([, n]) => n > 1).map(([id]) => id);
}

const orderValue = (label: string) => coverageOrderOptions.find((o) => o.label === label)!.value;

describe("coverages: every coverage row of the export, linked", () => {
  let exports: Exports;
  let emu: RunningEmulator | undefined;

  beforeAll(async () => {
    exports = await exportsOf(PATIENTS);
  });
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });
  afterAll(() => exports.cleanup());

  it("lands every coverage, claim link and guarantor; full reconcile finds nothing; an added second coverage is reported; rollback leaves the org as it was", async () => {
    const coverages = await rowsOf(exports, "insurance.csv");
    const duals = dualPatients(coverages);
    // A precondition: the generator writes dual coverage.
    expect(duals.length).toBeGreaterThan(0);

    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const before = await dump(client);
    const run = await migrate(input(exports), client);
    expect(run.complete).toBe(true);
    expect(run.counters.dxm_coverage).toMatchObject({ created: coverages.length, failed: 0 });

    const contacts = await idsByKey(client, "contacts", "contactid");
    const policies = await idsByKey(client, "dxm_insurancepolicies", "dxm_insurancepolicyid");
    const landed = await client.retrieveAll<Entity>("dxm_coverages", {
      select: ["dxm_coverageid", "dxm_sourcekey", "_dxm_patientid_value", "_dxm_insurancepolicyid_value", "dxm_coverageorder", "dxm_enddate"],
    });
    const byKey = new Map(landed.map((c) => [String(c.dxm_sourcekey), c]));
    expect(landed).toHaveLength(coverages.length);
    for (const c of coverages) {
      const key = `coverage:${c["Coverage ID"]}`;
      const found = byKey.get(key);
      const policy = policies.get((await policyKey(c.Carrier, c["Policy Number"]))!);
      expect({ key, patient: found?._dxm_patientid_value, policy: found?._dxm_insurancepolicyid_value, order: found?.dxm_coverageorder })
        .toEqual({ key, patient: contacts.get(`patient:${c["Patient ID"]}`), policy, order: orderValue(c["Coverage Order"]) });
    }
    // A dual patient's two coverages, two policies; some coverages ended.
    const dual = landed.filter((c) => c._dxm_patientid_value === contacts.get(`patient:${duals[0]}`));
    expect(new Set(dual.map((c) => c._dxm_insurancepolicyid_value)).size).toBe(2);
    expect(dual.map((c) => c.dxm_coverageorder).sort()).toEqual([orderValue("Primary"), orderValue("Secondary")]);

    // Claims name the coverage they were billed to.
    const claims = (await rowsOf(exports, "claims.csv")).filter((c) => c["Coverage ID"]);
    expect(claims.length).toBeGreaterThan(0);
    const billing = new Map((await client.retrieveAll<Entity>("dxm_billingrecords", { select: ["dxm_sourcekey", "_dxm_coverageid_value"] })).map((b) => [String(b.dxm_sourcekey), b._dxm_coverageid_value]));
    for (const c of claims) expect([c["Billing ID"], billing.get(`claim:${c["Billing ID"]}`)]).toEqual([c["Billing ID"], byKey.get(`coverage:${c["Coverage ID"]}`)!.dxm_coverageid]);

    // Guarantors: a household's members point at its head; the head (their own guarantor) at no one.
    const patients = await rowsOf(exports, "patients.csv");
    const guarantors = new Map((await client.retrieveAll<Entity>("contacts", { select: ["dxm_sourcekey", "_dxm_guarantorid_value"] })).map((c) => [String(c.dxm_sourcekey), c._dxm_guarantorid_value ?? null]));
    const dependants = patients.filter((p) => p["Guarantor ID"] && p["Guarantor ID"] !== p["Patient ID"]);
    expect(dependants.length).toBeGreaterThan(0);
    for (const p of patients) {
      const expected = p["Guarantor ID"] && p["Guarantor ID"] !== p["Patient ID"] ? contacts.get(`patient:${p["Guarantor ID"]}`) : null;
      expect([p["Patient ID"], guarantors.get(`patient:${p["Patient ID"]}`)]).toEqual([p["Patient ID"], expected]);
    }

    // Full reconcile: every row accounted for, every field of every record as the source says.
    const reconciled = await reconcile(run.runId, exports.set, client, { fieldDiff: "full" });
    expect(reconciled.verification?.differences).toEqual([]);
    expect(reconciled.verification?.differenceCount).toBe(0);
    expect(reconciled.verification?.tables.find((t) => t.table === "dxm_coverage")).toMatchObject({ records: coverages.length, differences: 0, missing: 0, extra: 0 });
    expect(reconciled.ok).toBe(true);

    // A second coverage the source does not have, added behind the engine's back for a patient with one.
    const single = coverages.find((c) => !duals.includes(c["Patient ID"]))!;
    const other = coverages.find((c) => c.Carrier !== single.Carrier || c["Policy Number"] !== single["Policy Number"])!;
    const stray = await client.create("dxm_coverages", {
      dxm_name: "Stray · Secondary", dxm_sourcekey: "coverage:999999", dxm_coverageorder: orderValue("Secondary"),
      "dxm_patientid@odata.bind": `/contacts(${contacts.get(`patient:${single["Patient ID"]}`)})`,
      "dxm_insurancepolicyid@odata.bind": `/dxm_insurancepolicies(${policies.get((await policyKey(other.Carrier, other["Policy Number"]))!)})`,
      "dxm_migrationrunid@odata.bind": runBind(run.runId),
    });
    const tampered = await verifyRun(run.runId, exports.set, client);
    expect(tampered.differences).toEqual([{ table: "dxm_coverage", sourceKey: "coverage:999999", id: stray, column: "*", kind: "extra" }]);
    expect(tampered.differenceCount).toBe(1);

    // Rollback (the stray record taken away first: a rollback keeps what was written after the run, and says
    // so): the run's records go, and the org is as it was.
    await client.delete("dxm_coverages", stray);
    const undone = await rollback(run.runId, client);
    expect(undone).toMatchObject({ complete: true, failures: [], remaining: [] });
    expect(await client.retrieveAll("dxm_coverages", { select: ["dxm_coverageid"] })).toEqual([]);
    expect(await dump(client)).toEqual(before);
  });

  it("a delta run picks up a changed coverage order, and only that (the coverages, and the contact's primary policy)", async () => {
    const coverages = await rowsOf(exports, "insurance.csv");
    const [patient] = dualPatients(coverages);
    const swapped = coverages.filter((c) => c["Patient ID"] === patient).map((c) => c["Coverage ID"]);
    const dir = mkdtempSync(join(tmpdir(), "dxm-coverage-delta-"));
    cpSync(exports.dir, dir, { recursive: true });
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(dir, "insurance.csv"), "utf8"), { header: true, skipEmptyLines: true });
    // The patient's plans change places: the secondary becomes primary and the primary secondary.
    for (const row of parsed.data) if (row["Patient ID"] === patient) row["Coverage Order"] = row["Coverage Order"] === "Primary" ? "Secondary" : "Primary";
    writeFileSync(join(dir, "insurance.csv"), `${Papa.unparse(parsed.data, { columns: parsed.meta.fields })}\r\n`);
    const changed = await exportsOf(0, 0, dir);
    try {
      emu = await emulator({ bulk: true });
      const client = await clientFor(emu);
      const parent = await migrate(input(exports), client);
      const delta = await migrate(input(changed, { mode: "delta", parentRunId: parent.runId }), client);
      expect(delta.status).toBe("Completed");
      const moved = Object.entries(delta.counters).filter(([, c]) => c.created + c.updated > 0).map(([t, c]) => [t, c.created, c.updated]);
      // The two coverages, and the contact, whose policy lookup names the primary one.
      expect(moved).toEqual([["contact", 0, 1], ["dxm_coverage", 0, 2]]);
      const primary = parsed.data.find((r) => r["Patient ID"] === patient && r["Coverage Order"] === "Primary")!;
      const [contact] = (await client.retrieveMultiple<Entity>("contacts", { select: ["_dxm_insurancepolicyid_value"], filter: `dxm_sourcekey eq 'patient:${patient}'` })).value;
      const [policy] = (await client.retrieveMultiple<Entity>("dxm_insurancepolicies", {
        select: ["dxm_insurancepolicyid"], filter: `dxm_sourcekey eq '${(await policyKey(primary.Carrier, primary["Policy Number"]))!}'`,
      })).value;
      expect(contact._dxm_insurancepolicyid_value).toBe(policy.dxm_insurancepolicyid);
      const orders = new Map((await client.retrieveAll<Entity>("dxm_coverages", { select: ["dxm_sourcekey", "dxm_coverageorder"] })).map((c) => [String(c.dxm_sourcekey), c.dxm_coverageorder]));
      for (const row of parsed.data.filter((r) => swapped.includes(r["Coverage ID"]))) expect(orders.get(`coverage:${row["Coverage ID"]}`)).toBe(orderValue(row["Coverage Order"]));
      const reconciled = await reconcile(delta.runId, changed.set, client);
      expect(reconciled.ok).toBe(true);
    } finally {
      changed.cleanup();
    }
  });
});
