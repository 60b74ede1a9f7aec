import type { TableExtensionDef } from "../types";
import { migrationRunColumn, sourceKeyAlternateKey, sourceKeyColumn } from "../common";

/**
 * Source key and run stamp on the activity tables the migration writes (calls, emails, meetings, recall
 * tasks) and on connection (patient ↔ practice location), so re-runs upsert instead of duplicating and a
 * rollback finds them. Notes (annotation) cannot take custom columns: the ledger alone tracks them.
 */
function activityExtension(logicalName: string, entitySetName: string): TableExtensionDef {
  return {
    logicalName,
    entitySetName,
    columns: [sourceKeyColumn, migrationRunColumn(logicalName)],
    keys: [sourceKeyAlternateKey(logicalName)],
  };
}

export const activityExtensions: TableExtensionDef[] = [
  activityExtension("task", "tasks"),
  activityExtension("phonecall", "phonecalls"),
  activityExtension("email", "emails"),
  activityExtension("appointment", "appointments"),
  activityExtension("connection", "connections"),
];
