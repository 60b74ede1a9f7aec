import type { AttributeSchema, AttributeType, CascadeDelete, OptionSchema, PrivilegeDepth, RequiredLevel, Schema, TableSchema } from "./types";
import { addTable } from "./types";
import { child, children, parseXml, textOf, type XmlNode } from "./xml";

/**
 * Imports a solution's customizations.xml: custom tables, columns added to standard tables, option sets
 * (local and global), alternate keys, relationships with their cascade-delete setting, connection roles and
 * security roles with their privileges. Only what the
 * XML says exists: a column the solution forgot is unknown here, as in Dataverse.
 */
const DEPTHS: PrivilegeDepth[] = ["Basic", "Local", "Deep", "Global"];

export function importCustomizations(schema: Schema, xml: string): void {
  const doc = child(parseXml(xml), "ImportExportXml");
  if (!doc) throw new Error("customizations.xml: no <ImportExportXml> root");
  const globalOptionSets = new Map<string, OptionSchema[]>();
  for (const set of children(child(doc, "optionsets"), "optionset")) globalOptionSets.set(set.attrs.Name.toLowerCase(), optionsOf(set));

  for (const entity of children(child(doc, "Entities"), "Entity")) {
    const info = child(child(entity, "EntityInfo"), "entity");
    if (!info) continue;
    const logicalName = (info.attrs.Name ?? textOf(entity, "Name") ?? "").toLowerCase();
    const existing = schema.tables.get(logicalName);
    const table = existing ?? newCustomTable(logicalName, info);
    for (const node of children(child(info, "attributes"), "attribute")) {
      const attribute = attributeOf(node, globalOptionSets);
      if (!attribute) continue;
      if (existing && existing.attributes.has(attribute.logicalName) && !attribute.isCustom) continue;
      table.attributes.set(attribute.logicalName, attribute);
      if (attribute.type === "primarykey") table.primaryIdAttribute = attribute.logicalName;
      if (/\bPrimaryName\b/.test(textOf(node, "DisplayMask") ?? "")) table.primaryNameAttribute = attribute.logicalName;
      if (attribute.logicalName === "statuscode" && attribute.options) {
        table.defaultStatus = new Map();
        for (const state of stateDefaults(node)) table.defaultStatus.set(state[0], state[1]);
      }
    }
    for (const key of children(child(info, "EntityKeys"), "EntityKey")) {
      const attributes = children(child(key, "EntityKeyAttributes"), "AttributeName").map((a) => a.text.trim().toLowerCase());
      table.keys.push({ logicalName: (textOf(key, "LogicalName") ?? textOf(key, "Name") ?? "").toLowerCase(), attributes });
    }
    if (!existing) {
      addSystemColumns(table);
      addTable(schema, table);
    }
    if (textOf(info, "HasRelatedNotes") === "True") enableNotes(schema, table.logicalName);
  }

  const relationships = [...children(child(doc, "EntityRelationships"), "EntityRelationship"),
    ...children(child(doc, "Entities"), "Entity").flatMap((e) => children(child(e, "EntityRelationships"), "EntityRelationship"))];
  for (const rel of relationships) {
    if (textOf(rel, "EntityRelationshipType") !== "OneToMany") continue;
    const referencingTable = (textOf(rel, "ReferencingEntityName") ?? "").toLowerCase();
    const referencedTable = (textOf(rel, "ReferencedEntityName") ?? "").toLowerCase();
    const referencingAttribute = (textOf(rel, "ReferencingAttributeName") ?? "").toLowerCase();
    const table = schema.tables.get(referencingTable);
    const attribute = table?.attributes.get(referencingAttribute);
    if (!table || !attribute) continue;
    attribute.type = "lookup";
    attribute.targets = [...new Set([...(attribute.targets ?? []), referencedTable])];
    const roles = children(child(rel, "EntityRelationshipRoles"), "EntityRelationshipRole");
    const navName = roles.find((r) => textOf(r, "RelationshipRoleType") === "1")?.children.find((c) => c.name === "NavigationPropertyName")?.text.trim();
    const name = rel.attrs.Name;
    // Without a declared navigation name, Dataverse names a custom lookup's navigation after its schema name.
    const nav = navName ?? referencingAttribute;
    if (!table.navigations.has(nav)) table.navigations.set(nav, { name: nav, attribute: referencingAttribute, targets: [referencedTable] });
    schema.relationships = schema.relationships.filter((r) => r.name !== name);
    schema.relationships.push({ name, referencingTable, referencingAttribute, referencedTable, cascadeDelete: cascadeOf(textOf(rel, "CascadeDelete")) });
  }
  for (const role of children(child(child(doc, "ConnectionRoles"), "ConnectionRoles"), "ConnectionRole").concat(children(child(doc, "ConnectionRoles"), "ConnectionRole"))) {
    const id = textOf(role, "connectionroleid")?.replace(/[{}]/g, "").toLowerCase();
    const name = textOf(role, "name");
    if (!id || !name) continue;
    const category = textOf(role, "category");
    schema.connectionRoles.push({ connectionroleid: id, name, category: category ? Number(category) : undefined, description: textOf(role, "description") });
  }
  for (const role of children(child(doc, "Roles"), "Role")) {
    const roleid = role.attrs.id?.replace(/[{}]/g, "").toLowerCase();
    if (!roleid || !role.attrs.name) continue;
    const privileges = children(child(role, "RolePrivileges"), "RolePrivilege")
      .filter((p) => p.attrs.name)
      .map((p) => ({ name: p.attrs.name, depth: (DEPTHS.find((d) => d === p.attrs.level) ?? "Global") as PrivilegeDepth }));
    schema.securityRoles.push({ roleid, name: role.attrs.name, privileges });
  }
  for (const table of schema.tables.values()) {
    const owner = table.attributes.get("ownerid");
    if (table.isCustom && owner && !owner.targets?.length) {
      owner.targets = ["systemuser", "team"];
      table.navigations.set("ownerid", { name: "ownerid", attribute: "ownerid", targets: owner.targets });
    }
  }
}

