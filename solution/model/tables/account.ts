import type { TableExtensionDef } from "../types";
import { migrationRunColumn, sourceCreatedOnColumn, sourceKeyAlternateKey, sourceKeyColumn } from "../common";

/** Columns the solution adds to account: each practice location is an account. */
export const accountExtension: TableExtensionDef = {
  logicalName: "account",
  entitySetName: "accounts",
  columns: [
    sourceKeyColumn,
    migrationRunColumn("account"),
    sourceCreatedOnColumn,
    { logicalName: "dxm_sourcepracticeid", displayName: "Dental-Exec Practice Id", type: "string", maxLength: 50 },
  ],
  keys: [sourceKeyAlternateKey("account")],
};
