import type { Entity } from "../../../dataverse/types";
import type { PlannedRecord, PlanStage } from "../../../migration/plan/types";
import type { LoadContext } from "../../../migration/load/types";

export const RUN_ID = "11111111-1111-4111-8111-111111111111";

export function patients(n: number, extra: (i: number) => Entity = () => ({})): PlannedRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    object: "patient",
    table: "contact",
    entitySet: "contacts",
    sourceKey: `patient:${i + 1}`,
    file: "patients.csv",
    line: i + 2,
    payload: { dxm_sourcekey: `patient:${i + 1}`, firstname: `F${i + 1}`, lastname: `L${i + 1}`, ...extra(i) },
    contentHash: `h${i + 1}`,
  }));
}

export function stageOf(records: PlannedRecord[], over: Partial<PlanStage> = {}): PlanStage {
  return {
    object: records[0]?.object ?? "patient",
    table: records[0]?.table ?? "contact",
    entitySet: records[0]?.entitySet ?? "contacts",
    count: records.length,
    async *records() {
      yield* records;
    },
    ...over,
  };
}

export function context(over: Partial<LoadContext> = {}): LoadContext {
  return {
    runId: RUN_ID,
    metadata: new Map(),
    runLedger: new Map(),
    lineage: new Map(),
    tablesWithForeignRecords: new Set(),
    organizationId: "00000000-0000-0000-0000-0000000000cc",
    resuming: false,
    ...over,
  };
}

export const primaryIds = { contacts: "contactid", phonecalls: "activityid", annotations: "annotationid", dxm_migrationbatchs: "dxm_migrationbatchid" };
