/**
 * Procedure → dxm_treatmenthistory (key `procedure:<id>`): CDT code verbatim, tooth and surface, fee as a
 * number, date performed (date only, never shifted), provider lookup to the matched user, patient by key.
 * Named "D0120 · 2021-03-04" (code and date: no patient data in a record name).
 */
import type { PlannedRecord } from "../plan/types";
import { bindById, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { dateOnly, utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { bindPatient } from "./patient";
import { parseMoney, text } from "./values";

export function planProcedure(row: MappedRow, ctx: ObjectContext): PlannedRecord {
  const t = "dxm_treatmenthistory";
  const key = sourceKey("procedure", row.get("procedureId"));
  const code = row.get("code");
  const performed = dateOnly(row.get("datePerformed"), row.dateOrder);
  const provider = row.get("providerId");
  const user = ctx.userOf(provider);
  const owner = ctx.ownerOf(provider);
  const created = utcDateTime(row.get("createdDate"), row.dateOrder, ctx.timeZone);
  const payload = compact({
    dxm_name: [code, performed].filter(Boolean).join(" · "),
    [row.column("code", t, "dxm_procedurecode")]: code,
    [row.column("description", t, "dxm_description")]: text(row.get("description")),
    [row.column("tooth", t, "dxm_tooth")]: text(row.get("tooth")),
    [row.column("surface", t, "dxm_surface")]: text(row.get("surface")),
    [row.column("fee", t, "dxm_fee")]: parseMoney(row.get("fee")),
    [row.column("datePerformed", t, "dxm_dateperformed")]: performed,
    // createdon takes the original date as on the standard tables; dxm_sourcecreatedon keeps it where createdon cannot.
    overriddencreatedon: created,
    dxm_sourcecreatedon: created,
    "dxm_patientid@odata.bind": bindPatient(row.get("patientId")),
    "dxm_providerid@odata.bind": user ? bindById("systemusers", user) : undefined,
    "ownerid@odata.bind": owner ? bindById("systemusers", owner) : undefined,
    dxm_sourcekey: key,
  });
  return plannedRecord(row, "procedure", t, key, payload);
}
