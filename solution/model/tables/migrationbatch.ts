import type { TableDef } from "../types";
import { options } from "../common";

const t = "dxm_migrationbatch";

export const batchOperationOptions = options("Create", "Update");
export const batchStatusOptions = options("Written", "Rolled back");

/** The ledger: one row per written chunk, with the ids it created and the before-images of what it updated. */
export const migrationBatch: TableDef = {
  logicalName: t,
  entitySetName: "dxm_migrationbatchs",
  displayName: "Migration Batch",
  pluralName: "Migration Batches",
  description: "Ledger of a migration run: one row per written chunk (ids and source keys only, never patient data).",
  primaryNameColumn: "dxm_name",
  primaryIdColumn: `${t}id`,
  ownership: "UserOwned",
  migrated: false,
  columns: [
    { logicalName: "dxm_name", displayName: "Name", type: "string", maxLength: 200, requiredLevel: "required" },
    {
      logicalName: "dxm_migrationrunid", displayName: "Migration Run", type: "lookup", target: "dxm_migrationrun", requiredLevel: "required",
      navigationProperty: "dxm_migrationrunid", relationshipName: "dxm_dxm_migrationrun_dxm_migrationbatch_migrationrunid", cascadeDelete: "Cascade",
    },
    { logicalName: "dxm_sequence", displayName: "Sequence", type: "integer", min: 0 },
    { logicalName: "dxm_table", displayName: "Table", description: "Logical name of the table the chunk was written to.", type: "string", maxLength: 100 },
    { logicalName: "dxm_operation", displayName: "Operation", type: "choice", options: batchOperationOptions },
    { logicalName: "dxm_batchstatus", displayName: "Batch Status", type: "choice", options: batchStatusOptions, defaultValue: batchStatusOptions[0].value },
    { logicalName: "dxm_recordcount", displayName: "Record Count", type: "integer", min: 0 },
    { logicalName: "dxm_recordids", displayName: "Record Ids", description: "JSON array of [id, sourceKey] pairs written by this chunk.", type: "memo", maxLength: 1048576 },
    { logicalName: "dxm_writtenby", displayName: "Written By", description: "With several identities in one run: the systemuserid of the application user the chunk's writes went out as.", type: "string", maxLength: 100 },
    { logicalName: "dxm_beforeimages", displayName: "Before Images", description: "JSON: for updated records, the column values before the run changed them. Secured: restoring them needs the values.", type: "memo", maxLength: 1048576, secured: true },
  ],
  keys: [],
};
