import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { AttributeSchema, AttributeType, NavigationSchema, OptionSchema, RelationshipSchema, Schema, TableSchema } from "./types";
import { addTable } from "./types";

/** The reference file's shape: real entity sets, columns (OData types) and navigation properties. */
interface ReferenceColumn { type: string; readOnly?: boolean }
interface ReferenceNavigation { type: string; partner?: string; property?: string }
interface ReferenceTable {
  entitySet: string;
  baseType: string;
  key: string[];
  columns: Record<string, ReferenceColumn>;
  navigationProperties: Record<string, ReferenceNavigation>;
}
interface ReferenceFile { tables: Record<string, ReferenceTable> }

/** The repository's copy of the standard-table facts (`reference/dataverse/standard-tables.json`; see reference/README.md). */
export function standardTablesFile(): string {
  return resolve(__dirname, "../../reference/dataverse/standard-tables.json");
}

const PRIMARY_NAME: Record<string, string> = {
  account: "name", contact: "fullname", annotation: "subject", systemuser: "fullname", team: "name",
  businessunit: "name", activitypointer: "subject", task: "subject", phonecall: "subject", email: "subject",
  appointment: "subject", connection: "name", connectionrole: "name", transactioncurrency: "currencyname",
  asyncoperation: "name", bulkdeleteoperation: "name", importjob: "name", sharepointdocumentlocation: "name",
};

/**
 * String lengths from Dataverse's published table reference: the $metadata-derived reference file carries
 * no MaxLength, so only these well-known columns are length-checked on standard tables.
 */
const MAX_LENGTH: Record<string, number> = {
  "contact.firstname": 50, "contact.lastname": 50, "contact.middlename": 50, "contact.emailaddress1": 100,
  "contact.emailaddress2": 100, "contact.telephone1": 50, "contact.telephone2": 50, "contact.mobilephone": 50,
  "contact.jobtitle": 100, "contact.address1_line1": 250, "contact.address1_city": 80, "contact.address1_postalcode": 20,
  "contact.address1_stateorprovince": 50, "contact.fullname": 160, "account.name": 160, "account.telephone1": 50,
  "account.emailaddress1": 100, "account.address1_line1": 250, "account.address1_city": 80, "account.address1_postalcode": 20,
  "activitypointer.subject": 400, "annotation.subject": 500, "annotation.filename": 255, "annotation.mimetype": 256,
  "annotation.notetext": 100000, "systemuser.internalemailaddress": 100, "connectionrole.name": 100,
};

/** State and status options Dataverse ships for the tables the migration writes. */
const STATES: Record<string, { states: OptionSchema[]; statuses: OptionSchema[]; defaults: [number, number][] }> = {
  contact: { states: opts([0, "Active"], [1, "Inactive"]), statuses: [{ value: 1, label: "Active", state: 0 }, { value: 2, label: "Inactive", state: 1 }], defaults: [[0, 1], [1, 2]] },
  account: { states: opts([0, "Active"], [1, "Inactive"]), statuses: [{ value: 1, label: "Active", state: 0 }, { value: 2, label: "Inactive", state: 1 }], defaults: [[0, 1], [1, 2]] },
  task: {
    states: opts([0, "Open"], [1, "Completed"], [2, "Canceled"]),
    statuses: [st(2, "Not Started", 0), st(3, "In Progress", 0), st(4, "Waiting on someone else", 0), st(7, "Deferred", 0), st(5, "Completed", 1), st(6, "Canceled", 2)],
    defaults: [[0, 2], [1, 5], [2, 6]],
  },
  phonecall: {
    states: opts([0, "Open"], [1, "Completed"], [2, "Canceled"]),
    statuses: [st(1, "Open", 0), st(2, "Made", 1), st(4, "Received", 1), st(3, "Canceled", 2)],
    defaults: [[0, 1], [1, 2], [2, 3]],
  },
  email: {
    states: opts([0, "Open"], [1, "Completed"], [2, "Canceled"]),
    statuses: [st(1, "Draft", 0), st(8, "Failed", 0), st(2, "Completed", 1), st(3, "Sent", 1), st(4, "Received", 1), st(6, "Pending Send", 1), st(7, "Sending", 1), st(5, "Canceled", 2)],
    defaults: [[0, 1], [1, 2], [2, 5]],
  },
  appointment: {
    states: opts([0, "Open"], [1, "Completed"], [2, "Canceled"], [3, "Scheduled"]),
    statuses: [st(1, "Free", 0), st(2, "Tentative", 0), st(3, "Completed", 1), st(4, "Canceled", 2), st(5, "Busy", 3), st(6, "Out of Office", 3)],
    defaults: [[0, 1], [1, 3], [2, 4], [3, 5]],
  },
  asyncoperation: {
    states: opts([0, "Ready"], [1, "Suspended"], [2, "Locked"], [3, "Completed"]),
    statuses: [st(0, "Waiting For Resources", 0), st(10, "Waiting", 1), st(20, "In Progress", 2), st(21, "Pausing", 2), st(22, "Canceling", 2), st(30, "Succeeded", 3), st(31, "Failed", 3), st(32, "Canceled", 3)],
    defaults: [[0, 0], [1, 10], [2, 20], [3, 30]],
  },
  connection: { states: opts([0, "Active"], [1, "Inactive"]), statuses: [st(1, "Active", 0), st(2, "Inactive", 1)], defaults: [[0, 1], [1, 2]] },
  connectionrole: { states: opts([0, "Active"], [1, "Inactive"]), statuses: [st(1, "Active", 0), st(2, "Inactive", 1)], defaults: [[0, 1], [1, 2]] },
  transactioncurrency: { states: opts([0, "Active"], [1, "Inactive"]), statuses: [st(1, "Active", 0), st(2, "Inactive", 1)], defaults: [[0, 1], [1, 2]] },
};

