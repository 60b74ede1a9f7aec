import type { AttributeSchema, TableSchema } from "../schema/types";
import { normalizeDateTime, typeColumn, type SqlValue } from "../store/values";
import { errors } from "./errors";

export type Entity = Record<string, unknown>;

/** A lookup set through `nav@odata.bind`, to be resolved against the store. */
export interface PendingBind {
  attribute: string;
  navigation: string;
  targets: string[];
  reference: string | null;
}

export interface ParsedPayload {
  values: Record<string, SqlValue>;
  binds: PendingBind[];
  /** Deep-inserted activity parties (`email_activity_parties`); undefined when the payload does not carry the collection. */
  parties?: Entity[];
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Turns a Web API payload into column values, checking every property as Dataverse does: unknown names,
 * JSON types, lengths, ranges and option values. Server-set columns are ignored, as Dataverse ignores them.
 */
export function parsePayload(table: TableSchema, body: Entity, mode: "create" | "update"): ParsedPayload {
  const values: Record<string, SqlValue> = {};
  const binds: PendingBind[] = [];
  let parties: Entity[] | undefined;
  for (const [property, value] of Object.entries(body)) {
    if (property.startsWith("@")) continue;
    const at = property.indexOf("@");
    if (at > 0) {
      if (property.endsWith("@odata.bind")) {
        const navigation = property.slice(0, at);
        const nav = table.navigations.get(navigation);
        if (!nav) throw errors.undeclaredNavigation(navigation, table);
        if (value !== null && typeof value !== "string") throw errors.payload(table.entitySetName, `A value of type '${typeof value}' was found for '${property}'; an entity reference URL was expected.`);
        binds.push({ attribute: nav.attribute, navigation, targets: nav.targets, reference: value });
      }
      continue;
    }
    const attribute = table.attributes.get(property);
    if (!attribute) {
      const lookup = property.match(/^_(.+)_value$/)?.[1];
      if (lookup && table.attributes.get(lookup)?.type === "lookup") throw errors.lookupValueDirect();
      // Only the activity's own collection, spelled exactly as $metadata declares it (`email_activity_parties`;
      // `Email_activity_parties` is refused), takes a deep insert, and only as an array of party objects.
      if (property === table.activityParties) {
        parties = partiesOf(table, property, value);
        continue;
      }
      throw errors.undeclaredProperty(property, table);
    }
    if (attribute.type === "lookup") throw errors.lookupValueDirect();
    if (mode === "create" ? !attribute.validForCreate : !attribute.validForUpdate) continue;
    values[property] = convert(table, attribute, value);
  }
  return { values, binds, parties };
}

function partiesOf(table: TableSchema, property: string, value: unknown): Entity[] {
  const isObject = (v: unknown) => v !== null && typeof v === "object" && !Array.isArray(v);
  if (!Array.isArray(value) || !value.every(isObject)) {
    throw errors.payload(table.entitySetName, `A value of the collection-valued navigation property '${property}' must be an array of 'Microsoft.Dynamics.CRM.activityparty' objects.`);
  }
  return value as Entity[];
}

function convert(table: TableSchema, attribute: AttributeSchema, value: unknown): SqlValue {
  if (value === null) {
    return null;
  }
  const name = attribute.logicalName;
  const wrongType = (edm: string) => errors.payload(table.entitySetName, `Cannot convert the literal '${typeof value === "string" ? value : JSON.stringify(value)}' to the expected type '${edm}'.`);
  switch (attribute.type) {
    case "string":
    case "memo":
      if (typeof value !== "string") throw wrongType("Edm.String");
      if (attribute.maxLength !== undefined && value.length > attribute.maxLength) throw errors.maxLength(name, table.logicalName, attribute.maxLength);
      return value;
    case "primarykey":
    case "uniqueidentifier":
      if (typeof value !== "string" || !/^[0-9a-fA-F-]{36}$/.test(value)) throw wrongType("Edm.Guid");
      return value.toLowerCase();
    case "integer":
    case "bigint":
      if (typeof value !== "number" || !Number.isInteger(value)) throw wrongType(attribute.type === "bigint" ? "Edm.Int64" : "Edm.Int32");
      checkRange(table, attribute, value);
      return value;
    case "decimal":
    case "double":
    case "money":
      if (typeof value !== "number" || !Number.isFinite(value)) throw wrongType(attribute.type === "double" ? "Edm.Double" : "Edm.Decimal");
      checkRange(table, attribute, value);
      return value;
    case "boolean":
      if (typeof value !== "boolean") throw wrongType("Edm.Boolean");
      return value ? 1 : 0;
    case "datetime":
      if (typeof value !== "string" || !(DATE_TIME.test(value) || DATE_ONLY.test(value)) || Number.isNaN(Date.parse(value))) throw wrongType("Edm.DateTimeOffset");
      return normalizeDateTime(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
    case "dateonly":
      if (typeof value !== "string" || !DATE_ONLY.test(value) || Number.isNaN(Date.parse(value))) throw wrongType("Edm.Date");
      return value;
    case "picklist":
    case "state":
    case "status":
      if (typeof value !== "number" || !Number.isInteger(value)) throw wrongType("Edm.Int32");
      if (attribute.options && !attribute.options.some((o) => o.value === value)) {
        throw errors.outOfRange(value, name, table.logicalName, attribute.options.map((o) => o.value));
      }
      return value;
    case "binary":
      if (typeof value !== "string") throw wrongType("Edm.Binary");
      return value;
    default:
      return value as SqlValue;
  }
}

function checkRange(table: TableSchema, attribute: AttributeSchema, value: number): void {
  if ((attribute.minValue !== undefined && value < attribute.minValue) || (attribute.maxValue !== undefined && value > attribute.maxValue)) {
    throw errors.outOfRange(value, attribute.logicalName, table.logicalName);
  }
}

export { typeColumn };
