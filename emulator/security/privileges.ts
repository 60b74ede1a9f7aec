import { createHash } from "node:crypto";
import type { PrivilegeDepth, Schema, TableSchema } from "../schema/types";
import { DataverseError } from "../records/errors";

/**
 * Privilege names as Dataverse forms them: `prv` + access + the table's privilege stem. Standard tables use
 * their schema name (`prvCreateContact`), every activity shares `Activity`, notes are `Note`, system users
 * `User`; a custom table uses its schema name, which for this solution's tables is the logical name.
 */
const STEMS: Record<string, string> = {
  account: "Account", contact: "Contact", annotation: "Note", connection: "Connection", connectionrole: "ConnectionRole",
  systemuser: "User", team: "Team", businessunit: "BusinessUnit", transactioncurrency: "TransactionCurrency",
  asyncoperation: "AsyncOperation", importjob: "ImportJob",
  sharepointdocumentlocation: "SharePointDocumentLocation", organization: "Organization", sdkmessage: "SdkMessage",
  sdkmessagefilter: "SdkMessageFilter", publisher: "Publisher", solution: "Solution", solutioncomponent: "SolutionComponent",
  activitypointer: "Activity", activityparty: "Activity",
};

export type RecordAccess = "Create" | "Read" | "Write" | "Delete" | "Append" | "AppendTo" | "Assign" | "Share";
export const RECORD_ACCESS: RecordAccess[] = ["Create", "Read", "Write", "Delete", "Append", "AppendTo", "Assign", "Share"];

export function privilegeStem(table: TableSchema): string {
  if (table.isActivity) return "Activity";
  return STEMS[table.logicalName] ?? table.logicalName;
}

/**
 * Tables with no privileges of their own: one privilege governs every access to their records. Bulk deletion
 * jobs and their failures are read (and made) under prvBulkDelete (Microsoft Learn, "BulkDeleteOperation entity
 * privileges": "There are no specific privileges for the BulkDeleteFailure entity").
 */
const SINGLE_PRIVILEGE: Record<string, string> = { bulkdeleteoperation: "prvBulkDelete", bulkdeletefailure: "prvBulkDelete" };

export const recordPrivilege = (table: TableSchema, access: RecordAccess): string => SINGLE_PRIVILEGE[table.logicalName] ?? `prv${access}${privilegeStem(table)}`;

/** Privileges that are not about one table's records (the ones a migration, its rollback and its metadata work use). */
export const MISC_PRIVILEGES = [
  "prvOverrideCreatedOnCreatedBy", "prvBypassCustomBusinessLogic", "prvBypassCustomPlugins", "prvBulkDelete",
  "prvReadEntity", "prvCreateEntity", "prvWriteEntity", "prvReadAttribute", "prvCreateAttribute", "prvWriteAttribute",
  "prvReadRelationship", "prvPublishCustomizations",
];

/** Every privilege the org has: each table's record privileges and the others above (System Administrator holds them all). */
export function allPrivileges(schema: Schema): string[] {
  const names = new Set<string>(MISC_PRIVILEGES);
  for (const table of schema.tables.values()) for (const access of RECORD_ACCESS) names.add(recordPrivilege(table, access));
  return [...names];
}

/**
 * A stable privilege id per name (Dataverse's ids are fixed per privilege across orgs; these are not
 * Microsoft's, only stable from one start to the next).
 */
export function privilegeId(name: string): string {
  const h = createHash("sha1").update(`privilege/${name.toLowerCase()}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export const DEPTH_ORDER: PrivilegeDepth[] = ["Basic", "Local", "Deep", "Global"];

/** Object type codes of the standard tables a missing-privilege message names (custom tables: 10000 and up here). */
const OTC: Record<string, number> = {
  account: 1, contact: 2, systemuser: 8, businessunit: 10, team: 9, annotation: 5, transactioncurrency: 9105, connection: 3234,
  connectionrole: 3231, task: 4212, phonecall: 4210, email: 4202, appointment: 4201, activitypointer: 4200, activityparty: 135,
  asyncoperation: 4700, bulkdeleteoperation: 4424, bulkdeletefailure: 4425, organization: 1019, importjob: 4428,
};

export function objectTypeCode(schema: Schema, table: string): number {
  if (OTC[table] !== undefined) return OTC[table];
  const custom = [...schema.tables.values()].filter((t) => t.isCustom).map((t) => t.logicalName).sort();
  const i = custom.indexOf(table);
  return i >= 0 ? 10000 + i : 0;
}

/**
 * The refusal for a missing privilege: 403 with -2147220960 (0x80040220), Microsoft Learn's "Principal user is
 * missing privilege on OTC for entity" ("Troubleshoot Dataverse client errors"); the full wording follows the
 * messages Dataverse gives as users quote them (README: not verified word for word against a tenant).
 */
export function missingPrivilege(input: { userId: string; roleCount: number; privilegeCount: number; privilege: string; otc: number; entity: string }): DataverseError {
  return new DataverseError(403, "0x80040220",
    `Principal user (Id=${input.userId}, type=8, roleCount=${input.roleCount}, privilegeCount=${input.privilegeCount}, accessMode=0), is missing ${input.privilege} privilege (Id=${privilegeId(input.privilege)}) on OTC=${input.otc} for entity '${input.entity}'. context.Caller=${input.userId}`);
}
