import type { TableDef } from "../types";
import { migratedColumns, nameColumn, options, patientColumn, sourceKeyAlternateKey } from "../common";

const t = "dxm_billingrecord";

export const claimStatusOptions = options("Submitted", "Paid", "Denied", "Pending");

/** A billed service and its insurance claim. */
export const billingRecord: TableDef = {
  logicalName: t,
  entitySetName: "dxm_billingrecords",
  displayName: "Billing Record",
  pluralName: "Billing Records",
  description: "Charges, insurance payments and claims migrated from Dental-Exec.",
  primaryNameColumn: "dxm_name",
  primaryIdColumn: `${t}id`,
  ownership: "UserOwned",
  migrated: true,
  columns: [
    nameColumn("Billing Record"),
    ...migratedColumns(t),
    patientColumn(t),
    {
      logicalName: "dxm_insurancepolicyid", displayName: "Insurance Policy", type: "lookup", target: "dxm_insurancepolicy",
      navigationProperty: "dxm_insurancepolicyid", relationshipName: `dxm_dxm_insurancepolicy_${t}_insurancepolicyid`, cascadeDelete: "RemoveLink",
    },
    {
      logicalName: "dxm_coverageid", displayName: "Coverage", description: "The coverage (patient and policy, in its order) the claim was billed to.", type: "lookup", target: "dxm_coverage",
      navigationProperty: "dxm_coverageid", relationshipName: `dxm_dxm_coverage_${t}_coverageid`, cascadeDelete: "RemoveLink",
    },
    { logicalName: "dxm_servicedate", displayName: "Service Date", type: "datetime", behavior: "dateonly", requiredLevel: "required" },
    { logicalName: "dxm_totalfee", displayName: "Total Fee", type: "money", precision: 2, requiredLevel: "required" },
    { logicalName: "dxm_insurancepayment", displayName: "Insurance Payment", type: "money", precision: 2 },
    { logicalName: "dxm_patientresponsibility", displayName: "Patient Responsibility", type: "money", precision: 2 },
    { logicalName: "dxm_claimnumber", displayName: "Claim Number", type: "string", maxLength: 50, secured: true },
    { logicalName: "dxm_claimstatus", displayName: "Claim Status", type: "choice", options: claimStatusOptions },
  ],
  keys: [sourceKeyAlternateKey(t)],
};
