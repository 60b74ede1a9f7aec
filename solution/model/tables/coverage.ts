import type { TableDef } from "../types";
import { migratedColumns, nameColumn, options, patientColumn, sourceKeyAlternateKey } from "../common";
import { subscriberRelationshipOptions } from "./insurancepolicy";

const t = "dxm_coverage";

/** Coordination of benefits: which plan pays first. */
export const coverageOrderOptions = options("Primary", "Secondary", "Tertiary");

/**
 * A patient covered by a policy: one per Dental-Exec coverage row. A patient with two plans (their own and a
 * spouse's or parent's) has two, in order; a family policy has one per covered member. The relationship is
 * the patient's to the policy's subscriber; effective and end dates are the coverage's own (a child's
 * coverage ends while the policy goes on). Billing records name the coverage a claim was billed to.
 */
export const coverage: TableDef = {
  logicalName: t,
  entitySetName: "dxm_coverages",
  displayName: "Coverage",
  pluralName: "Coverages",
  description: "A patient covered by an insurance policy (primary, secondary, tertiary), migrated from Dental-Exec.",
  primaryNameColumn: "dxm_name",
  primaryIdColumn: `${t}id`,
  ownership: "UserOwned",
  migrated: true,
  columns: [
    nameColumn("Coverage"),
    ...migratedColumns(t),
    patientColumn(t),
    {
      logicalName: "dxm_insurancepolicyid", displayName: "Insurance Policy", type: "lookup", target: "dxm_insurancepolicy",
      navigationProperty: "dxm_insurancepolicyid", relationshipName: `dxm_dxm_insurancepolicy_${t}_insurancepolicyid`, cascadeDelete: "Cascade",
      requiredLevel: "required",
    },
    { logicalName: "dxm_coverageorder", displayName: "Coverage Order", description: "Primary, secondary or tertiary (coordination of benefits).", type: "choice", options: coverageOrderOptions },
    { logicalName: "dxm_subscriberrelationship", displayName: "Relationship to Subscriber", type: "choice", options: subscriberRelationshipOptions },
    { logicalName: "dxm_effectivedate", displayName: "Effective Date", type: "datetime", behavior: "dateonly" },
    { logicalName: "dxm_enddate", displayName: "End Date", type: "datetime", behavior: "dateonly" },
  ],
  keys: [sourceKeyAlternateKey(t)],
};
