/**
 * Treatment plan → dxm_treatmentplan (key `plan:<id>`): plan status by value map (Proposed, Accepted,
 * Completed, Declined), estimated cost, presented date (date only), description; the originating Dental-Exec
 * plan id kept in dxm_originatingplanid; the presenting provider bound and owning it.
 */
import { planStatusOptions } from "../../solution/model/tables/treatmentplan";
import type { PlannedRecord } from "../plan/types";
import { bindById, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { dateOnly, utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { bindPatient } from "./patient";
import { mapOption, parseMoney, text } from "./values";

export function planTreatmentPlan(row: MappedRow, ctx: ObjectContext): PlannedRecord {
  const t = "dxm_treatmentplan";
  const id = row.get("planId");
  const key = sourceKey("plan", id);
  const status = row.get("status");
  const presented = dateOnly(row.get("presentedDate"), row.dateOrder);
  const provider = row.get("providerId");
  const user = ctx.userOf(provider);
  const owner = ctx.ownerOf(provider);
  const created = utcDateTime(row.get("createdDate"), row.dateOrder, ctx.timeZone);
  const payload = compact({
    dxm_name: [`Plan ${id}`, status, presented].filter(Boolean).join(" · ").slice(0, 200),
    [row.column("planId", t, "dxm_originatingplanid")]: id,
    [row.column("status", t, "dxm_planstatus")]: mapOption(status, row.valueMap("status"), planStatusOptions),
    [row.column("estimatedCost", t, "dxm_estimatedcost")]: parseMoney(row.get("estimatedCost")),
    [row.column("presentedDate", t, "dxm_presenteddate")]: presented,
    [row.column("description", t, "dxm_description")]: text(row.get("description")),
    // createdon takes the original date as on the standard tables; dxm_sourcecreatedon keeps it where createdon cannot.
    overriddencreatedon: created,
    dxm_sourcecreatedon: created,
    "dxm_patientid@odata.bind": bindPatient(row.get("patientId")),
    "dxm_providerid@odata.bind": user ? bindById("systemusers", user) : undefined,
    "ownerid@odata.bind": owner ? bindById("systemusers", owner) : undefined,
    dxm_sourcekey: key,
  });
  return plannedRecord(row, "treatmentPlan", t, key, payload);
}
