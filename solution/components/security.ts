import type { FieldSecurityProfileDef, PrivilegeLevel, SecurityRoleDef } from "./types";
import { solutionModel } from "../model";
import { securedStandardColumns, standardTable } from "./standard-tables";

const recordPrivileges = ["Create", "Read", "Write", "Delete", "Append", "AppendTo", "Assign", "Share"] as const;
const global = (name: string, level: PrivilegeLevel = "Global") => ({ name, level });

/** The custom tables' privileges are named after their schema name (here the same as the logical name). */
const customTablePrivileges = solutionModel.tables.flatMap((t) => recordPrivileges.map((p) => global(`prv${p}${t.logicalName}`)));

/**
 * contact, account, activities (one privilege set for every activity), notes and connections. Connections
 * take their owner from the records they join: they have no Assign or Share privilege.
 */
const withoutOwnership = recordPrivileges.filter((p) => p !== "Assign" && p !== "Share");
const standardPrivileges = (["contact", "account", "task", "annotation", "connection"] as const).flatMap((t) => {
  const stem = standardTable(t).privilegeStem;
  return (t === "connection" ? withoutOwnership : recordPrivileges).map((p) => global(`prv${p}${stem}`));
});

/**
 * "Dental-Exec Migration Administrator": what a run needs (write every migrated table, keep the original
 * created-on dates, bulk-delete on rollback, read users, connection roles, currencies and the table
 * definitions the pre-flight checks). Assign it beside a base role such as Basic User or Salesperson.
 */
export const migrationAdministratorRole: SecurityRoleDef = {
  name: "Dental-Exec Migration Administrator",
  description: "Runs Dental-Exec migrations and rollbacks.",
  privileges: [
    ...customTablePrivileges,
    ...standardPrivileges,
    global("prvOverrideCreatedOnCreatedBy"),
    // BulkDelete, and reading its jobs' bulkdeleteoperation and bulkdeletefailure rows (they have no privileges of their own).
    global("prvBulkDelete"),
    global("prvReadAsyncOperation"),
    global("prvReadUser"),
    global("prvReadConnectionRole"),
    global("prvReadTransactionCurrency"),
    global("prvReadOrganization"),
    global("prvReadEntity"),
    global("prvReadAttribute"),
    global("prvReadRelationship"),
    // Columns created for the practice's custom fields go into a solution of the org's own (its publisher:
    // ours), both created by the first run that needs them.
    global("prvCreateAttribute"),
    global("prvReadSolution"),
    global("prvCreateSolution"),
    global("prvWriteSolution"),
    global("prvReadPublisher"),
    global("prvCreatePublisher"),
    global("prvCreateSolutionComponent"),
  ],
};

export const securityRoles: SecurityRoleDef[] = [migrationAdministratorRole];

/** The ledger's before-images: readable only by those who roll runs back (migration administrators). */
const ledgerColumns = [{ table: "dxm_migrationbatch", column: "dxm_beforeimages" }];
const isLedgerColumn = (table: string, column: string) => ledgerColumns.some((c) => c.table === table && c.column === column);

/** Every column the model marks secured (the ledger's aside), plus the standard ones the solution secures (date of birth). */
export const sensitiveDataProfile: FieldSecurityProfileDef = {
  name: "Dental-Exec Clinical and Insurance Data",
  description: "Read, create and update the secured clinical, insurance and date-of-birth columns. Add the users who migrate or treat patients.",
  columns: [
    ...[...solutionModel.tables, ...solutionModel.extensions].flatMap((t) =>
      t.columns.filter((c) => c.secured && !isLedgerColumn(t.logicalName, c.logicalName)).map((c) => ({ table: t.logicalName, column: c.logicalName }))),
    ...securedStandardColumns.map(({ table, column }) => ({ table, column })),
  ],
};

/**
 * The before-images of the run ledger: the previous values of the records a run updated (patient data), kept
 * only while the run can be rolled back (a rollback or "Finish run" purges them). For the users who hold the
 * Dental-Exec Migration Administrator role, and no one else: those who treat patients never need them.
 */
export const migrationLedgerProfile: FieldSecurityProfileDef = {
  name: "Dental-Exec Migration Ledger",
  description: "Read, create and update the before-images the run ledger keeps for rollback. Add the users who hold the Dental-Exec Migration Administrator role.",
  columns: ledgerColumns,
};

export const fieldSecurityProfiles: FieldSecurityProfileDef[] = [sensitiveDataProfile, migrationLedgerProfile];