function opts(...pairs: [number, string][]): OptionSchema[] {
  return pairs.map(([value, label]) => ({ value, label }));
}
function st(value: number, label: string, state: number): OptionSchema {
  return { value, label, state };
}

/** Columns the server sets: a payload may carry them (Dataverse ignores them), never change them. */
const SERVER_SET = new Set(["createdon", "modifiedon", "versionnumber", "createdby", "modifiedby", "createdonbehalfby",
  "modifiedonbehalfby", "owningbusinessunit", "owninguser", "owningteam", "activitytypecode", "fullname", "yomifullname"]);

/** Lookups whose referenced record's deletion deletes the referencing record (parental relationships). */
const CASCADE_LOOKUPS = new Set(["regardingobjectid", "objectid", "record1id", "record2id", "parentcustomerid", "activityid"]);
/** Lookups to principals and system records: deleting the referenced record is refused while referenced. */
const RESTRICT_LOOKUPS = new Set(["ownerid", "createdby", "modifiedby", "owninguser", "owningteam", "owningbusinessunit", "businessunitid", "transactioncurrencyid"]);

function odataType(type: string, column: string): AttributeType {
  switch (type) {
    case "Edm.String": return column === "description" || column === "notetext" || column === "documentbody" ? "memo" : "string";
    case "Edm.Int32": return column === "statecode" ? "state" : column === "statuscode" ? "status" : "integer";
    case "Edm.Int64": return "bigint";
    case "Edm.Decimal": return "decimal";
    case "Edm.Double": return "double";
    case "Edm.Boolean": return "boolean";
    case "Edm.DateTimeOffset": return "datetime";
    case "Edm.Date": return "dateonly";
    case "Edm.Guid": return "uniqueidentifier";
    case "Edm.Binary": return "binary";
    default: return "string";
  }
}

function targetTables(type: string): string[] {
  const name = type.replace(/^mscrm\./, "");
  return name === "principal" ? ["systemuser", "team"] : [name];
}

function lookupAttributeOf(navName: string, nav: ReferenceNavigation, columns: Record<string, ReferenceColumn>): string | undefined {
  const fromProperty = nav.property?.match(/^_(.+)_value$/)?.[1];
  if (fromProperty) return fromProperty;
  if (nav.property) return undefined;
  // Derived types (task, phonecall...) and some polymorphic navigations carry no referential constraint in
  // $metadata; their column is the navigation name's first segment (regardingobjectid_contact_task → regardingobjectid).
  const first = navName.split("_")[0];
  return columns[`_${first}_value`] ? first : undefined;
}

