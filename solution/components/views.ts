import type { ViewDef } from "./types";
import type { ColumnDef, TableDef, TableExtensionDef } from "../model/types";
import { solutionModel } from "../model";
import { standardTable } from "./standard-tables";

const active = { column: "statecode", operator: "eq", value: 0 } as const;
const inactive = { column: "statecode", operator: "eq", value: 1 } as const;
const stampedByARun = { column: "dxm_migrationrunid", operator: "not-null" } as const;

/** The columns a grid shows: the name, then up to five business columns (never large text or JSON). */
function gridColumns(table: TableDef): string[] {
  const shown = (c: ColumnDef) => c.type !== "memo" && c.logicalName !== table.primaryNameColumn && c.logicalName !== "dxm_migrationrunid";
  return [table.primaryNameColumn, ...table.columns.filter(shown).map((c) => c.logicalName).slice(0, 5)];
}

function hasColumn(table: TableDef | TableExtensionDef, column: string): boolean {
  return table.columns.some((c) => c.logicalName === column);
}

/** The views Dataverse expects on a custom table: public (active, inactive), advanced find, associated, quick find, lookup. */
function customTableViews(table: TableDef): ViewDef[] {
  const t = table.logicalName;
  const columns = gridColumns(table);
  const name = table.primaryNameColumn;
  const quickFindColumns = [name, ...(hasColumn(table, "dxm_sourcekey") ? ["dxm_sourcekey"] : [])];
  const base = { table: t, columns, orderBy: name, conditions: [active] };
  const views: ViewDef[] = [
    { ...base, key: `${t}:active`, name: `Active ${table.pluralName}`, kind: "public", isDefault: true },
    { ...base, key: `${t}:inactive`, name: `Inactive ${table.pluralName}`, kind: "public", isDefault: false, conditions: [inactive] },
    { ...base, key: `${t}:advancedfind`, name: `${table.displayName} Advanced Find View`, kind: "advancedFind", isDefault: true, conditions: [] },
    { ...base, key: `${t}:associated`, name: `${table.displayName} Associated View`, kind: "associated", isDefault: true },
    { ...base, key: `${t}:quickfind`, name: `Quick Find Active ${table.pluralName}`, kind: "quickFind", isDefault: true, quickFindColumns },
    { ...base, key: `${t}:lookup`, name: `${table.displayName} Lookup View`, kind: "lookup", isDefault: true, columns: [name] },
  ];
  return views;
}

/**
 * "Records of this run": every record a migration run stamped. Used as the sub-grid view on the Migration
 * Run form, where the relationship narrows it to the run being viewed.
 */
function recordsOfThisRunView(table: TableDef | TableExtensionDef, displayName: string): ViewDef {
  const t = table.logicalName;
  const name = "primaryNameColumn" in table ? table.primaryNameColumn : standardTable(t).primaryNameColumn;
  const columns = [name, "dxm_sourcekey", "dxm_migrationrunid", ...(hasColumn(table, "dxm_sourcecreatedon") ? ["dxm_sourcecreatedon"] : []), "createdon"];
  return {
    key: `${t}:recordsofthisrun`, table: t, name: `${displayName}: Records of this run`, kind: "public", isDefault: false,
    columns, orderBy: "dxm_sourcekey", conditions: [stampedByARun],
  };
}

/** Migration runs, newest first, and the ledger of a run in write order. */
const ledgerViews: ViewDef[] = [
  {
    key: "dxm_migrationrun:recent", table: "dxm_migrationrun", name: "Migration Runs by Start", kind: "public", isDefault: false,
    columns: ["dxm_name", "dxm_mode", "dxm_status", "dxm_startedon", "dxm_finishedon", "dxm_totalrecords", "dxm_failedcount"],
    orderBy: "dxm_startedon", descending: true, conditions: [],
  },
  {
    key: "dxm_migrationbatch:ofrun", table: "dxm_migrationbatch", name: "Ledger of this run", kind: "public", isDefault: false,
    columns: ["dxm_name", "dxm_sequence", "dxm_table", "dxm_operation", "dxm_batchstatus", "dxm_recordcount", "createdon"],
    orderBy: "dxm_sequence", conditions: [],
  },
];

/**
 * Coverages as the patient and policy forms list them: a patient's in coordination-of-benefits order
 * (primary first), a policy's everyone it covers, by name.
 */
const coverageViews: ViewDef[] = [
  {
    key: "dxm_coverage:ofpatient", table: "dxm_coverage", name: "Coverages of this patient", kind: "public", isDefault: false,
    columns: ["dxm_name", "dxm_coverageorder", "dxm_insurancepolicyid", "dxm_subscriberrelationship", "dxm_effectivedate", "dxm_enddate"],
    orderBy: "dxm_coverageorder", conditions: [],
  },
  {
    key: "dxm_coverage:ofpolicy", table: "dxm_coverage", name: "Covered by this policy", kind: "public", isDefault: false,
    columns: ["dxm_name", "dxm_patientid", "dxm_subscriberrelationship", "dxm_coverageorder", "dxm_effectivedate", "dxm_enddate"],
    orderBy: "dxm_name", conditions: [],
  },
];

const displayNames: Record<string, string> = {
  contact: "Patients and Providers", account: "Practice Locations", task: "Tasks", phonecall: "Phone Calls",
  email: "Emails", appointment: "Appointments", connection: "Connections",
};

export const views: ViewDef[] = [
  ...solutionModel.tables.flatMap(customTableViews),
  ...solutionModel.tables.filter((t) => t.migrated).map((t) => recordsOfThisRunView(t, t.pluralName)),
  ...solutionModel.extensions.map((e) => recordsOfThisRunView(e, displayNames[e.logicalName] ?? e.logicalName)),
  ...ledgerViews,
  ...coverageViews,
];

export function view(key: string): ViewDef {
  const found = views.find((v) => v.key === key);
  if (!found) throw new Error(`Unknown view ${key}`);
  return found;
}
