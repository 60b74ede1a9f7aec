import { stageWaves } from "../../../migration/run/waves";
import type { PlanStage } from "../../../migration/plan/types";
import type { ObjectKind } from "../../../migration/model/types";

const stage = (object: ObjectKind, table: string): PlanStage => ({ object, table, entitySet: `${table}s`, count: 1, records: async function* () {} });

describe("stageWaves", () => {
  it("keeps dependencies in order and loads the independent child tables side by side", () => {
    const stages = [
      stage("practice", "account"),
      stage("provider", "contact"), // referring providers
      stage("patient", "contact"),
      stage("patient", "connection"),
      stage("insurance", "dxm_insurancepolicy"),
      stage("insurance", "contact"), // coverage update of the patients
      stage("procedure", "dxm_treatmenthistory"),
      stage("appointment", "dxm_appointment"),
      stage("billing", "dxm_billingrecord"),
      stage("treatmentPlan", "dxm_treatmentplan"),
      stage("clinicalNote", "annotation"),
      stage("task", "task"),
      stage("communication", "phonecall"),
      stage("communication", "email"),
    ];
    const waves = stageWaves(stages).map((w) => w.map((s) => `${s.object}:${s.table}`));
    expect(waves).toEqual([
      ["practice:account"],
      ["provider:contact"],
      ["patient:contact"],
      ["patient:connection"],
      ["insurance:dxm_insurancepolicy"],
      ["insurance:contact", "procedure:dxm_treatmenthistory", "appointment:dxm_appointment"],
      ["billing:dxm_billingrecord", "treatmentPlan:dxm_treatmentplan", "clinicalNote:annotation", "task:task", "communication:phonecall"],
      ["communication:email"],
    ]);
    expect(waves.flat()).toHaveLength(stages.length);
  });
});
