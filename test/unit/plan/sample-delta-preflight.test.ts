import { choosePatients, planMigration, preflight, requiredPrivileges } from "../../../migration/plan";
import type { MigrationPlan, PlannedRecord } from "../../../migration/plan/types";
import { collect, orgContext } from "./fixtures";
import { attachments, exportSet, sampleData } from "./sample-data";

async function allRecords(plan: MigrationPlan): Promise<PlannedRecord[]> {
  const out: PlannedRecord[] = [];
  for (const s of plan.stages) out.push(...(await collect(s.records())));
  return out;
}

describe("sample mode", () => {
  it("chooses patients deterministically, whatever the row order", () => {
    const ids = ["101", "102", "103", "104", "105", "106", "107"];
    expect(choosePatients(ids, 3)).toEqual(choosePatients([...ids].reverse(), 3));
    expect(choosePatients(ids, 3)).toHaveLength(3);
    expect(choosePatients(ids, 10)).toHaveLength(7);
  });

  it("takes the chosen patients with everything that belongs to them, the policy's subscriber included", async () => {
    const data = sampleData();
    // Make the first chosen patient a dependant: covered by a policy whose subscriber is someone else.
    const [chosen] = choosePatients(data.patient!.map((p) => p.patientId), 1);
    const subscriber = chosen === "101" ? "103" : "101";
    data.insurance = [
      { coverageId: "1", patientId: subscriber, carrier: "Delta Dental", policyNumber: "W1", subscriberId: subscriber, relationship: "Self" },
      { coverageId: "2", patientId: chosen, carrier: "Delta Dental", policyNumber: "W1", subscriberId: subscriber, relationship: "Child" },
    ];
    const { exports, map } = exportSet(data);
    const plan = await planMigration(exports, map, orgContext(), { mode: "sample", sampleSize: 1 });
    const records = await allRecords(plan);
    const patients = records.filter((r) => r.object === "patient" && r.table === "contact" && !r.hashKey).map((r) => r.sourceKey).sort();
    expect(patients).toEqual([`patient:${chosen}`, `patient:${subscriber}`].sort());
    const inSample = new Set([chosen, subscriber]);
    const rowPatient = (r: PlannedRecord) => {
      const bind = Object.entries(r.payload).find(([k]) => /^(dxm_patientid|objectid_contact|regardingobjectid_contact_\w+)@odata\.bind$/.test(k));
      return bind ? /patient:(\w+)/.exec(String(bind[1]))![1] : undefined;
    };
    const children = records.filter((r) => rowPatient(r) !== undefined);
    expect(children.every((r) => inSample.has(rowPatient(r)!))).toBe(true);
    const all = sampleData();
    const expectedChildren = (["appointment", "procedure", "billing", "treatmentPlan", "clinicalNote", "task", "communication"] as const)
      .flatMap((o) => all[o]!.filter((r) => inSample.has(r.patientId))).length;
    // Their coverages too: the chosen dependant's and the subscriber's own.
    expect(children).toHaveLength(expectedChildren + 2);
    expect(records.filter((r) => r.table === "dxm_coverage").map((r) => r.sourceKey).sort()).toEqual(["coverage:1", "coverage:2"]);
    // Their locations, and only theirs.
    const locations = new Set(all.patient!.filter((p) => inSample.has(p.patientId)).flatMap((p) => [p.primaryLocationId, ...(p.otherLocationIds ? p.otherLocationIds.split(";") : [])]));
    expect(records.filter((r) => r.table === "account").map((r) => r.sourceKey).sort()).toEqual([...locations].map((l) => `location:${l}`).sort());
    expect(records.filter((r) => r.table === "dxm_insurancepolicy")).toHaveLength(1);
    expect(records.filter((r) => r.hashKey?.startsWith("coverage-of:")).map((r) => r.sourceKey).sort()).toEqual(patients);
  });

  it("takes a chosen patient's guarantor into the sample, and links them", async () => {
    const data = sampleData();
    const [chosen] = choosePatients(data.patient!.map((p) => p.patientId), 1);
    const guarantor = data.patient!.map((p) => p.patientId).find((id) => id !== chosen)!;
    data.patient = data.patient!.map((p) => (p.patientId === chosen ? { ...p, guarantorId: guarantor } : { ...p, guarantorId: p.patientId }));
    data.insurance = [];
    const { exports, map } = exportSet(data);
    const plan = await planMigration(exports, map, orgContext(), { mode: "sample", sampleSize: 1 });
    const records = await allRecords(plan);
    expect(records.filter((r) => r.object === "patient" && r.table === "contact" && !r.hashKey).map((r) => r.sourceKey).sort()).toEqual([`patient:${chosen}`, `patient:${guarantor}`].sort());
    // One link: the guarantor is their own, and gets none.
    const links = records.filter((r) => r.hashKey?.startsWith("guarantor-of:"));
    expect(links.map((r) => [r.sourceKey, r.payload["dxm_guarantorid@odata.bind"]])).toEqual([[`patient:${chosen}`, `/contacts(dxm_sourcekey='patient:${guarantor}')`]]);
  });

  it("warns of a guarantor the patients file does not hold, and links no one", async () => {
    const data = sampleData();
    data.patient = data.patient!.map((p) => (p.patientId === "103" ? { ...p, guarantorId: "999" } : p));
    const { exports, map } = exportSet(data);
    const plan = await planMigration(exports, map, orgContext(), { mode: "full" });
    expect(plan.issues.filter((i) => i.column === "Guarantor ID")).toEqual([expect.objectContaining({ severity: "warning", code: "unknown-reference", file: "patients.csv", line: 4 })]);
    const links = (await allRecords(plan)).filter((r) => r.hashKey?.startsWith("guarantor-of:")).map((r) => r.sourceKey);
    expect(links).toEqual(["patient:102"]);
  });

  it("is not blocked by errors in rows outside the sample", async () => {
    const data = sampleData();
    const ids = data.patient!.map((p) => p.patientId);
    const outside = ids.find((id) => !choosePatients(ids, 1).includes(id) && !["101", "103"].includes(id))!;
    data.procedure!.push({ procedureId: "699", patientId: outside, datePerformed: "02/30/2020", code: "D0120" });
    data.insurance = [];
    const { exports, map } = exportSet(data);
    const sample = await planMigration(exports, map, orgContext(), { mode: "sample", sampleSize: 1 });
    expect(sample.blocked).toBe(false);
    const full = await planMigration(exports, map, orgContext(), { mode: "full" });
    expect(full.blocked).toBe(true);
  });
});

