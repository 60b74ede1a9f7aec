import type { FormCell, FormDef, FormSection } from "./types";
import type { ColumnDef, TableDef, TableExtensionDef } from "../model/types";
import { migrationRun, solutionModel } from "../model";
import { migrationStudioControl, solutionControlName } from "./control";
import { view } from "./views";

const migrationColumns = new Set(["dxm_sourcekey", "dxm_migrationrunid", "dxm_sourcecreatedon"]);
const column = (c: ColumnDef | string): FormCell => ({ kind: "column", column: typeof c === "string" ? c : c.logicalName });

function migrationSection(table: TableDef | TableExtensionDef): FormSection {
  return {
    name: "migration", label: "Dental-Exec migration",
    cells: table.columns.filter((c) => migrationColumns.has(c.logicalName)).map(column),
  };
}

/** Sub-grids of related records on a table's main form: a policy lists everyone it covers. */
const relatedSections: Record<string, FormSection[]> = {
  dxm_insurancepolicy: [{
    name: "covered", label: "Covered patients",
    cells: [{
      kind: "subgrid", name: "covered_patients", label: "Covered patients", table: "dxm_coverage",
      relationship: "dxm_dxm_insurancepolicy_dxm_coverage_insurancepolicyid", view: "dxm_coverage:ofpolicy",
    }],
  }],
};

/** The main form of a migrated or ledger table: its own columns, related records, then where the record came from. */
function customTableForm(table: TableDef): FormDef {
  const details = table.migrated ? table.columns.filter((c) => !migrationColumns.has(c.logicalName)) : table.columns;
  const sections: FormSection[] = [{ name: "details", label: "Details", cells: details.map(column) }, ...(relatedSections[table.logicalName] ?? [])];
  if (table.migrated) sections.push(migrationSection(table));
  return {
    key: `${table.logicalName}:main`, table: table.logicalName, name: "Information",
    description: `Main form of ${table.displayName}.`,
    tabs: [{ name: "general", label: "General", sections }],
  };
}

/** A sub-grid on the run form listing what the run wrote to one table. */
function runSubgrid(table: TableDef | TableExtensionDef, label: string): FormCell {
  const stamp = table.columns.find((c) => c.logicalName === "dxm_migrationrunid");
  if (stamp?.type !== "lookup") throw new Error(`${table.logicalName} has no run stamp`);
  return {
    kind: "subgrid", name: `records_${table.logicalName}`, label, table: table.logicalName,
    relationship: stamp.relationshipName, view: view(`${table.logicalName}:recordsofthisrun`).key,
  };
}

const runColumns = (names: string[]) => names.map((n) => {
  if (!migrationRun.columns.some((c) => c.logicalName === n)) throw new Error(`dxm_migrationrun has no column ${n}`);
  return column(n);
});

/**
 * The Migration Run form: the run's name (required, so a new run can be named and saved) above Migration
 * Studio, then the run's facts, its ledger and what it wrote. Each column appears once: FormXml control ids
 * are column names, and the packer refuses a form where two controls share one.
 */
const migrationRunForm: FormDef = {
  key: "dxm_migrationrun:main", table: "dxm_migrationrun", name: "Migration Run",
  description: "Hosts Migration Studio: upload the exports, confirm the map, run, reconcile, roll back.",
  tabs: [
    {
      name: "studio", label: "Migration Studio",
      sections: [{ name: "name", label: "Run name", cells: runColumns(["dxm_name"]) }, {
        name: "studio", label: "Migration Studio",
        cells: [{
          kind: "control", column: migrationStudioControl.boundColumn, control: solutionControlName(),
          parameters: { [migrationStudioControl.boundProperty]: migrationStudioControl.boundColumn },
        }],
      }],
    },
    {
      name: "run", label: "Run",
      sections: [
        { name: "run", label: "Run", cells: runColumns(["dxm_mode", "dxm_status", "dxm_parentrunid", "dxm_timezone", "dxm_startedon", "dxm_finishedon"]) },
        { name: "counters", label: "Counters", cells: runColumns(["dxm_totalrecords", "dxm_createdcount", "dxm_updatedcount", "dxm_failedcount"]) },
      ],
    },
    {
      name: "ledger", label: "Ledger",
      sections: [{
        name: "ledger", label: "Ledger batches",
        cells: [{
          kind: "subgrid", name: "ledger_batches", label: "Ledger batches", table: "dxm_migrationbatch",
          relationship: "dxm_dxm_migrationrun_dxm_migrationbatch_migrationrunid", view: "dxm_migrationbatch:ofrun",
        }],
      }],
    },
    {
      name: "records", label: "Migrated records",
      sections: [{
        name: "records", label: "Records of this run",
        cells: [
          ...solutionModel.extensions.filter((e) => e.logicalName === "account" || e.logicalName === "contact")
            .map((e) => runSubgrid(e, e.logicalName === "contact" ? "Patients and providers" : "Practice locations")),
          ...solutionModel.tables.filter((t) => t.migrated).map((t) => runSubgrid(t, t.pluralName)),
        ],
      }],
    },
  ],
};

/** Extra main forms on contact and account showing the Dental-Exec columns beside the usual ones. */
function extensionForm(table: TableExtensionDef, name: string, standardColumns: string[], related: FormSection[] = []): FormDef {
  const own = table.columns.filter((c) => !migrationColumns.has(c.logicalName));
  return {
    key: `${table.logicalName}:dental`, table: table.logicalName, name, description: `${name}: the Dental-Exec columns beside the standard ones.`,
    tabs: [{
      name: "general", label: "General",
      sections: [
        { name: "summary", label: "Summary", cells: standardColumns.map(column) },
        { name: "dental", label: "Dental-Exec", cells: own.map(column) },
        ...related,
        migrationSection(table),
      ],
    }],
  };
}

const contact = solutionModel.extensions.find((e) => e.logicalName === "contact");
const account = solutionModel.extensions.find((e) => e.logicalName === "account");
if (!contact || !account) throw new Error("The model must extend contact and account");

export const forms: FormDef[] = [
  ...solutionModel.tables.filter((t) => t.logicalName !== "dxm_migrationrun").map(customTableForm),
  migrationRunForm,
  extensionForm(contact, "Dental Patient", ["firstname", "lastname", "birthdate", "gendercode", "mobilephone", "emailaddress1", "parentcustomerid"], [{
    name: "coverages", label: "Coverages",
    cells: [{
      kind: "subgrid", name: "patient_coverages", label: "Coverages (primary first)", table: "dxm_coverage",
      relationship: "dxm_contact_dxm_coverage_patientid", view: "dxm_coverage:ofpatient",
    }],
  }]),
  extensionForm(account, "Dental Practice Location", ["name", "telephone1", "emailaddress1", "address1_line1", "address1_city", "address1_stateorprovince", "address1_postalcode"]),
];
