import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { findColumn, findTable, solutionModel } from "../../../solution/model";
import { forms, views, charts, sensitiveDataProfile, standardTables, securedStandardColumns } from "../../../solution/components";
import { lookupRelationships } from "../../../solution/pack";
import { objectSpecs } from "../../../migration/model";
import { referenceColumns, referenceNavigations, repositoryRoot, sourceFiles, standardReference } from "./helpers";

const isCustomTable = (t: string) => solutionModel.tables.some((c) => c.logicalName === t);
const isStandardTable = (t: string) => t in standardReference;
const modelNavigations = new Set(lookupRelationships(solutionModel).map((l) => l.column.navigationProperty));

/** A column exists if the solution defines it on that table or the reference lists it (inherited columns included). */
function columnExists(table: string, column: string): boolean {
  if (findColumn(table, column)) return true;
  if (isCustomTable(table)) {
    const def = solutionModel.tables.find((t) => t.logicalName === table)!;
    // Columns Dataverse creates on every custom table.
    return [def.primaryIdColumn, "statecode", "statuscode", "createdon", "modifiedon", "ownerid", "overriddencreatedon"].includes(column);
  }
  // The reference lists a standard lookup column in its Web API form, `_<column>_value`.
  return isStandardTable(table) && (referenceColumns(table).has(column) || referenceColumns(table).has(`_${column}_value`));
}

/** Source text without comments: names in prose (`_x_value`) are not names the code uses. */
const codeOf = (file: string) => readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");

/** Every `"<table>.<column>"` string in the TypeScript of a folder. */
function tableColumnLiterals(folder: string): { file: string; table: string; column: string }[] {
  const known = [...Object.keys(standardReference), ...solutionModel.tables.map((t) => t.logicalName)].join("|");
  const pattern = new RegExp(`["'\`](${known})\\.([a-z0-9_]+)["'\`]`, "g");
  return sourceFiles(folder).flatMap((file) =>
    [...codeOf(file).matchAll(pattern)].map((m) => ({ file: relative(repositoryRoot, file), table: m[1], column: m[2] })));
}

