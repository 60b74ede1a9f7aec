/**
 * Procedure → dxm_treatmenthistory (key `procedure:<id>`): CDT code verbatim, tooth and surface, fee as a
 * number, date performed (date only, never shifted), provider lookup to the matched user, patient by key.
 * Named "D0120 · 2021-03-04" (code and date: no patient data in a record name).
 */
import type { PlannedRecord } from "../plan/types";
import type { ObjectContext } from "./context";
import { dateOnly } from "./dates";
import type { MappedRow } from "./mapped-row";
import { patientChildRecord, type PatientChild } from "./patient-child";
import { parseMoney, text } from "./values";

export const procedureChild: PatientChild = { object: "procedure", table: "dxm_treatmenthistory", keyPrefix: "procedure", idField: "procedureId", providerField: "providerId" };

export function planProcedure(row: MappedRow, ctx: ObjectContext): PlannedRecord {
  const t = procedureChild.table;
  const code = row.get("code");
  const performed = dateOnly(row.get("datePerformed"), row.dateOrder);
  return patientChildRecord(procedureChild, row, ctx, {
    dxm_name: [code, performed].filter(Boolean).join(" · "),
    [row.column("code", t, "dxm_procedurecode")]: code,
    [row.column("description", t, "dxm_description")]: text(row.get("description")),
    [row.column("tooth", t, "dxm_tooth")]: text(row.get("tooth")),
    [row.column("surface", t, "dxm_surface")]: text(row.get("surface")),
    [row.column("fee", t, "dxm_fee")]: parseMoney(row.get("fee")),
    [row.column("datePerformed", t, "dxm_dateperformed")]: performed,
  });
}