function buildTable(name: string, ref: ReferenceTable, base: ReferenceTable | undefined): TableSchema {
  const columns = { ...(base?.columns ?? {}), ...ref.columns };
  const ownNavs = Object.entries(ref.navigationProperties);
  const inherited = Object.entries(base?.navigationProperties ?? {}).filter(([n]) => !ref.navigationProperties[`${n}_${name}`]);
  const keyColumn = ref.key[0] === "ownerid" ? `${name}id` : ref.key[0];
  const attributes = new Map<string, AttributeSchema>();
  const navigations = new Map<string, NavigationSchema>();

  for (const [column, info] of Object.entries(columns)) {
    const lookup = column.match(/^_(.+)_value$/)?.[1];
    const logicalName = lookup ?? (column === ref.key[0] || (base && column === base.key[0]) ? keyColumn : column);
    const type: AttributeType = lookup ? "lookup" : logicalName === keyColumn ? "primarykey" : odataType(info.type, column);
    const serverSet = SERVER_SET.has(logicalName) || (info.readOnly === true && !lookup);
    attributes.set(logicalName, {
      logicalName, type, requiredLevel: "None", isCustom: false,
      validForCreate: !serverSet, validForUpdate: !serverSet && type !== "primarykey",
      maxLength: MAX_LENGTH[`${name}.${logicalName}`] ?? (base ? MAX_LENGTH[`activitypointer.${logicalName}`] : undefined),
      dateTimeBehavior: type === "dateonly" ? "DateOnly" : type === "datetime" ? "UserLocal" : undefined,
    });
  }
  if (!attributes.has(keyColumn)) {
    attributes.set(keyColumn, { logicalName: keyColumn, type: "primarykey", requiredLevel: "SystemRequired", isCustom: false, validForCreate: true, validForUpdate: false });
  }
  for (const [navName, nav] of [...inherited, ...ownNavs]) {
    if (nav.type.startsWith("Collection(")) continue;
    const attribute = lookupAttributeOf(navName, nav, columns);
    const target = attributes.get(attribute ?? "");
    if (!attribute || !target || target.type !== "lookup") continue;
    const targets = targetTables(nav.type);
    navigations.set(navName, { name: navName, attribute, targets });
    target.targets = [...new Set([...(target.targets ?? []), ...targets])];
  }
  const states = STATES[name];
  if (states) {
    const state = attributes.get("statecode");
    const status = attributes.get("statuscode");
    if (state) state.options = states.states;
    if (status) status.options = states.statuses;
  }
  const ownerid = attributes.get("ownerid");
  const activityParties = ownNavs.find(([, nav]) => nav.type === "Collection(mscrm.activityparty)")?.[0];
  return {
    logicalName: name,
    entitySetName: ref.entitySet,
    primaryIdAttribute: keyColumn,
    primaryNameAttribute: PRIMARY_NAME[name],
    isCustom: false,
    isActivity: base !== undefined || name === "activitypointer",
    ownership: ownerid ? "UserOwned" : "OrganizationOwned",
    attributes,
    navigations,
    ...(activityParties && base ? { activityParties } : {}),
    keys: [],
    defaultStatus: new Map(states?.defaults ?? (attributes.has("statuscode") ? [[0, 1], [1, 2]] : [])),
  };
}

/** Standard relationships implied by the standard tables' lookups, with Dataverse's cascade behaviour. */
function standardRelationships(table: TableSchema, known: Set<string>): RelationshipSchema[] {
  const out: RelationshipSchema[] = [];
  for (const attribute of table.attributes.values()) {
    if (attribute.type !== "lookup") continue;
    for (const target of attribute.targets ?? []) {
      if (!known.has(target)) continue;
      const cascadeDelete = CASCADE_LOOKUPS.has(attribute.logicalName) ? "Cascade" : RESTRICT_LOOKUPS.has(attribute.logicalName) ? "Restrict" : "RemoveLink";
      out.push({ name: `${target}_${table.logicalName}_${attribute.logicalName}`, referencingTable: table.logicalName, referencingAttribute: attribute.logicalName, referencedTable: target, cascadeDelete });
    }
  }
  return out;
}

/** Loads the standard tables (all of the reference file's tables) into `schema`. */
export function loadStandardTables(schema: Schema, file: string = standardTablesFile()): void {
  const reference = JSON.parse(readFileSync(file, "utf8")) as ReferenceFile;
  for (const [name, ref] of Object.entries(reference.tables)) {
    const baseName = ref.baseType.replace(/^mscrm\./, "");
    const base = baseName === "activitypointer" ? reference.tables.activitypointer : undefined;
    addTable(schema, buildTable(name, ref, base));
  }
  // Dataverse's systemuser has azureactivedirectoryobjectid (the Microsoft Entra user a token names); the
  // reference file's column list lacks it, so it is added here: the emulator finds a token's user by it.
  schema.tables.get("systemuser")?.attributes.set("azureactivedirectoryobjectid", {
    logicalName: "azureactivedirectoryobjectid", type: "uniqueidentifier", requiredLevel: "None", validForCreate: true, validForUpdate: true, isCustom: false,
  });
  addTable(schema, internalTable("organization", "organizations", "organizationid", "name", {
    name: "string", maxuploadfilesize: "integer", basecurrencyid: "uniqueidentifier",
  }));
  addTable(schema, internalTable("sdkmessage", "sdkmessages", "sdkmessageid", "name", { name: "string" }));
  const filter = internalTable("sdkmessagefilter", "sdkmessagefilters", "sdkmessagefilterid", "name", {
    name: "string", primaryobjecttypecode: "string", secondaryobjecttypecode: "string", isvisible: "boolean", iscustomprocessingstepallowed: "boolean", sdkmessageid: "lookup",
  });
  filter.attributes.get("sdkmessageid")!.targets = ["sdkmessage"];
  filter.navigations.set("sdkmessageid", { name: "sdkmessageid", attribute: "sdkmessageid", targets: ["sdkmessage"] });
  addTable(schema, filter);
  addTable(schema, bulkDeleteFailureTable());
  const known = new Set(schema.tables.keys());
  for (const table of schema.tables.values()) schema.relationships.push(...standardRelationships(table, known));
  addSolutionTables(schema);
}