/** Every literal `"<navigation>@odata.bind"` and `"_<column>_value"` in the TypeScript of a folder. */
function bindAndValueLiterals(folder: string): { file: string; kind: "bind" | "value"; name: string }[] {
  return sourceFiles(folder).flatMap((file) => {
    const text = codeOf(file);
    const f = relative(repositoryRoot, file);
    return [
      ...[...text.matchAll(/["'`]([a-z0-9_]+)@odata\.bind["'`]/g)].map((m) => ({ file: f, kind: "bind" as const, name: m[1] })),
      ...[...text.matchAll(/["'`]_([a-z0-9_]+)_value["'`]/g)].map((m) => ({ file: f, kind: "value" as const, name: m[1] })),
    ];
  });
}

describe("standard table, column and navigation names come from the reference", () => {
  it("every table the solution extends is a standard table with the entity set the model says", () => {
    for (const ext of solutionModel.extensions) {
      expect({ table: ext.logicalName, known: isStandardTable(ext.logicalName) }).toEqual({ table: ext.logicalName, known: true });
      expect({ table: ext.logicalName, entitySet: ext.entitySetName }).toEqual({ table: ext.logicalName, entitySet: standardReference[ext.logicalName].entitySet });
    }
  });

  it("the columns and navigation properties the solution adds do not collide with existing standard ones", () => {
    for (const ext of solutionModel.extensions) {
      const existing = referenceColumns(ext.logicalName);
      const existingNavigations = referenceNavigations(ext.logicalName);
      for (const column of ext.columns) {
        expect(`${ext.logicalName}.${column.logicalName} exists already: ${existing.has(column.logicalName)}`).toMatch(/false$/);
        if (column.type === "lookup") {
          expect(`${ext.logicalName}/${column.navigationProperty} exists already: ${existingNavigations.has(column.navigationProperty)}`).toMatch(/false$/);
        }
      }
    }
  });

  it("the facts recorded about standard tables match the reference", () => {
    for (const [table, facts] of Object.entries(standardTables)) {
      const columns = referenceColumns(table);
      expect({ table, entitySet: facts.entitySet }).toEqual({ table, entitySet: standardReference[table]?.entitySet });
      expect({ table, id: facts.primaryIdColumn, exists: columns.has(facts.primaryIdColumn) }).toEqual({ table, id: facts.primaryIdColumn, exists: true });
      expect({ table, name: facts.primaryNameColumn, exists: columns.has(facts.primaryNameColumn) }).toEqual({ table, name: facts.primaryNameColumn, exists: true });
    }
  });

  it("every lookup targets a solution table or a standard table", () => {
    const unknown = lookupRelationships(solutionModel).map((l) => l.column.target).filter((t) => !findTable(t) && !isStandardTable(t));
    expect(unknown).toEqual([]);
  });

  it("every target of the Dental-Exec object model exists (table.column and lookup:table)", () => {
    const missing: string[] = [];
    for (const spec of objectSpecs) {
      if (!findTable(spec.table) && !isStandardTable(spec.table)) missing.push(`${spec.kind}: table ${spec.table}`);
      for (const field of spec.fields) {
        if (!field.target) continue;
        const lookup = /^lookup:(.+)$/.exec(field.target);
        if (lookup) {
          if (!findTable(lookup[1]) && !isStandardTable(lookup[1])) missing.push(`${spec.kind}.${field.id}: ${field.target}`);
          continue;
        }
        const [table, column] = field.target.split(".");
        if (!columnExists(table, column)) missing.push(`${spec.kind}.${field.id}: ${field.target}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(["migration", "solution"])("every \"table.column\" written in %s/ exists", (folder) => {
    const literals = tableColumnLiterals(folder);
    // The object model alone writes dozens: finding none would mean the scan is broken.
    if (folder === "migration") expect(literals.length).toBeGreaterThan(20);
    expect(literals.filter((l) => !columnExists(l.table, l.column)).map((l) => `${l.file}: ${l.table}.${l.column}`)).toEqual([]);
  });

  it.each(["migration", "solution"])("every navigation property bound and every _x_value read in %s/ exists", (folder) => {
    // A table with notes enabled gets the note's navigation objectid_<table> from the platform.
    const noteNavigations = solutionModel.tables.filter((t) => t.hasNotes).map((t) => `objectid_${t.logicalName}`);
    // solution.publisherid (Microsoft Learn, solution table reference): the custom-fields solution's publisher.
    const solutionNavigations = ["publisherid"];
    const allNavigations = new Set([...Object.keys(standardReference).flatMap((t) => [...referenceNavigations(t)]), ...modelNavigations, ...noteNavigations, ...solutionNavigations]);
    const allColumns = new Set([
      ...Object.keys(standardReference).flatMap((t) => [...referenceColumns(t)]),
      ...[...solutionModel.tables, ...solutionModel.extensions].flatMap((t) => t.columns.map((c) => c.logicalName)),
    ]);
    const wrong = bindAndValueLiterals(folder).filter((l) => (l.kind === "bind" ? !allNavigations.has(l.name) : !allColumns.has(l.name) && !allColumns.has(`_${l.name}_value`)));
    expect(wrong.map((l) => `${l.file}: ${l.kind === "bind" ? `${l.name}@odata.bind` : `_${l.name}_value`}`)).toEqual([]);
  });

  it("the forms, views, charts and field security profile name existing columns", () => {
    const missing: string[] = [];
    const check = (where: string, table: string, column: string) => {
      if (!columnExists(table, column)) missing.push(`${where}: ${table}.${column}`);
    };
    for (const form of forms) {
      for (const cell of form.tabs.flatMap((t) => t.sections.flatMap((s) => s.cells))) {
        if (cell.kind === "subgrid") check(`form ${form.key}`, cell.table, "dxm_migrationrunid");
        else check(`form ${form.key}`, form.table, cell.column);
      }
    }
    for (const view of views) {
      for (const column of [...view.columns, view.orderBy, ...view.conditions.map((c) => c.column), ...(view.quickFindColumns ?? [])]) check(`view ${view.key}`, view.table, column);
    }
    for (const chart of charts) for (const column of [chart.measure.column, chart.category.column, chart.series.column]) check(`chart ${chart.key}`, chart.table, column);
    for (const { table, column } of sensitiveDataProfile.columns) check("field security profile", table, column);
    for (const { table, column } of securedStandardColumns) {
      expect({ table, column, standard: referenceColumns(table).has(column) }).toEqual({ table, column, standard: true });
    }
    expect(missing).toEqual([]);
  });

  it("the check itself notices a name the reference does not have", () => {
    expect(columnExists("contact", "birthdate")).toBe(true);
    expect(columnExists("task", "subject")).toBe(true);
    expect(columnExists("contact", "dateofbirth")).toBe(false);
    expect(columnExists("account", "dxm_sourcepatientid")).toBe(false);
  });
});
