/**
 * Treatment plan → dxm_treatmentplan (key `plan:<id>`): plan status by value map (Proposed, Accepted,
 * Completed, Declined), estimated cost, presented date (date only), description; the originating Dental-Exec
 * plan id kept in dxm_originatingplanid; the presenting provider bound and owning it.
 */
import { planStatusOptions } from "../../solution/model/tables/treatmentplan";
import type { PlannedRecord } from "../plan/types";
import type { ObjectContext } from "./context";
import { dateOnly } from "./dates";
import type { MappedRow } from "./mapped-row";
import { patientChildRecord, type PatientChild } from "./patient-child";
import { mapOption, parseMoney, text } from "./values";

export const treatmentPlanChild: PatientChild = { object: "treatmentPlan", table: "dxm_treatmentplan", keyPrefix: "plan", idField: "planId", providerField: "providerId" };

export function planTreatmentPlan(row: MappedRow, ctx: ObjectContext): PlannedRecord {
  const t = treatmentPlanChild.table;
  const id = row.get("planId");
  const status = row.get("status");
  const presented = dateOnly(row.get("presentedDate"), row.dateOrder);
  return patientChildRecord(treatmentPlanChild, row, ctx, {
    dxm_name: [`Plan ${id}`, status, presented].filter(Boolean).join(" · ").slice(0, 200),
    [row.column("planId", t, "dxm_originatingplanid")]: id,
    [row.column("status", t, "dxm_planstatus")]: mapOption(status, row.valueMap("status"), planStatusOptions),
    [row.column("estimatedCost", t, "dxm_estimatedcost")]: parseMoney(row.get("estimatedCost")),
    [row.column("presentedDate", t, "dxm_presenteddate")]: presented,
    [row.column("description", t, "dxm_description")]: text(row.get("description")),
  });
}
