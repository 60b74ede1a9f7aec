import type { AlternateKeyDef, ColumnDef, OptionDef } from "./types";

export const PUBLISHER_PREFIX = "dxm";
export const OPTION_VALUE_PREFIX = 72410;

/** Option values: the publisher's prefix followed by a four-digit sequence (724100000, 724100001, ...). */
export function options(...labels: string[]): OptionDef[] {
  return labels.map((label, i) => ({ value: OPTION_VALUE_PREFIX * 10000 + i, label }));
}

/** The source key every migrated record carries, e.g. `patient:10482`; an alternate key addresses it. */
export const sourceKeyColumn: ColumnDef = {
  logicalName: "dxm_sourcekey",
  displayName: "Source Key",
  description: "Dental-Exec object and id this record came from, e.g. patient:10482. Upserts address records by it.",
  type: "string",
  maxLength: 100,
};

/** Key names carry the publisher prefix, as Dataverse requires of custom keys: dxm_contact_sourcekey, dxm_treatmenthistory_sourcekey. */
export function sourceKeyAlternateKey(table: string): AlternateKeyDef {
  return { logicalName: `${PUBLISHER_PREFIX}_${table.replace(/^dxm_/, "")}_sourcekey`, displayName: "Source Key", columns: ["dxm_sourcekey"] };
}

/** The run stamp: lets a rollback find records even if a ledger write was lost. */
export function migrationRunColumn(table: string): ColumnDef {
  return {
    logicalName: "dxm_migrationrunid",
    displayName: "Migration Run",
    description: "The migration run that created or last updated this record.",
    type: "lookup",
    target: "dxm_migrationrun",
    navigationProperty: "dxm_migrationrunid",
    relationshipName: `dxm_dxm_migrationrun_${table}_migrationrunid`,
    cascadeDelete: "RemoveLink",
  };
}

export const sourceCreatedOnColumn: ColumnDef = {
  logicalName: "dxm_sourcecreatedon",
  displayName: "Source Created On",
  description: "When the record was created in Dental-Exec.",
  type: "datetime",
  behavior: "userlocal",
};

/** The patient (contact) a child record belongs to. */
export function patientColumn(table: string, requiredLevel: "none" | "required" = "required"): ColumnDef {
  return {
    logicalName: "dxm_patientid",
    displayName: "Patient",
    type: "lookup",
    target: "contact",
    navigationProperty: "dxm_patientid",
    relationshipName: `dxm_contact_${table}_patientid`,
    cascadeDelete: "Cascade",
    requiredLevel,
  };
}

/** A lookup to a system user (treating provider); owner is set separately through ownerid. */
export function providerColumn(table: string): ColumnDef {
  return {
    logicalName: "dxm_providerid",
    displayName: "Provider",
    type: "lookup",
    target: "systemuser",
    navigationProperty: "dxm_providerid",
    relationshipName: `dxm_systemuser_${table}_providerid`,
    cascadeDelete: "RemoveLink",
  };
}

export function nameColumn(displayName: string): ColumnDef {
  return { logicalName: "dxm_name", displayName, type: "string", maxLength: 200, requiredLevel: "required" };
}

/** The columns every migrated custom table shares. */
export function migratedColumns(table: string): ColumnDef[] {
  return [sourceKeyColumn, migrationRunColumn(table), sourceCreatedOnColumn];
}
