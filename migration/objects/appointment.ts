/**
 * Appointment → dxm_appointment (key `appointment:<id>`): start = appointment date + start time, end = date
 * + end time, both local to the practice and converted to UTC; status by value map (Scheduled, Completed,
 * No-Show, Cancelled); patient, provider and location bound; the provider's user owns it.
 */
import { appointmentStatusOptions } from "../../solution/model/tables/appointment";
import type { PlannedRecord } from "../plan/types";
import { bindByKey } from "./bind";
import type { ObjectContext } from "./context";
import { dateOnly, utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { patientChildRecord, type PatientChild } from "./patient-child";
import { locationKey } from "./practice";
import { mapOption, text } from "./values";

export const appointmentChild: PatientChild = { object: "appointment", table: "dxm_appointment", keyPrefix: "appointment", idField: "appointmentId", providerField: "providerId" };

export function planAppointment(row: MappedRow, ctx: ObjectContext, knownLocation: (id: string) => boolean = () => true): PlannedRecord {
  const t = appointmentChild.table;
  const date = row.get("date");
  const start = utcDateTime(date, row.dateOrder, ctx.timeZone, row.get("startTime") || "00:00");
  const end = row.get("endTime") ? utcDateTime(date, row.dateOrder, ctx.timeZone, row.get("endTime")) : undefined;
  const procedureType = text(row.get("procedureType"));
  const location = row.get("locationId");
  return patientChildRecord(appointmentChild, row, ctx, {
    dxm_name: [procedureType ?? "Appointment", dateOnly(date, row.dateOrder)].filter(Boolean).join(" · ").slice(0, 200),
    [row.column("date", t, "dxm_start")]: start,
    [row.column("endTime", t, "dxm_end")]: end,
    [row.column("procedureType", t, "dxm_proceduretype")]: procedureType,
    [row.column("status", t, "dxm_status")]: mapOption(row.get("status"), row.valueMap("status"), appointmentStatusOptions),
    "dxm_locationid@odata.bind": location && knownLocation(location) ? bindByKey("account", locationKey(location)) : undefined,
  });
}
