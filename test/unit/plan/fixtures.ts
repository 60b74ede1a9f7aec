/** Test fixtures for planning: export sets from plain rows, the reference map, org metadata from the solution model. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AttributeMetadata, EntityMetadata } from "../../../dataverse/types";
import type { ConfirmedMap, FileMap } from "../../../migration/mapping/types";
import { objectSpec } from "../../../migration/model/objects";
import { tableAddress } from "../../../migration/model/tables";
import type { ObjectKind } from "../../../migration/model/types";
import type { MappedRow } from "../../../migration/objects/mapped-row";
import { rowMapper } from "../../../migration/objects/mapped-row";
import type { ObjectContext } from "../../../migration/objects/context";
import type { ExportRows, OrgContext } from "../../../migration/plan/types";
import { findTable } from "../../../solution/model";
import type { ColumnDef } from "../../../solution/model/types";

export type Rows = Record<string, string>[];

/** An export set over in-memory rows keyed by header; the header is line 1, rows start on line 2. */
export function exportsOf(files: Record<string, Rows>, attachments: { name: string; size: number }[] = []): ExportRows & { reads: Map<string, number> } {
  const reads = new Map<string, number>();
  return {
    reads,
    inventory: {
      files: Object.entries(files).map(([name, rows]) => ({
        name, size: 0, encoding: "utf-8", delimiter: ",", headers: Object.keys(rows[0] ?? {}), rows: rows.length, object: null, profiles: [], problems: [], readable: true,
      })),
      attachments,
      problems: [],
    },
    async *rows(fileName: string) {
      reads.set(fileName, (reads.get(fileName) ?? 0) + 1);
      const rows = files[fileName] ?? [];
      for (let i = 0; i < rows.length; i++) yield { line: i + 2, values: rows[i] };
    },
  };
}

/** The map `dxm propose` gives for the reference layout: every field under its header, onto its default target. */
export function fileMapOf(object: ObjectKind, file = objectSpec(object).files[0], extra: FileMap["columns"] = []): FileMap {
  const spec = objectSpec(object);
  return { file, object, columns: [...spec.fields.map((f) => ({ source: f.header, field: f.id, target: f.target })), ...extra] };
}

export function referenceMap(objects: ObjectKind[], timeZone = "America/New_York"): ConfirmedMap {
  return { version: 1, confirmedAt: "2024-07-01T00:00:00Z", confirmedBy: "test", timeZone, files: objects.map((o) => fileMapOf(o)) };
}

/** Rows keyed by field id → rows keyed by the reference headers. */
export function rowsOf(object: ObjectKind, rows: Record<string, string>[]): Rows {
  const spec = objectSpec(object);
  return rows.map((r) => Object.fromEntries(spec.fields.map((f) => [f.header, r[f.id] ?? ""])));
}

/** One mapped row of an object, from values by field id. */
export function mappedRow(object: ObjectKind, values: Record<string, string>, line = 2, extra: FileMap["columns"] = [], extraValues: Record<string, string> = {}): MappedRow {
  const [row] = rowsOf(object, [values]);
  return rowMapper(fileMapOf(object, undefined, extra))({ line, values: { ...row, ...extraValues } });
}

export function objectContext(overrides: Partial<ObjectContext> = {}): ObjectContext {
  return {
    timeZone: "America/New_York",
    userOf: (id) => (id === "7" ? "u-7" : undefined),
    ownerOf: (id) => (id === "7" ? "u-7" : "u-fallback"),
    referrerKeyOf: () => undefined,
    hasPatient: () => true,
    hasPolicy: () => true,
    hasCoverage: () => true,
    attachment: () => undefined,
    maxUploadFileSize: 5 * 1024 * 1024,
    connectionRoleIds: { patient: "role-patient", practiceLocation: "role-location" },
    ...overrides,
  };
}

// ---- Org metadata: standard columns from the reference $metadata, the solution's columns from its model ----

const reference = JSON.parse(readFileSync(join(__dirname, "../../../reference/dataverse/standard-tables.json"), "utf8")) as {
  tables: Record<string, { baseType?: string; columns: Record<string, { type: string; readOnly?: boolean }> }>;
};

/** Lengths of the standard columns the migration writes (Dataverse defaults). */
const standardLengths: Record<string, number> = {
  firstname: 50, lastname: 50, middlename: 50, nickname: 100, emailaddress1: 100, telephone1: 50, telephone2: 50, mobilephone: 50,
  address1_line1: 250, address1_line2: 250, address1_city: 80, address1_stateorprovince: 50, address1_postalcode: 20, name: 160,
  description: 2000, subject: 200, notetext: 100000, filename: 255, mimetype: 256, phonenumber: 200, category: 250,
};

