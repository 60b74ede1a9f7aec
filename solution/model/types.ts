/**
 * The target schema as data: every table, column, option set, key and relationship the managed solution
 * installs. One source of truth: the packer turns it into customizations.xml, the emulator imports that
 * XML, and the engine and the mapping read these definitions to know where Dental-Exec data lands.
 */

export type RequiredLevel = "none" | "recommended" | "required";

export interface OptionDef {
  /** 72410xxxx: the publisher's option-value prefix followed by a sequence. */
  value: number;
  label: string;
}

interface ColumnBase {
  /** Logical name, lower case with the dxm_ prefix for columns the solution adds. */
  logicalName: string;
  displayName: string;
  description?: string;
  requiredLevel?: RequiredLevel;
  /** Covered by the field security profile (clinical, insurance identifiers, birth dates). */
  secured?: boolean;
}

export type ColumnDef =
  | (ColumnBase & { type: "string"; maxLength: number; format?: "text" | "email" | "phone" | "url" })
  | (ColumnBase & { type: "memo"; maxLength: number })
  | (ColumnBase & { type: "integer"; min?: number; max?: number })
  | (ColumnBase & { type: "decimal"; precision: number; min?: number; max?: number })
  | (ColumnBase & { type: "money"; precision?: number })
  | (ColumnBase & { type: "boolean"; trueLabel?: string; falseLabel?: string; defaultValue?: boolean })
  | (ColumnBase & { type: "datetime"; behavior: "dateonly" | "userlocal" | "timezoneindependent" })
  | (ColumnBase & { type: "choice"; options: OptionDef[]; defaultValue?: number })
  | (ColumnBase & {
      type: "lookup";
      /** Logical name of the referenced table. */
      target: string;
      /** Single-valued navigation property name used with @odata.bind (e.g. dxm_patientid). */
      navigationProperty: string;
      /** Relationship schema name (e.g. dxm_contact_dxm_treatmenthistory_patientid). */
      relationshipName: string;
      /** What deleting the referenced record does to this one. */
      cascadeDelete: "Cascade" | "RemoveLink" | "Restrict";
    });

export type ColumnType = ColumnDef["type"];

export interface AlternateKeyDef {
  logicalName: string;
  displayName: string;
  columns: string[];
}

/** A custom table the solution creates. */
export interface TableDef {
  logicalName: string;
  /** Web API entity set name (the plural used in URLs). */
  entitySetName: string;
  displayName: string;
  pluralName: string;
  description: string;
  /** The primary name column (always a string column, listed in `columns` too). */
  primaryNameColumn: string;
  /** Primary key column, `<logicalName>id`. */
  primaryIdColumn: string;
  ownership: "UserOwned" | "OrganizationOwned";
  columns: ColumnDef[];
  keys: AlternateKeyDef[];
  /** Whether the table holds migrated Dental-Exec data (it then carries source key and run stamp). */
  migrated: boolean;
  /** Notes (annotation) can be attached to its records (the run carries its rebuild-reference document). */
  hasNotes?: boolean;
}

/** Columns the solution adds to a standard table (contact, account). */
export interface TableExtensionDef {
  logicalName: string;
  entitySetName: string;
  columns: ColumnDef[];
  keys: AlternateKeyDef[];
}

export interface SolutionModel {
  uniqueName: string;
  displayName: string;
  description: string;
  version: string;
  publisher: {
    uniqueName: string;
    displayName: string;
    prefix: string;
    optionValuePrefix: number;
  };
  tables: TableDef[];
  extensions: TableExtensionDef[];
  connectionRoles: { name: string; description: string; category: number }[];
}
