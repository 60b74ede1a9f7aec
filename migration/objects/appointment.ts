/**
 * Appointment → dxm_appointment (key `appointment:<id>`): start = appointment date + start time, end = date
 * + end time, both local to the practice and converted to UTC; status by value map (Scheduled, Completed,
 * No-Show, Cancelled); patient, provider and location bound; the provider's user owns it.
 */
import { appointmentStatusOptions } from "../../solution/model/tables/appointment";
import type { PlannedRecord } from "../plan/types";
import { bindById, bindByKey, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { dateOnly, utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { bindPatient } from "./patient";
import { locationKey } from "./practice";
import { mapOption, text } from "./values";

export function planAppointment(row: MappedRow, ctx: ObjectContext, knownLocation: (id: string) => boolean = () => true): PlannedRecord {
  const t = "dxm_appointment";
  const key = sourceKey("appointment", row.get("appointmentId"));
  const date = row.get("date");
  const start = utcDateTime(date, row.dateOrder, ctx.timeZone, row.get("startTime") || "00:00");
  const end = row.get("endTime") ? utcDateTime(date, row.dateOrder, ctx.timeZone, row.get("endTime")) : undefined;
  const procedureType = text(row.get("procedureType"));
  const location = row.get("locationId");
  const provider = row.get("providerId");
  const user = ctx.userOf(provider);
  const owner = ctx.ownerOf(provider);
  const created = utcDateTime(row.get("createdDate"), row.dateOrder, ctx.timeZone);
  const payload = compact({
    dxm_name: [procedureType ?? "Appointment", dateOnly(date, row.dateOrder)].filter(Boolean).join(" · ").slice(0, 200),
    [row.column("date", t, "dxm_start")]: start,
    [row.column("endTime", t, "dxm_end")]: end,
    [row.column("procedureType", t, "dxm_proceduretype")]: procedureType,
    [row.column("status", t, "dxm_status")]: mapOption(row.get("status"), row.valueMap("status"), appointmentStatusOptions),
    // createdon takes the original date as on the standard tables; dxm_sourcecreatedon keeps it where createdon cannot.
    overriddencreatedon: created,
    dxm_sourcecreatedon: created,
    "dxm_patientid@odata.bind": bindPatient(row.get("patientId")),
    "dxm_providerid@odata.bind": user ? bindById("systemusers", user) : undefined,
    "dxm_locationid@odata.bind": location && knownLocation(location) ? bindByKey("account", locationKey(location)) : undefined,
    "ownerid@odata.bind": owner ? bindById("systemusers", owner) : undefined,
    dxm_sourcekey: key,
  });
  return plannedRecord(row, "appointment", t, key, payload);
}
