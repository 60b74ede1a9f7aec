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
    global("prvBulkDelete"),
    global("prvReadAsyncOperation"),
    global("prvReadUser"),
    global("prvReadConnectionRole"),
    global("prvReadTransactionCurrency"),
    global("prvReadOrganization"),
    global("prvReadEntity"),
    global("prvReadAttribute"),
    global("prvReadRelationship"),
    // Columns created for the practice's custom fields go into a solution of the org's own (its publisher: ours).
    global("prvReadSolution"),
    global("prvReadPublisher"),
  ],
};

export const securityRoles: SecurityRoleDef[] = [migrationAdministratorRole];

/** Every column the model marks secured, plus the standard ones the solution secures (date of birth). */
export const sensitiveDataProfile: FieldSecurityProfileDef = {
  name: "Dental-Exec Clinical and Insurance Data",
  description: "Read, create and update the secured clinical, insurance and date-of-birth columns. Add the users who migrate or treat patients.",
  columns: [
    ...[...solutionModel.tables, ...solutionModel.extensions].flatMap((t) =>
      t.columns.filter((c) => c.secured).map((c) => ({ table: t.logicalName, column: c.logicalName }))),
    ...securedStandardColumns.map(({ table, column }) => ({ table, column })),
  ],
};

export const fieldSecurityProfiles: FieldSecurityProfileDef[] = [sensitiveDataProfile];