describe("delta mode", () => {
  it("moves only new or changed records and reports what disappeared", async () => {
    const { exports, map } = exportSet();
    const parent = await planMigration(exports, map, orgContext(), { mode: "full" });
    const previousHashes = new Map((await allRecords(parent)).map((r) => [r.hashKey ?? r.sourceKey, r.contentHash]));

    const data = sampleData();
    data.patient![2] = { ...data.patient![2], email: "ann.kim@newmail.com" };
    data.procedure = data.procedure!.filter((p) => p.procedureId !== "602");
    data.task!.push({ taskId: "1002", patientId: "103", subject: "Hygiene follow-up", taskType: "Hygiene", status: "Open" });
    const next = exportSet(data);
    const plan = await planMigration(next.exports, next.map, orgContext({ previousHashes }), { mode: "delta" });
    const moved = (await allRecords(plan)).map((r) => `${r.table}:${r.sourceKey}`);
    expect(moved).toEqual(["contact:patient:103", "task:task:1002"]);
    expect(plan.stages.reduce((n, s) => n + s.count, 0)).toBe(2);
    expect(plan.report.deletedSinceParent).toEqual([{ sourceKey: "procedure:602", table: "dxm_treatmenthistory" }]);
    expect(plan.report.unchangedSinceParent).toBe(previousHashes.size - 2);
  });
});

describe("delta mode with errored rows", () => {
  it("does not call a row deleted when it is only left out for an error", async () => {
    const { exports, map } = exportSet();
    const parent = await planMigration(exports, map, orgContext(), { mode: "full" });
    const previousHashes = new Map((await allRecords(parent)).map((r) => [r.hashKey ?? r.sourceKey, r.contentHash]));
    const data = sampleData();
    data.patient![0] = { ...data.patient![0], birthDate: "02/30/1984" };
    const next = exportSet(data);
    const plan = await planMigration(next.exports, next.map, orgContext({ previousHashes }), { mode: "delta", skipErroredRows: true });
    expect(plan.report.deletedSinceParent).toEqual([]);
  });
});

