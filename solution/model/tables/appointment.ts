import type { TableDef } from "../types";
import { migratedColumns, nameColumn, options, patientColumn, providerColumn, sourceKeyAlternateKey } from "../common";

const t = "dxm_appointment";

export const appointmentStatusOptions = options("Scheduled", "Completed", "No-Show", "Cancelled");

/** A chair appointment from Dental-Exec's schedule (not the Dynamics appointment activity). */
export const appointment: TableDef = {
  logicalName: t,
  entitySetName: "dxm_appointments",
  displayName: "Dental Appointment",
  pluralName: "Dental Appointments",
  description: "Scheduled, completed, missed and cancelled appointments migrated from Dental-Exec.",
  primaryNameColumn: "dxm_name",
  primaryIdColumn: `${t}id`,
  ownership: "UserOwned",
  migrated: true,
  columns: [
    nameColumn("Appointment"),
    ...migratedColumns(t),
    patientColumn(t),
    providerColumn(t),
    {
      logicalName: "dxm_locationid", displayName: "Location", type: "lookup", target: "account",
      navigationProperty: "dxm_locationid", relationshipName: `dxm_account_${t}_locationid`, cascadeDelete: "RemoveLink",
    },
    { logicalName: "dxm_start", displayName: "Start", type: "datetime", behavior: "userlocal", requiredLevel: "required" },
    { logicalName: "dxm_end", displayName: "End", type: "datetime", behavior: "userlocal" },
    { logicalName: "dxm_proceduretype", displayName: "Procedure Type", type: "string", maxLength: 100 },
    { logicalName: "dxm_status", displayName: "Appointment Status", type: "choice", options: appointmentStatusOptions, requiredLevel: "required" },
  ],
  keys: [sourceKeyAlternateKey(t)],
};
