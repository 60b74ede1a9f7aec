import type { TableDef } from "../types";
import { migratedColumns, nameColumn, options, sourceKeyAlternateKey } from "../common";

const t = "dxm_insurancepolicy";

export const subscriberRelationshipOptions = options("Self", "Spouse", "Child", "Other");

/**
 * One policy per carrier + policy number. The subscriber is a contact; every covered patient (the subscriber,
 * a spouse, children) has a dxm_coverage pointing at the policy, in its order, with the relationship to the
 * subscriber. The patient's primary policy is also on contact.dxm_insurancepolicyid (with
 * contact.dxm_subscriberrelationship), for views.
 */
export const insurancePolicy: TableDef = {
  logicalName: t,
  entitySetName: "dxm_insurancepolicies",
  displayName: "Insurance Policy",
  pluralName: "Insurance Policies",
  description: "Dental insurance policies, one per carrier and policy number, migrated from Dental-Exec.",
  primaryNameColumn: "dxm_name",
  primaryIdColumn: `${t}id`,
  ownership: "UserOwned",
  migrated: true,
  columns: [
    nameColumn("Policy"),
    ...migratedColumns(t),
    {
      logicalName: "dxm_subscriberid", displayName: "Subscriber", type: "lookup", target: "contact",
      navigationProperty: "dxm_subscriberid", relationshipName: `dxm_contact_${t}_subscriberid`, cascadeDelete: "RemoveLink",
    },
    { logicalName: "dxm_carrier", displayName: "Carrier", type: "string", maxLength: 200, requiredLevel: "required" },
    { logicalName: "dxm_policynumber", displayName: "Policy Number", type: "string", maxLength: 50, requiredLevel: "required", secured: true },
    { logicalName: "dxm_groupnumber", displayName: "Group Number", type: "string", maxLength: 50, secured: true },
    { logicalName: "dxm_coveragepreventive", displayName: "Coverage Preventive %", type: "integer", min: 0, max: 100 },
    { logicalName: "dxm_coveragebasic", displayName: "Coverage Basic %", type: "integer", min: 0, max: 100 },
    { logicalName: "dxm_coveragemajor", displayName: "Coverage Major %", type: "integer", min: 0, max: 100 },
    { logicalName: "dxm_effectivedate", displayName: "Effective Date", type: "datetime", behavior: "dateonly" },
    { logicalName: "dxm_enddate", displayName: "End Date", type: "datetime", behavior: "dateonly" },
  ],
  keys: [sourceKeyAlternateKey(t)],
};
