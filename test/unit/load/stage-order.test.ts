import { loadInOrder, stageDependencies } from "../../../migration/run/stage-order";
import type { PlanStage } from "../../../migration/plan/types";
import type { ObjectKind } from "../../../migration/model/types";

const stage = (object: ObjectKind, table: string, operation?: PlanStage["operation"]): PlanStage => ({ object, table, operation, entitySet: `${table}s`, count: 1, records: async function* () {} });
const name = (s: PlanStage) => `${s.object}:${s.table}`;

const plan = () => [
  stage("practice", "account"),
  stage("provider", "contact"), // referring providers
  stage("patient", "contact"),
  stage("patient", "connection"),
  stage("insurance", "dxm_insurancepolicy"),
  stage("insurance", "contact", "update"), // coverage update of the patients
  stage("procedure", "dxm_treatmenthistory"),
  stage("appointment", "dxm_appointment"),
  stage("billing", "dxm_billingrecord"),
  stage("treatmentPlan", "dxm_treatmentplan"),
  stage("clinicalNote", "annotation"),
  stage("task", "task"),
  stage("communication", "phonecall"),
  stage("communication", "email"),
  stage("communication", "appointment"),
];

describe("stage order", () => {
  it("makes a stage wait for its objects' stages, its own object's earlier stages and the same table, nothing else", () => {
    const deps = stageDependencies(plan());
    const of = (key: string) => [...deps].find(([s]) => name(s) === key)![1].map(name);
    expect(of("practice:account")).toEqual([]);
    expect(of("patient:connection")).toEqual(["practice:account", "provider:contact", "patient:contact"]);
    // The coverage update writes contacts: after every earlier contact stage and the policies.
    expect(of("insurance:contact")).toEqual(["provider:contact", "patient:contact", "insurance:dxm_insurancepolicy"]);
    // Claims bind patients and policies: not procedures, and not the coverage update (it creates nothing).
    expect(of("billing:dxm_billingrecord")).toEqual(["patient:contact", "insurance:dxm_insurancepolicy"]);
    // The communication log's three tables do not wait for each other.
    expect(of("communication:email")).not.toContain("communication:phonecall");
    // Nothing binds to connections: the patients' children do not wait for them.
    expect(of("communication:appointment")).toEqual(["provider:contact", "patient:contact"]);
    expect(of("procedure:dxm_treatmenthistory")).toEqual(["provider:contact", "patient:contact"]);
  });

  it("starts a stage as soon as what it needs has finished, and never before", async () => {
    const stages = plan();
    const deps = stageDependencies(stages);
    const finished: PlanStage[] = [];
    await loadInOrder(stages, async (s) => {
      for (const d of deps.get(s)!) expect(finished).toContain(d);
      await new Promise((r) => setTimeout(r, s.table === "dxm_treatmenthistory" ? 50 : 1));
      finished.push(s);
    });
    expect(finished).toHaveLength(stages.length);
    // Procedures take longest and nothing needs them: every other stage, claims included, is done first.
    expect(name(finished[finished.length - 1])).toBe("procedure:dxm_treatmenthistory");
  });

  it("does not start what depends on a failed stage, and rejects with the first failure", async () => {
    const stages = plan();
    const started: string[] = [];
    const run = loadInOrder(stages, async (s) => {
      started.push(name(s));
      if (s.table === "dxm_insurancepolicy") throw new Error("policies failed");
    });
    await expect(run).rejects.toThrow("policies failed");
    expect(started).not.toContain("insurance:contact");
    expect(started).not.toContain("billing:dxm_billingrecord");
    expect(started).toContain("procedure:dxm_treatmenthistory");
  });
});