/**
 * Bulk Delete Failure (Microsoft Learn's bulkdeletefailure table reference; not in the reference file): one row
 * per record a BulkDelete job could not delete, with the error and the record (`regardingobjectid`).
 */
function bulkDeleteFailureTable(): TableSchema {
  const failure = internalTable("bulkdeletefailure", "bulkdeletefailures", "bulkdeletefailureid", "bulkdeletefailureid", {
    errordescription: "memo", errornumber: "integer", orderedqueryindex: "integer", regardingobjecttypecode: "string",
  });
  addLookup(failure, "asyncoperationid", "asyncoperation");
  addLookup(failure, "bulkdeleteoperationid", "bulkdeleteoperation");
  addLookup(failure, "regardingobjectid", "contact");
  return failure;
}

/** A lookup column of an internal table, with its navigation property (named as the column, as Dataverse does). */
function addLookup(table: TableSchema, column: string, target: string): void {
  table.attributes.set(column, { logicalName: column, type: "lookup", requiredLevel: "None", validForCreate: true, validForUpdate: true, isCustom: false, targets: [target] });
  table.navigations.set(column, { name: column, attribute: column, targets: [target] });
}

/**
 * Publishers, solutions and solution components (Microsoft Learn's publisher, solution and solutioncomponent
 * table references; `reference/dataverse/solution-tables.json`): what the engine reads and writes when it
 * files the columns it creates in a solution of the org's own. Dataverse itself keeps solutioncomponents
 * read-only; here they are rows the metadata API writes.
 */
function addSolutionTables(schema: Schema): void {
  addTable(schema, internalTable("publisher", "publishers", "publisherid", "friendlyname", {
    uniquename: "string", friendlyname: "string", customizationprefix: "string", customizationoptionvalueprefix: "integer", description: "memo",
  }));
  const solution = internalTable("solution", "solutions", "solutionid", "friendlyname", {
    uniquename: "string", friendlyname: "string", version: "string", ismanaged: "boolean", description: "memo",
  });
  solution.attributes.get("ismanaged")!.defaultValue = false;
  addLookup(solution, "publisherid", "publisher");
  addTable(schema, solution);
  const component = internalTable("solutioncomponent", "solutioncomponents", "solutioncomponentid", "solutioncomponentid", {
    componenttype: "integer", objectid: "uniqueidentifier", rootcomponentbehavior: "integer", ismetadata: "boolean",
  });
  addLookup(component, "solutionid", "solution");
  addTable(schema, component);
  schema.relationships.push(
    { name: "publisher_solution", referencingTable: "solution", referencingAttribute: "publisherid", referencedTable: "publisher", cascadeDelete: "Restrict" },
    { name: "solution_solutioncomponent", referencingTable: "solutioncomponent", referencingAttribute: "solutionid", referencedTable: "solution", cascadeDelete: "Cascade" },
  );
}

/** Organization and the SDK message tables are not in the reference file: the few columns the project reads. */
function internalTable(logicalName: string, entitySetName: string, id: string, primaryName: string, columns: Record<string, AttributeType>): TableSchema {
  const attributes = new Map<string, AttributeSchema>();
  attributes.set(id, { logicalName: id, type: "primarykey", requiredLevel: "SystemRequired", validForCreate: true, validForUpdate: false, isCustom: false });
  for (const [name, type] of Object.entries(columns)) {
    attributes.set(name, { logicalName: name, type, requiredLevel: "None", validForCreate: true, validForUpdate: true, isCustom: false });
  }
  for (const name of ["createdon", "modifiedon"]) attributes.set(name, { logicalName: name, type: "datetime", requiredLevel: "None", validForCreate: false, validForUpdate: false, isCustom: false });
  attributes.set("versionnumber", { logicalName: "versionnumber", type: "bigint", requiredLevel: "None", validForCreate: false, validForUpdate: false, isCustom: false });
  return { logicalName, entitySetName, primaryIdAttribute: id, primaryNameAttribute: primaryName, isCustom: false, isActivity: false, ownership: "OrganizationOwned", attributes, navigations: new Map(), keys: [], defaultStatus: new Map() };
}