/**
 * A table with notes enabled: Dataverse adds the `<table>_Annotations` relationship, so a note binds to its
 * records through `objectid_<table>` and is deleted with them.
 */
function enableNotes(schema: Schema, logicalName: string): void {
  const annotation = schema.tables.get("annotation");
  const objectId = annotation?.attributes.get("objectid");
  if (!annotation || !objectId) return;
  objectId.targets = [...new Set([...(objectId.targets ?? []), logicalName])];
  annotation.navigations.set(`objectid_${logicalName}`, { name: `objectid_${logicalName}`, attribute: "objectid", targets: [logicalName] });
  const name = `${logicalName}_Annotations`;
  schema.relationships = schema.relationships.filter((r) => r.name !== name);
  schema.relationships.push({ name, referencingTable: "annotation", referencingAttribute: "objectid", referencedTable: logicalName, cascadeDelete: "Cascade" });
}

function cascadeOf(value: string | undefined): CascadeDelete {
  return value === "Cascade" || value === "Restrict" || value === "RemoveLink" ? value : "NoCascade";
}

function newCustomTable(logicalName: string, info: XmlNode): TableSchema {
  const setName = textOf(info, "EntitySetName") || `${logicalName}s`;
  const ownership = textOf(info, "OwnershipTypeMask") === "OrgOwned" || textOf(info, "OwnershipTypeMask") === "OrganizationOwned" ? "OrganizationOwned" : "UserOwned";
  const label = child(child(info, "LocalizedNames"), "LocalizedName")?.attrs.description;
  return {
    logicalName, entitySetName: setName, primaryIdAttribute: `${logicalName}id`, isCustom: true, isActivity: false, ownership,
    attributes: new Map(), navigations: new Map(), keys: [], defaultStatus: new Map([[0, 1], [1, 2]]), displayName: label,
  };
}

const TYPES: Record<string, AttributeType> = {
  primarykey: "primarykey", uniqueidentifier: "uniqueidentifier", nvarchar: "string", varchar: "string", nchar: "string", char: "string",
  ntext: "memo", text: "memo", memo: "memo", int: "integer", smallint: "integer", tinyint: "integer", bigint: "bigint",
  decimal: "decimal", numeric: "decimal", float: "double", real: "double", money: "money", smallmoney: "money", bit: "boolean",
  datetime: "datetime", smalldatetime: "datetime", picklist: "picklist", state: "state", status: "status",
  lookup: "lookup", customer: "lookup", owner: "lookup", image: "binary", varbinary: "binary", binary: "binary",
};

const REQUIRED: Record<string, RequiredLevel> = { none: "None", recommended: "Recommended", required: "ApplicationRequired", systemrequired: "SystemRequired" };

/** customizations.xml `Behavior`: 1 user local, 2 date only, 3 time-zone independent. */
const BEHAVIOR = { 1: "UserLocal", 2: "DateOnly", 3: "TimeZoneIndependent" } as const;

