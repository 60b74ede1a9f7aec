import { chainBehind, loadInOrder, stageDependencies } from "../../../migration/run/stage-order";
import type { PlanStage } from "../../../migration/plan/types";
import type { ObjectKind } from "../../../migration/model/types";

const stage = (object: ObjectKind, table: string, operation?: PlanStage["operation"], count = 1): PlanStage => ({ object, table, operation, entitySet: `${table}s`, count, records: async function* () {} });
const name = (s: PlanStage) => `${s.object}:${s.table}`;

const plan = () => [
  stage("practice", "account"),
  stage("provider", "contact"), // referring providers
  stage("patient", "contact"),
  stage("patient", "connection"),
  stage("patient", "contact", "update"), // guarantors
  stage("insurance", "dxm_insurancepolicy"),
  stage("insurance", "contact", "update"), // coverage update of the patients
  stage("insurance", "dxm_coverage"),
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
    const ofUpdate = (key: string) => [...deps].find(([s]) => name(s) === key && s.operation === "update")![1].map(name);
    // The guarantor update writes contacts: after the contact stages, not after the connections (a link).
    expect(ofUpdate("patient:contact")).toEqual(["practice:account", "provider:contact", "patient:contact"]);
    // The coverage update writes contacts: after every earlier contact stage and the policies.
    expect(ofUpdate("insurance:contact")).toEqual(["provider:contact", "patient:contact", "patient:contact", "insurance:dxm_insurancepolicy"]);
    // Coverages bind patients and policies, not the policy holders' update of contacts (it creates nothing).
    expect(of("insurance:dxm_coverage")).toEqual(["patient:contact", "insurance:dxm_insurancepolicy"]);
    // Claims bind patients, policies and coverages: not procedures, and not the coverage update.
    expect(of("billing:dxm_billingrecord")).toEqual(["patient:contact", "insurance:dxm_insurancepolicy", "insurance:dxm_coverage"]);
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

  it("measures the longest chain of records behind each stage, so the critical path is served first", () => {
    const stages = [
      stage("patient", "contact", "upsert", 1000),
      stage("insurance", "dxm_insurancepolicy", "upsert", 400),
      stage("insurance", "dxm_coverage", "upsert", 800),
      stage("procedure", "dxm_treatmenthistory", "upsert", 5000),
      stage("billing", "dxm_billingrecord", "upsert", 2500),
    ];
    const chain = new Map([...chainBehind(stages)].map(([s, n]) => [s.table, n]));
    expect(chain.get("dxm_billingrecord")).toBe(2500);
    expect(chain.get("dxm_coverage")).toBe(800 + 2500);
    expect(chain.get("dxm_insurancepolicy")).toBe(400 + 800 + 2500);
    expect(chain.get("dxm_treatmenthistory")).toBe(5000);
    // Patients start both chains: the longer one counts.
    expect(chain.get("contact")).toBe(1000 + 5000);
  });
});
