import { solutionModel } from "../../solution/model";

/** Where a table lives in the Web API: entity set and primary id column. */
export interface TableAddress {
  logicalName: string;
  entitySet: string;
  primaryId: string;
  /** Carries dxm_sourcekey + dxm_migrationrunid (annotation cannot: the ledger alone tracks notes). */
  stamped: boolean;
}

// The standard tables the migration writes, with their names from the reference $metadata
// (reference/dataverse/standard-tables.json); activities share activitypointer's activityid.
const standard: TableAddress[] = [
  { logicalName: "account", entitySet: "accounts", primaryId: "accountid", stamped: true },
  { logicalName: "contact", entitySet: "contacts", primaryId: "contactid", stamped: true },
  { logicalName: "connection", entitySet: "connections", primaryId: "connectionid", stamped: true },
  { logicalName: "task", entitySet: "tasks", primaryId: "activityid", stamped: true },
  { logicalName: "phonecall", entitySet: "phonecalls", primaryId: "activityid", stamped: true },
  { logicalName: "email", entitySet: "emails", primaryId: "activityid", stamped: true },
  { logicalName: "appointment", entitySet: "appointments", primaryId: "activityid", stamped: true },
  { logicalName: "annotation", entitySet: "annotations", primaryId: "annotationid", stamped: false },
];

const custom: TableAddress[] = solutionModel.tables.map((t) => ({
  logicalName: t.logicalName,
  entitySet: t.entitySetName,
  primaryId: t.primaryIdColumn,
  stamped: t.migrated,
}));

const byName = new Map([...standard, ...custom].map((t) => [t.logicalName, t]));

export function tableAddress(logicalName: string): TableAddress {
  const address = byName.get(logicalName);
  if (!address) throw new Error(`Not a table the migration writes: ${logicalName}`);
  return address;
}

/** Every table a run writes records to (the run and ledger tables excluded). */
export const migratedTables: TableAddress[] = [...standard, ...custom.filter((t) => t.stamped)];

/** The filter for the records, and the ledger rows, stamped with a run (its `dxm_migrationrunid` lookup). */
export function stampedWithRun(runId: string): string {
  return `_dxm_migrationrunid_value eq ${runId}`;
}

/**
 * The default open status of each activity table (statecode 0), as Dataverse defines them: a closed activity
 * is read-only, so a re-run reopens it with this status, updates it, and closes it again.
 */
export const OPEN_STATUS: Record<string, number> = { task: 2, phonecall: 1, email: 1, appointment: 1, letter: 1, fax: 1 };

/**
 * The update that reopens a closed record of `table` (a re-run's load and a rollback both reopen before they
 * write), or undefined when the record is not a closed activity.
 */
export function reopening(table: string, row: { statecode?: unknown }): { statecode: 0; statuscode: number } | undefined {
  const open = OPEN_STATUS[table];
  return open !== undefined && typeof row.statecode === "number" && row.statecode !== 0 ? { statecode: 0, statuscode: open } : undefined;
}