describe("an unknown time zone", () => {
  it("blocks the plan with one issue instead of converting times wrongly", async () => {
    const { exports, map } = exportSet();
    const plan = await planMigration(exports, { ...map, timeZone: "Mars/Olympus" }, orgContext(), { mode: "full", skipErroredRows: true });
    expect(plan.blocked).toBe(true);
    expect(plan.stages).toEqual([]);
    expect(plan.issues).toEqual([expect.objectContaining({ code: "invalid-time-zone", severity: "error" })]);
  });
});

describe("pre-flight", () => {
  it("lists privileges missing, custom tables over the limit, columns to create, providers, attachments and the request estimate", async () => {
    const { exports, map } = exportSet();
    const patients = map.files.find((f) => f.object === "patient")!;
    patients.columns.push({
      source: "Custom: Preferred Pharmacy", field: null, target: "custom:contact.dxm_preferredpharmacy",
      custom: { table: "contact", logicalName: "dxm_preferredpharmacy", displayName: "Preferred Pharmacy", type: "string", maxLength: 100 },
    });
    const org = orgContext();
    const plan = await planMigration(exports, map, org, { mode: "full" });
    expect(plan.blocked).toBe(false);
    const tables = [...new Set(plan.stages.filter((s) => s.count > 0).map((s) => s.table))];
    // The map's custom fields become columns: the run creates them, with their solution and publisher.
    const privileges = requiredPrivileges(tables, true, true).filter((p) => p !== "prvOverrideCreatedOnCreatedBy" && p !== "prvCreateNote");
    const report = preflight(plan, map, org, { customTables: Array.from({ length: 10 }, (_, i) => `new_table${i}`), privileges, chunkSize: 2 }, attachments);
    expect(report.missingPrivileges).toEqual(["prvOverrideCreatedOnCreatedBy", "prvCreateNote"]);
    expect(report.items.find((i) => i.code === "missing-privilege")?.message)
      .toBe('The running user lacks prvOverrideCreatedOnCreatedBy, prvCreateNote: assign the security role "Dental-Exec Migration Administrator", which grants them.');
    expect(report.mayBypassCustomLogic).toBe(false);
    expect(preflight(plan, map, org, { customTables: [], privileges: [...privileges, "prvBypassCustomBusinessLogic"] }).mayBypassCustomLogic).toBe(true);
    expect(report.customTables).toEqual({ inOrg: 10, toAdd: 8, limit: 15 });
    expect(report.columnsToCreate).toEqual([{ table: "contact", logicalName: "dxm_preferredpharmacy", displayName: "Preferred Pharmacy", type: "string", maxLength: 100 }]);
    expect(report.items.map((i) => [i.code, i.blocking])).toEqual([
      ["custom-table-limit", false],
      ["missing-privilege", true],
      ["column-to-create", false],
      ["unmatched-provider", true],
      ["unmatched-provider", true],
      ["oversize-attachment", false],
    ]);
    const records = plan.stages.reduce((n, s) => n + s.count, 0);
    const chunks = plan.stages.reduce((n, s) => n + Math.ceil(s.count / 2), 0);
    const closing = plan.stages.filter((s) => s.object === "communication" || s.object === "task").reduce((n, s) => n + Math.ceil(s.count / 2), 0);
    expect(report.requestEstimate).toEqual({
      records, writes: chunks + closing, reads: chunks + Object.keys(org.metadata).length, ledger: Math.ceil(records / 1000) + 2,
      total: chunks + closing + chunks + Object.keys(org.metadata).length + Math.ceil(records / 1000) + 2, dailyEntitlement: 40_000,
    });
    const small = preflight(plan, map, org, { customTables: [], privileges: requiredPrivileges(tables, true, true), dailyRequestEntitlement: 10 });
    expect(small.items.map((i) => i.code)).toEqual(["column-to-create", "unmatched-provider", "unmatched-provider", "oversize-attachment", "request-entitlement"]);
  });

  it("does not block on unmatched providers once a fallback owner is chosen", async () => {
    const { exports, map } = exportSet();
    const org = orgContext({ fallbackOwnerId: "u-admin" });
    const plan = await planMigration(exports, map, org, { mode: "full" });
    const report = preflight(plan, map, org, { customTables: [], privileges: requiredPrivileges(["contact"], true) });
    expect(report.items.filter((i) => i.code === "unmatched-provider").every((i) => !i.blocking)).toBe(true);
  });
});