const edmType: Record<string, string> = {
  "Edm.String": "String", "Edm.Int32": "Integer", "Edm.Boolean": "Boolean", "Edm.DateTimeOffset": "DateTime", "Edm.Date": "DateTime",
  "Edm.Decimal": "Decimal", "Edm.Double": "Double", "Edm.Guid": "Uniqueidentifier", "Edm.Int64": "BigInt",
};

function standardAttributes(table: string): AttributeMetadata[] {
  const t = reference.tables[table];
  const base = t.baseType === "mscrm.activitypointer" ? reference.tables.activitypointer.columns : {};
  const out: AttributeMetadata[] = [];
  for (const [name, c] of Object.entries({ ...base, ...t.columns })) {
    if (name.startsWith("_") || c.readOnly) continue;
    const type = name === "gendercode" || name === "industrycode" ? "Picklist" : edmType[c.type] ?? "String";
    out.push({
      LogicalName: name, AttributeType: type, RequiredLevel: "None", IsValidForCreate: true,
      ...(type === "String" ? { MaxLength: standardLengths[name] ?? 4000 } : {}),
      ...(c.type === "Edm.Date" ? { DateTimeBehavior: "DateOnly" as const } : {}),
      ...(name === "gendercode" ? { Options: [{ Value: 1, Label: "Male" }, { Value: 2, Label: "Female" }] } : {}),
    });
  }
  if (table === "contact") out.find((a) => a.LogicalName === "lastname")!.RequiredLevel = "ApplicationRequired";
  return out;
}

function modelAttribute(c: ColumnDef): AttributeMetadata {
  const base = { LogicalName: c.logicalName, RequiredLevel: c.requiredLevel === "required" ? ("ApplicationRequired" as const) : ("None" as const), IsValidForCreate: true };
  switch (c.type) {
    case "string": return { ...base, AttributeType: "String", MaxLength: c.maxLength };
    case "memo": return { ...base, AttributeType: "Memo", MaxLength: c.maxLength };
    case "integer": return { ...base, AttributeType: "Integer" };
    case "decimal": return { ...base, AttributeType: "Decimal" };
    case "money": return { ...base, AttributeType: "Money" };
    case "boolean": return { ...base, AttributeType: "Boolean" };
    case "datetime": return { ...base, AttributeType: "DateTime", DateTimeBehavior: c.behavior === "dateonly" ? "DateOnly" : c.behavior === "userlocal" ? "UserLocal" : "TimeZoneIndependent" };
    case "choice": return { ...base, AttributeType: "Picklist", Options: c.options.map((o) => ({ Value: o.value, Label: o.label })) };
    case "lookup": return { ...base, AttributeType: "Lookup", Targets: [c.target] };
  }
}

export function tableMetadata(table: string): EntityMetadata {
  const address = tableAddress(table);
  const model = findTable(table);
  // Dataverse gives every custom table overriddencreatedon (settable on create only), as the emulator does.
  const attributes: AttributeMetadata[] = reference.tables[table] ? standardAttributes(table)
    : [{ LogicalName: "overriddencreatedon", AttributeType: "DateTime", RequiredLevel: "None", IsValidForCreate: true, IsValidForUpdate: false, DateTimeBehavior: "UserLocal" }];
  for (const c of model?.columns ?? []) {
    const i = attributes.findIndex((a) => a.LogicalName === c.logicalName);
    if (i >= 0) attributes.splice(i, 1);
    attributes.push(modelAttribute(c));
  }
  return {
    LogicalName: table, EntitySetName: address.entitySet, PrimaryIdAttribute: address.primaryId, PrimaryNameAttribute: "name",
    IsCustomEntity: table.startsWith("dxm_"), Attributes: attributes,
  };
}

export const migratedTableNames = [
  "account", "contact", "connection", "dxm_insurancepolicy", "dxm_treatmenthistory", "dxm_appointment", "dxm_billingrecord", "dxm_treatmentplan",
  "annotation", "task", "phonecall", "email", "appointment",
];

export function orgContext(overrides: Partial<OrgContext> = {}): OrgContext {
  return {
    users: [
      { id: "u-7", email: "amy.lee@smiles.example", disabled: false },
      { id: "u-8", email: "bo.king@smiles.example", disabled: true },
    ],
    metadata: Object.fromEntries(migratedTableNames.map((t) => [t, tableMetadata(t)])),
    maxUploadFileSize: 5 * 1024 * 1024,
    connectionRoleIds: { patient: "role-patient", practiceLocation: "role-location" },
    runId: "run-1",
    ...overrides,
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}
