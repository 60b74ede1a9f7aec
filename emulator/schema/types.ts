/**
 * The emulator's schema: what Dataverse knows about each table. Built from the standard-table reference
 * (real column and navigation-property names) plus the solution's customizations.xml.
 */

export type AttributeType =
  | "primarykey"
  | "uniqueidentifier"
  | "string"
  | "memo"
  | "integer"
  | "bigint"
  | "decimal"
  | "double"
  | "money"
  | "boolean"
  | "datetime"
  | "dateonly"
  | "picklist"
  | "state"
  | "status"
  | "lookup"
  | "binary";

/** Dataverse's AttributeRequiredLevel. ApplicationRequired is what makers call "Business required". */
export type RequiredLevel = "None" | "SystemRequired" | "ApplicationRequired" | "Recommended";

export interface OptionSchema {
  value: number;
  label: string;
  /** For status options: the state they belong to. */
  state?: number;
}

export interface AttributeSchema {
  logicalName: string;
  type: AttributeType;
  requiredLevel: RequiredLevel;
  /** False for server-set columns (createdon, versionnumber...): Dataverse ignores them in a payload. */
  validForCreate: boolean;
  validForUpdate: boolean;
  isCustom: boolean;
  maxLength?: number;
  minValue?: number;
  maxValue?: number;
  options?: OptionSchema[];
  /** Lookups: tables the column can point to. */
  targets?: string[];
  dateTimeBehavior?: "UserLocal" | "DateOnly" | "TimeZoneIndependent";
  defaultValue?: number | boolean;
  displayName?: string;
}

/** A single-valued navigation property: `parentcustomerid_account` → column `parentcustomerid`, table `account`. */
export interface NavigationSchema {
  name: string;
  attribute: string;
  /** Target table logical name; several for `ownerid` (systemuser, team). */
  targets: string[];
}

export interface KeySchema {
  logicalName: string;
  attributes: string[];
}

export type CascadeDelete = "Cascade" | "RemoveLink" | "Restrict" | "NoCascade";

export interface RelationshipSchema {
  name: string;
  referencingTable: string;
  referencingAttribute: string;
  referencedTable: string;
  cascadeDelete: CascadeDelete;
}

export interface TableSchema {
  logicalName: string;
  entitySetName: string;
  primaryIdAttribute: string;
  primaryNameAttribute?: string;
  isCustom: boolean;
  /** Activities (task, phonecall...) share activitypointer's columns; activitypointer itself is a read-only union. */
  isActivity: boolean;
  ownership: "UserOwned" | "OrganizationOwned" | "None";
  attributes: Map<string, AttributeSchema>;
  navigations: Map<string, NavigationSchema>;
  /**
   * Activities: the collection-valued navigation to their activity parties (`email_activity_parties`), read from
   * the reference's navigation properties; the only collection a payload may deep-insert.
   */
  activityParties?: string;
  keys: KeySchema[];
  /** statuscode to use when none is given, per statecode. */
  defaultStatus: Map<number, number>;
  displayName?: string;
}

/** A connection role the solution ships (customizations.xml `<ConnectionRoles>`): installed as a record. */
export interface SolutionConnectionRole {
  connectionroleid: string;
  name: string;
  category?: number;
  description?: string;
}

export interface Schema {
  tables: Map<string, TableSchema>;
  byEntitySet: Map<string, TableSchema>;
  relationships: RelationshipSchema[];
  connectionRoles: SolutionConnectionRole[];
  /** Security roles the solution ships (`<Roles>`), installed with it. */
  securityRoles: SolutionSecurityRole[];
}

export type PrivilegeDepth = "Basic" | "Local" | "Deep" | "Global";

/** A `<Role>` of customizations.xml: its id, name and `<RolePrivilege name level>` entries. */
export interface SolutionSecurityRole {
  roleid: string;
  name: string;
  privileges: { name: string; depth: PrivilegeDepth }[];
}

export function emptySchema(): Schema {
  return { tables: new Map(), byEntitySet: new Map(), relationships: [], connectionRoles: [], securityRoles: [] };
}

export function addTable(schema: Schema, table: TableSchema): void {
  schema.tables.set(table.logicalName, table);
  schema.byEntitySet.set(table.entitySetName, table);
}
