import { createHash } from "node:crypto";
import type { AttributeSchema, AttributeType, OptionSchema, TableSchema } from "../schema/types";
import { DataverseError, errors } from "../records/errors";
import { json, noContent, type ApiContext, type ApiRequest, type ApiResponse } from "../api/types";

/** Stable MetadataId for a schema item (Dataverse's are GUIDs fixed at creation). */
export function metadataId(name: string): string {
  const h = createHash("sha1").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const ATTRIBUTE_TYPE: Record<AttributeType, [string, string]> = {
  primarykey: ["Uniqueidentifier", "Attribute"], uniqueidentifier: ["Uniqueidentifier", "UniqueIdentifierAttribute"],
  string: ["String", "StringAttribute"], memo: ["Memo", "MemoAttribute"], integer: ["Integer", "IntegerAttribute"],
  bigint: ["BigInt", "BigIntAttribute"], decimal: ["Decimal", "DecimalAttribute"], double: ["Double", "DoubleAttribute"],
  money: ["Money", "MoneyAttribute"], boolean: ["Boolean", "BooleanAttribute"], datetime: ["DateTime", "DateTimeAttribute"],
  dateonly: ["DateTime", "DateTimeAttribute"], picklist: ["Picklist", "PicklistAttribute"], state: ["State", "StateAttribute"],
  status: ["Status", "StatusAttribute"], lookup: ["Lookup", "LookupAttribute"], binary: ["Virtual", "ImageAttribute"],
};

const label = (text: string) => ({ LocalizedLabels: [{ Label: text, LanguageCode: 1033 }], UserLocalizedLabel: { Label: text, LanguageCode: 1033 } });

function optionJson(o: OptionSchema) {
  return { Value: o.value, Label: label(o.label), ...(o.state !== undefined ? { State: o.state } : {}) };
}

export function attributeJson(table: TableSchema, a: AttributeSchema): Record<string, unknown> {
  const [attributeType, odataType] = ATTRIBUTE_TYPE[a.type];
  const out: Record<string, unknown> = {
    "@odata.type": `#Microsoft.Dynamics.CRM.${odataType}Metadata`,
    MetadataId: metadataId(`${table.logicalName}.${a.logicalName}`),
    LogicalName: a.logicalName,
    SchemaName: a.logicalName,
    EntityLogicalName: table.logicalName,
    AttributeType: a.logicalName === "ownerid" ? "Owner" : attributeType,
    AttributeTypeName: { Value: `${attributeType}Type` },
    IsCustomAttribute: a.isCustom,
    IsPrimaryId: a.logicalName === table.primaryIdAttribute,
    IsPrimaryName: a.logicalName === table.primaryNameAttribute,
    IsValidForCreate: a.validForCreate,
    IsValidForUpdate: a.validForUpdate,
    IsValidForRead: true,
    RequiredLevel: { Value: a.requiredLevel, CanBeChanged: true, ManagedPropertyLogicalName: "canmodifyrequirementlevelsettings" },
    DisplayName: label(a.displayName ?? a.logicalName),
  };
  if (a.maxLength !== undefined) out.MaxLength = a.maxLength;
  if (a.minValue !== undefined) out.MinValue = a.minValue;
  if (a.maxValue !== undefined) out.MaxValue = a.maxValue;
  if (a.targets) out.Targets = a.targets;
  if (a.type === "datetime" || a.type === "dateonly") {
    out.DateTimeBehavior = { Value: a.dateTimeBehavior ?? "UserLocal" };
    out.Format = a.type === "dateonly" ? "DateOnly" : "DateAndTime";
  }
  if (a.options && a.type === "boolean") {
    out.OptionSet = { TrueOption: optionJson(a.options.find((o) => o.value === 1) ?? { value: 1, label: "Yes" }), FalseOption: optionJson(a.options.find((o) => o.value === 0) ?? { value: 0, label: "No" }) };
  } else if (a.options) {
    out.OptionSet = { Options: a.options.map(optionJson) };
  }
  return out;
}

export function entityJson(table: TableSchema, expand: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {
    MetadataId: metadataId(table.logicalName),
    LogicalName: table.logicalName,
    SchemaName: table.logicalName,
    EntitySetName: table.entitySetName,
    LogicalCollectionName: table.entitySetName,
    PrimaryIdAttribute: table.primaryIdAttribute,
    PrimaryNameAttribute: table.primaryNameAttribute ?? null,
    IsCustomEntity: table.isCustom,
    IsActivity: table.isActivity && table.logicalName !== "activitypointer",
    OwnershipType: table.ownership,
    DisplayName: label(table.displayName ?? table.logicalName),
  };
  if (expand.includes("Attributes")) out.Attributes = [...table.attributes.values()].map((a) => attributeJson(table, a));
  if (expand.includes("Keys")) out.Keys = keysJson(table);
  return out;
}

const keysJson = (table: TableSchema) => table.keys.map((k) => ({ MetadataId: metadataId(`${table.logicalName}#${k.logicalName}`), LogicalName: k.logicalName, SchemaName: k.logicalName, KeyAttributes: k.attributes, EntityKeyIndexStatus: "Active" }));

function select(obj: Record<string, unknown>, request: ApiRequest): Record<string, unknown> {
  const names = request.query.get("$select")?.split(",").map((s) => s.trim()).filter(Boolean);
  if (!names) return obj;
  return Object.fromEntries(Object.entries(obj).filter(([k]) => k.startsWith("@") || names.includes(k) || k === "MetadataId" || k === "Attributes" || k === "Keys"));
}

function findTable(ctx: ApiContext, logicalName: string): TableSchema {
  const table = ctx.schema.tables.get(logicalName);
  if (!table) throw new DataverseError(404, "0x80040217", `Could not find entity with name ${logicalName}.`);
  return table;
}

const NEW_TYPES: Record<string, AttributeType> = {
  StringAttributeMetadata: "string", MemoAttributeMetadata: "memo", IntegerAttributeMetadata: "integer", BigIntAttributeMetadata: "bigint",
  DecimalAttributeMetadata: "decimal", DoubleAttributeMetadata: "double", MoneyAttributeMetadata: "money",
  BooleanAttributeMetadata: "boolean", DateTimeAttributeMetadata: "datetime", PicklistAttributeMetadata: "picklist",
};

type LabelJson = { LocalizedLabels?: { Label: string }[]; UserLocalizedLabel?: { Label: string } };
const labelText = (l: LabelJson | undefined): string | undefined => l?.UserLocalizedLabel?.Label ?? l?.LocalizedLabels?.[0]?.Label;

/** solutioncomponent.componenttype of a column (Attribute). */
const ATTRIBUTE_COMPONENT = 2;

/**
 * The solution a metadata write names in `MSCRM.SolutionUniqueName`, by id; undefined without the header.
 * Dataverse refuses a name it does not know (404, 0x80040217, its own words) and cannot add to a managed solution.
 */
function solutionOf(ctx: ApiContext, request: ApiRequest): string | undefined {
  const name = request.headers["mscrm.solutionuniquename"];
  if (name === undefined) return undefined;
  const row = ctx.store.all(`SELECT solutionid, ismanaged FROM "solution" WHERE uniquename = ? COLLATE NOCASE LIMIT 1`, [name])[0];
  if (!row) throw new DataverseError(404, "0x80040217", `The given solution unique name (${name}) is not valid`);
  if (row.ismanaged) throw errors.badRequest(`The solution ${name} is managed: components cannot be added to it.`);
  return String(row.solutionid);
}

/**
 * POST EntityDefinitions(LogicalName='x')/Attributes: creates a column (the SQL column too), and with
 * `MSCRM.SolutionUniqueName` records it as a component of that solution.
 */
function createAttribute(ctx: ApiContext, table: TableSchema, request: ApiRequest): ApiResponse {
  const solutionId = solutionOf(ctx, request);
  const body = (request.body ?? {}) as Record<string, unknown>;
  const odataType = String(body["@odata.type"] ?? "").replace(/^#?Microsoft\.Dynamics\.CRM\./, "");
  const type = NEW_TYPES[odataType];
  if (!type) throw errors.badRequest(`Creating attributes of type '${odataType}' is not supported by the emulator.`, "0x80044363");
  const schemaName = String(body.SchemaName ?? "");
  if (!/^[A-Za-z][A-Za-z0-9]*_[A-Za-z0-9_]+$/.test(schemaName)) throw errors.badRequest(`Invalid SchemaName '${schemaName}': a customization prefix is required.`, "0x80044363");
  const logicalName = schemaName.toLowerCase();
  if (table.attributes.has(logicalName)) throw new DataverseError(400, "0x80044363", `An attribute with the specified name ${logicalName} already exists on entity ${table.logicalName}.`);
  const required = (body.RequiredLevel as { Value?: string } | undefined)?.Value;
  const behavior = (body.DateTimeBehavior as { Value?: string } | undefined)?.Value;
  const optionSet = body.OptionSet as { Options?: { Value: number; Label: LabelJson }[]; TrueOption?: { Label: LabelJson }; FalseOption?: { Label: LabelJson } } | undefined;
  const attribute: AttributeSchema = {
    logicalName,
    type: type === "datetime" && (behavior === "DateOnly" || body.Format === "DateOnly") ? "dateonly" : type,
    requiredLevel: required === "ApplicationRequired" || required === "SystemRequired" || required === "Recommended" ? required : "None",
    validForCreate: true,
    validForUpdate: true,
    isCustom: true,
    maxLength: type === "string" || type === "memo" ? Number(body.MaxLength ?? (type === "string" ? 100 : 2000)) : undefined,
    minValue: typeof body.MinValue === "number" ? body.MinValue : undefined,
    maxValue: typeof body.MaxValue === "number" ? body.MaxValue : undefined,
    dateTimeBehavior: type === "datetime" ? ((behavior as AttributeSchema["dateTimeBehavior"]) ?? "UserLocal") : undefined,
    displayName: labelText(body.DisplayName as LabelJson | undefined),
    options: type === "picklist" ? (optionSet?.Options ?? []).map((o) => ({ value: o.Value, label: labelText(o.Label) ?? String(o.Value) }))
      : type === "boolean" ? [{ value: 0, label: labelText(optionSet?.FalseOption?.Label) ?? "No" }, { value: 1, label: labelText(optionSet?.TrueOption?.Label) ?? "Yes" }] : undefined,
  };
  ctx.store.addColumn(table, attribute);
  const id = metadataId(`${table.logicalName}.${logicalName}`);
  if (solutionId) {
    ctx.records.create(ctx.schema.tables.get("solutioncomponent")!, {
      componenttype: ATTRIBUTE_COMPONENT, objectid: id, rootcomponentbehavior: 0, ismetadata: true, "solutionid@odata.bind": `solutions(${solutionId})`,
    });
  }
  return noContent({ "OData-EntityId": `${ctx.apiBase}EntityDefinitions(LogicalName='${table.logicalName}')/Attributes(${id})` });
}

/** `EntityDefinitions…` routes. `rest` is the path after `EntityDefinitions`. */
export function metadata(ctx: ApiContext, rest: string, request: ApiRequest): ApiResponse {
  const expand = (request.query.get("$expand") ?? "").split(",").map((s) => s.trim().replace(/\(.*$/, ""));
  if (rest === "" && request.method === "GET") {
    let tables = [...ctx.schema.tables.values()];
    const filter = request.query.get("$filter");
    if (filter) {
      const names = [...filter.matchAll(/LogicalName\s+eq\s+'([^']+)'/g)].map((m) => m[1]);
      const sets = [...filter.matchAll(/EntitySetName\s+eq\s+'([^']+)'/g)].map((m) => m[1]);
      tables = tables.filter((t) => names.includes(t.logicalName) || sets.includes(t.entitySetName));
    }
    return json(200, { "@odata.context": `${ctx.apiBase}$metadata#EntityDefinitions`, value: tables.map((t) => select(entityJson(t, expand), request)) });
  }
  const m = rest.match(/^\((?:LogicalName=)?'?([^')]+)'?\)(.*)$/);
  if (!m) throw errors.resourceNotFound(`EntityDefinitions${rest}`);
  const table = [...ctx.schema.tables.values()].find((t) => t.logicalName === m[1] || metadataId(t.logicalName) === m[1]) ?? findTable(ctx, m[1]);
  const sub = m[2];
  if (sub === "" && request.method === "GET") return json(200, { "@odata.context": `${ctx.apiBase}$metadata#EntityDefinitions/$entity`, ...select(entityJson(table, expand), request) });
  if (sub === "/Keys" && request.method === "GET") return json(200, { value: keysJson(table) });
  if (sub === "/Attributes" && request.method === "POST") return { ...createAttribute(ctx, table, request), operations: 1, table: table.logicalName };
  if (sub.startsWith("/Attributes") && request.method === "GET") {
    const one = sub.match(/^\/Attributes\((?:LogicalName=)?'?([^')]+)'?\)(\/.*)?$/);
    if (!one) {
      const cast = sub.match(/^\/Attributes\/Microsoft\.Dynamics\.CRM\.(\w+)AttributeMetadata$/)?.[1];
      const attrs = [...table.attributes.values()].filter((a) => !cast || ATTRIBUTE_TYPE[a.type][1] === `${cast}Attribute`);
      return json(200, { value: attrs.map((a) => select(attributeJson(table, a), request)) });
    }
    const attribute = [...table.attributes.values()].find((a) => a.logicalName === one[1] || metadataId(`${table.logicalName}.${a.logicalName}`) === one[1]);
    if (!attribute) throw new DataverseError(404, "0x80040217", `Could not find attribute ${one[1]} on entity ${table.logicalName}.`);
    return json(200, select(attributeJson(table, attribute), request));
  }
  throw errors.resourceNotFound(`EntityDefinitions${rest}`);
}
