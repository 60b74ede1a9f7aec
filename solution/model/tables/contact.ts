import type { TableExtensionDef } from "../types";
import { migrationRunColumn, options, sourceCreatedOnColumn, sourceKeyAlternateKey, sourceKeyColumn } from "../common";
import { subscriberRelationshipOptions } from "./insurancepolicy";

export const providerRoleOptions = options("Patient", "Referring provider");
export const specialtyOptions = options(
  "General dentistry",
  "Orthodontics",
  "Periodontics",
  "Endodontics",
  "Oral surgery",
  "Pediatric dentistry",
  "Prosthodontics",
  "Dental hygiene",
  "Other",
);

/** Columns the solution adds to contact: patients and referring providers are contacts. */
export const contactExtension: TableExtensionDef = {
  logicalName: "contact",
  entitySetName: "contacts",
  columns: [
    sourceKeyColumn,
    migrationRunColumn("contact"),
    sourceCreatedOnColumn,
    { logicalName: "dxm_sourcepatientid", displayName: "Dental-Exec Patient Id", type: "string", maxLength: 50 },
    { logicalName: "dxm_providerrole", displayName: "Provider Role", description: "Patient, or a referring provider.", type: "choice", options: providerRoleOptions },
    {
      logicalName: "dxm_referringproviderid", displayName: "Referring Provider", type: "lookup", target: "contact",
      navigationProperty: "dxm_referringproviderid", relationshipName: "dxm_contact_contact_referringproviderid", cascadeDelete: "RemoveLink",
    },
    { logicalName: "dxm_credentials", displayName: "Credentials", description: "e.g. DDS, DMD, RDH.", type: "string", maxLength: 50 },
    { logicalName: "dxm_specialty", displayName: "Specialty", type: "choice", options: specialtyOptions },
    { logicalName: "dxm_npi", displayName: "NPI", description: "National Provider Identifier (10 digits).", type: "string", maxLength: 10 },
    { logicalName: "dxm_druginteractionflag", displayName: "Drug Interaction Flag", description: "Dental-Exec's binary drug-interaction alert.", type: "boolean", secured: true },
    { logicalName: "dxm_recallinterval", displayName: "Recall Interval (months)", type: "integer", min: 0, max: 60 },
    { logicalName: "dxm_nextrecalldate", displayName: "Next Recall Date", type: "datetime", behavior: "dateonly" },
    {
      logicalName: "dxm_insurancepolicyid", displayName: "Insurance Policy", description: "The patient's primary policy (every coverage, in order: the Coverages of the patient).", type: "lookup", target: "dxm_insurancepolicy",
      navigationProperty: "dxm_insurancepolicyid", relationshipName: "dxm_dxm_insurancepolicy_contact_insurancepolicyid", cascadeDelete: "RemoveLink",
    },
    { logicalName: "dxm_subscriberrelationship", displayName: "Relationship to Subscriber", type: "choice", options: subscriberRelationshipOptions },
    {
      logicalName: "dxm_guarantorid", displayName: "Guarantor", description: "The responsible party who pays for this patient (head of household); blank when the patient is their own.",
      type: "lookup", target: "contact", navigationProperty: "dxm_guarantorid", relationshipName: "dxm_contact_contact_guarantorid", cascadeDelete: "RemoveLink",
    },
  ],
  keys: [sourceKeyAlternateKey("contact")],
};