function attributeOf(node: XmlNode, globalOptionSets: Map<string, OptionSchema[]>): AttributeSchema | undefined {
  const logicalName = (textOf(node, "LogicalName") ?? textOf(node, "Name") ?? node.attrs.PhysicalName ?? "").toLowerCase();
  const xmlType = (textOf(node, "Type") ?? "").toLowerCase();
  let type = TYPES[xmlType];
  if (!logicalName || !type) return undefined;
  const num = (name: string) => { const v = textOf(node, name); return v === undefined || v === "" ? undefined : Number(v); };
  const behavior = BEHAVIOR[(num("Behavior") ?? 1) as 1 | 2 | 3] ?? "UserLocal";
  if (type === "datetime" && behavior === "DateOnly") type = "dateonly";
  const optionSet = child(node, "optionset");
  const named = textOf(node, "OptionSetName");
  const options = optionSet ? optionsOf(optionSet) : named ? globalOptionSets.get(named.toLowerCase()) : undefined;
  const flag = (name: string) => textOf(node, name) !== "0";
  const defaultValue = num("AppDefaultValue");
  return {
    logicalName,
    type,
    requiredLevel: REQUIRED[(textOf(node, "RequiredLevel") ?? "none").toLowerCase()] ?? "None",
    validForCreate: flag("ValidForCreateApi"),
    validForUpdate: flag("ValidForUpdateApi") && type !== "primarykey",
    isCustom: textOf(node, "IsCustomField") === "1",
    maxLength: type === "string" || type === "memo" ? num("MaxLength") : undefined,
    minValue: type === "integer" || type === "decimal" || type === "money" || type === "double" || type === "bigint" ? num("MinValue") : undefined,
    maxValue: type === "integer" || type === "decimal" || type === "money" || type === "double" || type === "bigint" ? num("MaxValue") : undefined,
    options: type === "boolean" || type === "picklist" || type === "state" || type === "status" ? options : undefined,
    dateTimeBehavior: type === "datetime" || type === "dateonly" ? (type === "dateonly" ? "DateOnly" : behavior) : undefined,
    defaultValue: type === "boolean" ? (defaultValue === undefined ? undefined : defaultValue === 1) : defaultValue !== undefined && defaultValue !== -1 ? defaultValue : undefined,
    displayName: child(child(node, "displaynames"), "displayname")?.attrs.description,
  };
}

function label(node: XmlNode): string {
  return child(child(node, "labels"), "label")?.attrs.description ?? "";
}

function optionsOf(set: XmlNode): OptionSchema[] {
  const out: OptionSchema[] = [];
  for (const o of children(child(set, "options"), "option")) out.push({ value: Number(o.attrs.value), label: label(o) });
  for (const s of children(child(set, "states"), "state")) out.push({ value: Number(s.attrs.value), label: label(s) });
  for (const s of children(child(set, "statuses"), "status")) out.push({ value: Number(s.attrs.value), label: label(s), state: Number(s.attrs.state) });
  return out;
}

/** statecode → default statuscode, from the state option set's `defaultstatus` (on the statecode attribute). */
function stateDefaults(statusNode: XmlNode): [number, number][] {
  const statuses = optionsOf(child(statusNode, "optionset")!);
  const out: [number, number][] = [];
  for (const s of statuses) if (s.state !== undefined && !out.some(([state]) => state === s.state)) out.push([s.state, s.value]);
  return out;
}

/** Columns Dataverse adds to every table it creates, whether or not the solution lists them. */
function addSystemColumns(table: TableSchema): void {
  const add = (logicalName: string, type: AttributeType, settable = false, targets?: string[]) => {
    if (table.attributes.has(logicalName)) return;
    table.attributes.set(logicalName, { logicalName, type, requiredLevel: "None", validForCreate: settable, validForUpdate: settable, isCustom: false, targets });
    if (targets) table.navigations.set(logicalName, { name: logicalName, attribute: logicalName, targets });
  };
  add(table.primaryIdAttribute, "primarykey", true);
  table.attributes.get(table.primaryIdAttribute)!.validForUpdate = false;
  add("createdon", "datetime");
  add("modifiedon", "datetime");
  add("versionnumber", "bigint");
  add("createdby", "lookup", false, ["systemuser"]);
  add("modifiedby", "lookup", false, ["systemuser"]);
  add("overriddencreatedon", "datetime", true);
  // As on Dataverse: set on create only (an update that carries it leaves it as it is).
  table.attributes.get("overriddencreatedon")!.validForUpdate = false;
  add("importsequencenumber", "integer", true);
  add("timezoneruleversionnumber", "integer", true);
  add("utcconversiontimezonecode", "integer", true);
  if (table.ownership === "UserOwned") {
    add("ownerid", "lookup", true, ["systemuser", "team"]);
    add("owningbusinessunit", "lookup", false, ["businessunit"]);
    add("owninguser", "lookup", false, ["systemuser"]);
    add("owningteam", "lookup", false, ["team"]);
  }
  add("statecode", "state", true);
  add("statuscode", "status", true);
  const state = table.attributes.get("statecode")!;
  state.options ??= [{ value: 0, label: "Active" }, { value: 1, label: "Inactive" }];
  const status = table.attributes.get("statuscode")!;
  status.options ??= [{ value: 1, label: "Active", state: 0 }, { value: 2, label: "Inactive", state: 1 }];
}
