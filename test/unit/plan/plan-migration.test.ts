import { planMigration, validate } from "../../../migration/plan";
import type { MigrationPlan, PlannedRecord } from "../../../migration/plan/types";
import { collect, orgContext } from "./fixtures";
import { exportSet, sampleData } from "./sample-data";
import type { DataSet } from "./sample-data";

async function recordsByStage(plan: MigrationPlan): Promise<Map<string, PlannedRecord[]>> {
  const out = new Map<string, PlannedRecord[]>();
  for (const stage of plan.stages) out.set(stage.name!, await collect(stage.records()));
  return out;
}

const keyBinds = (r: PlannedRecord) =>
  Object.values(r.payload).flatMap((v) => (typeof v === "string" ? [...v.matchAll(/dxm_sourcekey='([^']+)'/g)].map((m) => m[1].replace(/''/g, "'")) : []));

describe("planMigration, full mode", () => {
  it("orders the stages by dependency and every key-bound lookup points at a record an earlier stage writes", async () => {
    const { exports, map } = exportSet();
    const plan = await planMigration(exports, map, orgContext({ fallbackOwnerId: "u-admin" }), { mode: "full" });
    expect(plan.blocked).toBe(false);
    expect(plan.issues.filter((i) => i.severity === "error")).toEqual([]);
    expect(plan.stages.map((s) => [s.name, s.table, s.operation, s.count])).toEqual([
      ["Practice locations", "account", "upsert", 3],
      ["Referring providers", "contact", "upsert", 2],
      ["Patients", "contact", "upsert", 5],
      ["Patient locations (connections)", "connection", "upsert", 2],
      ["Patient guarantors", "contact", "update", 1],
      ["Insurance policies", "dxm_insurancepolicy", "upsert", 2],
      ["Contact coverage", "contact", "update", 3],
      ["Coverages", "dxm_coverage", "upsert", 4],
      ["Treatment history", "dxm_treatmenthistory", "upsert", 3],
      ["Dental appointments", "dxm_appointment", "upsert", 3],
      ["Billing records", "dxm_billingrecord", "upsert", 2],
      ["Treatment plans", "dxm_treatmentplan", "upsert", 1],
      ["Clinical notes", "annotation", "create", 2],
      ["Recall and hygiene tasks", "task", "upsert", 1],
      ["Phone calls", "phonecall", "upsert", 1],
      ["Emails", "email", "upsert", 1],
      ["Meetings", "appointment", "upsert", 1],
    ]);
    const written = new Set<string>();
    const byStage = await recordsByStage(plan);
    for (const stage of plan.stages) {
      const records = byStage.get(stage.name!)!;
      expect(records).toHaveLength(stage.count);
      for (const r of records) for (const key of keyBinds(r)) expect({ stage: stage.name, key, written: written.has(key) }).toEqual({ stage: stage.name, key, written: true });
      if (stage.operation !== "update") for (const r of records) written.add(r.sourceKey);
    }
  });

  it("reports providers, merges, flags, oversize attachments and the rebuild reference", async () => {
    const { exports, map } = exportSet();
    const plan = await planMigration(exports, map, orgContext(), { mode: "full" });
    expect(plan.report.unmatchedProviders).toEqual([
      { providerKey: "provider:8", reason: "disabled-user" },
      { providerKey: "provider:9", reason: "no-user" },
    ]);
    expect(plan.report.referringMerges).toEqual([{ mergedKey: "referrer:roe-jane", variants: 2, sourceKeys: ["patient:101", "patient:102"] }]);
    expect(plan.report.drugInteractionFlags).toBe(1);
    expect(plan.report.oversizeAttachments).toEqual([{ sourceKey: "note:902", file: "attachments/note-902-scan.pdf", size: 9 * 1024 * 1024 }]);
    const md = plan.report.rebuildReference!.markdown;
    expect(md).toContain("## Workflows (1, from workflows.csv)");
    expect(md).toContain("| W1 | Recall reminder | 30 days before recall due |");
    expect(md).toContain("| 7 | Amy Lee | DDS | General | 1234567893 | u-7 |");
    expect(md).toContain("| 8 | Bo King | DMD | Orthodontics |  | disabled user: unmatched |");
    expect(md).toContain("1 patient(s) carry Dental-Exec's drug-interaction alert");
  });

  it("owns records by the matched user, else the fallback owner", async () => {
    const { exports, map } = exportSet();
    const plan = await planMigration(exports, map, orgContext({ fallbackOwnerId: "u-admin" }), { mode: "full" });
    const patients = (await recordsByStage(plan)).get("Patients")!;
    const owner = (key: string) => patients.find((p) => p.sourceKey === key)!.payload["ownerid@odata.bind"];
    expect(owner("patient:101")).toBe("/systemusers(u-7)");
    expect(owner("patient:102")).toBe("/systemusers(u-admin)");
    expect(owner("patient:103")).toBe("/systemusers(u-admin)");
  });

  it("lands every coverage row, and names the primary policy on the contact whatever the rows' order", async () => {
    const data = sampleData();
    // Maria's secondary coverage listed before her primary one.
    data.insurance = [data.insurance![3], ...data.insurance!.slice(0, 3)];
    const { exports, map } = exportSet(data);
    const plan = await planMigration(exports, map, orgContext(), { mode: "full" });
    const byStage = await recordsByStage(plan);
    expect(byStage.get("Coverages")!.map((r) => r.sourceKey)).toEqual(["coverage:4", "coverage:1", "coverage:2", "coverage:3"]);
    const maria = byStage.get("Contact coverage")!.find((r) => r.sourceKey === "patient:101")!;
    const delta = byStage.get("Insurance policies")!.find((r) => r.payload.dxm_carrier === "Delta Dental")!;
    expect(maria.payload["dxm_insurancepolicyid@odata.bind"]).toBe(`/dxm_insurancepolicies(dxm_sourcekey='${delta.sourceKey}')`);
    // The claim names the coverage it was billed to.
    expect(byStage.get("Billing records")!.find((r) => r.sourceKey === "claim:701")!.payload["dxm_coverageid@odata.bind"]).toBe("/dxm_coverages(dxm_sourcekey='coverage:1')");
  });

  it("streams: records() reads the files again instead of holding rows", async () => {
    const { exports, map } = exportSet();
    const plan = await planMigration(exports, map, orgContext(), { mode: "full" });
    const before = exports.reads.get("procedures.csv")!;
    await collect(plan.stages.find((s) => s.table === "dxm_treatmenthistory")!.records());
    expect(exports.reads.get("procedures.csv")).toBe(before + 1);
  });
});

describe("planMigration with errors", () => {
  function dirty(): DataSet {
    const data = sampleData();
    data.patient![4] = { ...data.patient![4], birthDate: "02/30/2001" };
    data.appointment!.push({ appointmentId: "504", patientId: "990000001", date: "07/11/2024", startTime: "8:00 AM", status: "Scheduled" });
    data.procedure!.push({ ...data.procedure![2], fee: "$1.00" });
    data.patient![0] = { ...data.patient![0], email: "maria.lopez@@gmail" };
    return data;
  }

  it("lists every error with file, line and column, and blocks without the admin's consent", async () => {
    const { exports, map } = exportSet(dirty());
    const plan = await planMigration(exports, map, orgContext(), { mode: "full" });
    expect(plan.blocked).toBe(true);
    expect(plan.stages).toEqual([]);
    const errors = plan.issues.filter((i) => i.severity === "error").map((i) => [i.code, i.file, i.line, i.column]);
    expect(errors).toEqual(expect.arrayContaining([
      ["invalid-email", "patients.csv", 2, "Email"],
      ["impossible-date", "patients.csv", 6, "Birth Date"],
      ["orphan", "appointments.csv", 5, "Patient ID"],
      ["duplicate-id", "procedures.csv", 5, "Procedure ID"],
    ]));
    expect(errors).toHaveLength(4);
    expect(await validate(exports, map, orgContext())).toEqual(plan.issues);
  });

  it("leaves errored rows and the rows that depend on them out when the admin consents", async () => {
    const { exports, map } = exportSet(dirty());
    const plan = await planMigration(exports, map, orgContext(), { mode: "full", skipErroredRows: true });
    expect(plan.blocked).toBe(false);
    const byStage = await recordsByStage(plan);
    const keys = (name: string) => byStage.get(name)!.map((r) => r.sourceKey);
    expect(keys("Patients")).toEqual(["patient:102", "patient:103", "patient:104"]);
    expect(keys("Dental appointments")).toEqual(["appointment:502"]);
    expect(keys("Treatment history")).toEqual(["procedure:603"]);
    // The household's policy still covers Carlos; its subscriber (Maria) is left out, so it has none.
    expect(keys("Contact coverage")).toEqual(["patient:102", "patient:103"]);
    const delta = byStage.get("Insurance policies")!.find((r) => r.payload.dxm_carrier === "Delta Dental")!;
    expect(delta.payload["dxm_subscriberid@odata.bind"]).toBeUndefined();
    expect(plan.issues).toEqual(expect.arrayContaining([
      expect.objectContaining({ severity: "warning", code: "depends-on-errored-row", file: "appointments.csv", line: 2 }),
    ]));
    expect(plan.report.excludedRows).toBeGreaterThanOrEqual(8);
  });

  it("blocks on a column the org lacks even with consent: every row would fail", async () => {
    const { exports, map } = exportSet();
    const org = orgContext();
    org.metadata.contact.Attributes = org.metadata.contact.Attributes.filter((a) => a.LogicalName !== "dxm_recallinterval");
    const plan = await planMigration(exports, map, org, { mode: "full", skipErroredRows: true });
    expect(plan.blocked).toBe(true);
    expect(plan.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: "column-missing", file: "patients.csv", column: "Recall Interval" })]));
  });

  it("names the source header of an activity column the map targets on activitypointer", async () => {
    const data = sampleData();
    data.communication![0] = { ...data.communication![0], subject: "S".repeat(450) };
    const { exports, map } = exportSet(data);
    const plan = await planMigration(exports, map, orgContext(), { mode: "full", skipErroredRows: true });
    const tooLong = plan.issues.filter((i) => i.code === "too-long" && i.file === "communications.csv");
    expect(tooLong.length).toBeGreaterThan(0);
    expect(tooLong.map((i) => i.column)).toEqual(tooLong.map(() => "Subject"));
  });

  it("drops a record whose payload breaks the org's limits, and what points at it", async () => {
    const data = sampleData();
    data.practice![2] = { ...data.practice![2], name: "L".repeat(200) };
    const { exports, map } = exportSet(data);
    const plan = await planMigration(exports, map, orgContext(), { mode: "full", skipErroredRows: true });
    expect(plan.issues).toEqual(expect.arrayContaining([expect.objectContaining({ code: "too-long", file: "practices.csv", line: 4, column: "Location Name" })]));
    const byStage = await recordsByStage(plan);
    expect(byStage.get("Practice locations")!.map((r) => r.sourceKey)).toEqual(["location:1", "location:2"]);
    expect(byStage.get("Patients")!.map((r) => r.sourceKey)).not.toContain("patient:104");
    expect(byStage.get("Treatment history")!.map((r) => r.sourceKey)).not.toContain("procedure:603");
    expect(plan.stages.find((s) => s.name === "Patients")!.count).toBe(byStage.get("Patients")!.length);
  });
});
