import type { TableDef } from "../types";
import { migratedColumns, nameColumn, options, patientColumn, providerColumn, sourceKeyAlternateKey } from "../common";

const t = "dxm_treatmentplan";

export const planStatusOptions = options("Proposed", "Accepted", "Completed", "Declined");

/** A treatment plan presented to the patient. */
export const treatmentPlan: TableDef = {
  logicalName: t,
  entitySetName: "dxm_treatmentplans",
  displayName: "Treatment Plan",
  pluralName: "Treatment Plans",
  description: "Treatment plans presented to patients, migrated from Dental-Exec.",
  primaryNameColumn: "dxm_name",
  primaryIdColumn: `${t}id`,
  ownership: "UserOwned",
  migrated: true,
  columns: [
    nameColumn("Treatment Plan"),
    ...migratedColumns(t),
    patientColumn(t),
    providerColumn(t),
    { logicalName: "dxm_originatingplanid", displayName: "Originating Plan Id", description: "The plan's id in Dental-Exec.", type: "string", maxLength: 50 },
    { logicalName: "dxm_planstatus", displayName: "Plan Status", type: "choice", options: planStatusOptions, requiredLevel: "required" },
    { logicalName: "dxm_estimatedcost", displayName: "Estimated Cost", type: "money", precision: 2 },
    { logicalName: "dxm_presenteddate", displayName: "Presented Date", type: "datetime", behavior: "dateonly" },
    { logicalName: "dxm_description", displayName: "Description", type: "memo", maxLength: 4000, secured: true },
  ],
  keys: [sourceKeyAlternateKey(t)],
};
