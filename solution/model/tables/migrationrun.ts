import type { TableDef } from "../types";
import { options } from "../common";

const t = "dxm_migrationrun";

export const runModeOptions = options("Sample", "Full", "Delta");
export const runStatusOptions = options(
  "Draft",
  "Map confirmed",
  "Running",
  "Paused",
  "Completed",
  "Completed with errors",
  "Failed",
  "Cancelled",
  "Rolling back",
  "Rolled back",
  "Rollback incomplete",
  // The admin finished the run: its rollback window is closed and its before-images are purged.
  "Finished",
);

const json = (logicalName: string, displayName: string, description: string) =>
  ({ logicalName, displayName, description, type: "memo", maxLength: 1048576 }) as const;
const count = (logicalName: string, displayName: string) => ({ logicalName, displayName, type: "integer", min: 0 }) as const;

/** One row per migration run: the confirmed map, inventory, control totals, counters and outcome. */
export const migrationRun: TableDef = {
  logicalName: t,
  entitySetName: "dxm_migrationruns",
  displayName: "Migration Run",
  pluralName: "Migration Runs",
  description: "A Dental-Exec migration run: its confirmed map, progress, outcome and ledger. Hosts Migration Studio.",
  primaryNameColumn: "dxm_name",
  primaryIdColumn: `${t}id`,
  ownership: "UserOwned",
  migrated: false,
  hasNotes: true,
  columns: [
    { logicalName: "dxm_name", displayName: "Name", type: "string", maxLength: 200, requiredLevel: "required" },
    {
      logicalName: "dxm_studio", displayName: "Migration Studio", type: "string", maxLength: 100,
      description: "Hosts the Migration Studio control on the run form (a PCF control needs a column of its own); holds no data.",
    },
    { logicalName: "dxm_mode", displayName: "Mode", type: "choice", options: runModeOptions, defaultValue: runModeOptions[1].value },
    { logicalName: "dxm_status", displayName: "Run Status", type: "choice", options: runStatusOptions, defaultValue: runStatusOptions[0].value },
    {
      logicalName: "dxm_parentrunid", displayName: "Parent Run", description: "The run a delta run builds on.", type: "lookup", target: t,
      navigationProperty: "dxm_parentrunid", relationshipName: "dxm_dxm_migrationrun_dxm_migrationrun_parentrunid", cascadeDelete: "Restrict",
    },
    { logicalName: "dxm_timezone", displayName: "Practice Time Zone", description: "IANA time zone of the practice; Dental-Exec local times are converted from it to UTC.", type: "string", maxLength: 64 },
    json("dxm_confirmedmap", "Confirmed Map", "The confirmed field map (versioned JSON). Nothing is written before it exists."),
    json("dxm_inventory", "Source Inventory", "Files, rows and objects found in the exports (JSON, no patient data)."),
    json("dxm_controltotals", "Control Totals", "Counts entered from Dental-Exec's reports and how the inventory matched them (JSON)."),
    json("dxm_counters", "Counters", "Per-table progress: total, created, updated, unchanged, failed (JSON)."),
    json("dxm_report", "Report", "Reconciliation and rollback outcome (JSON, ids and source keys only)."),
    count("dxm_totalrecords", "Total Records"),
    count("dxm_createdcount", "Created"),
    count("dxm_updatedcount", "Updated"),
    count("dxm_failedcount", "Failed"),
    { logicalName: "dxm_startedon", displayName: "Started On", type: "datetime", behavior: "userlocal" },
    { logicalName: "dxm_finishedon", displayName: "Finished On", type: "datetime", behavior: "userlocal" },
  ],
  keys: [],
};
