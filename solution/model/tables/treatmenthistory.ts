import type { TableDef } from "../types";
import { migratedColumns, nameColumn, patientColumn, providerColumn, sourceKeyAlternateKey } from "../common";

const t = "dxm_treatmenthistory";

/** One performed procedure: CDT code kept verbatim, tooth / surface, fee, date, provider. */
export const treatmentHistory: TableDef = {
  logicalName: t,
  entitySetName: "dxm_treatmenthistories",
  displayName: "Treatment History",
  pluralName: "Treatment Histories",
  description: "Procedures performed on a patient, migrated from Dental-Exec.",
  primaryNameColumn: "dxm_name",
  primaryIdColumn: `${t}id`,
  ownership: "UserOwned",
  migrated: true,
  columns: [
    nameColumn("Procedure"),
    ...migratedColumns(t),
    patientColumn(t),
    providerColumn(t),
    { logicalName: "dxm_procedurecode", displayName: "Procedure Code", description: "CDT / ADA code as written in Dental-Exec (e.g. D0120).", type: "string", maxLength: 20, requiredLevel: "required" },
    { logicalName: "dxm_description", displayName: "Description", type: "string", maxLength: 500, secured: true },
    { logicalName: "dxm_dateperformed", displayName: "Date Performed", type: "datetime", behavior: "dateonly", requiredLevel: "required" },
    { logicalName: "dxm_tooth", displayName: "Tooth", description: "Universal numbering 1-32, primary teeth A-T.", type: "string", maxLength: 20, secured: true },
    { logicalName: "dxm_surface", displayName: "Surface", description: "Surfaces, e.g. MODBL.", type: "string", maxLength: 10, secured: true },
    { logicalName: "dxm_fee", displayName: "Fee", type: "money", precision: 2 },
  ],
  keys: [sourceKeyAlternateKey(t)],
};
