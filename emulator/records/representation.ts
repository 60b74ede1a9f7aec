import type { AttributeSchema, Schema, TableSchema } from "../schema/types";
import type { Row, Store } from "../store/database";
import { toJson, typeColumn } from "../store/values";
import { errors } from "./errors";
import type { Entity } from "./payload";

/** `$select` names to attributes: columns by logical name, lookups as `_name_value`. */
export function selectedAttributes(table: TableSchema, select: string[] | undefined): AttributeSchema[] {
  if (!select || !select.length) return [...table.attributes.values()];
  return select.map((name) => {
    const lookup = name.match(/^_(.+)_value$/)?.[1];
    const attribute = table.attributes.get(lookup ?? name);
    if (!attribute || (lookup !== undefined) !== (attribute.type === "lookup")) throw errors.propertyNotFound(name, table.logicalName);
    return attribute;
  });
}

export const propertyName = (a: AttributeSchema): string => (a.type === "lookup" ? `_${a.logicalName}_value` : a.logicalName);

/** Primary name of a related record, for a lookup's formatted value. */
export type LookupNames = (table: string, id: string) => unknown;

/** Reads related records' primary names from the store. */
export function lookupNames(store: Store, schema: Schema): LookupNames {
  return (tableName, id) => {
    const table = schema.tables.get(tableName);
    return table?.primaryNameAttribute ? store.get(table, id)?.[table.primaryNameAttribute] : undefined;
  };
}

/**
 * A stored row as the Web API returns it, with `@odata.etag` and, when annotations are asked for (`names`
 * given), formatted values and lookup annotations.
 */
export function toEntity(table: TableSchema, row: Row, attributes: AttributeSchema[], names?: LookupNames): Entity {
  const annotations = names !== undefined;
  const entity: Entity = { "@odata.etag": `W/"${row.versionnumber ?? 0}"` };
  for (const attribute of attributes) {
    const name = propertyName(attribute);
    const value = toJson(attribute, row[attribute.logicalName] ?? null);
    entity[name] = value;
    if (!annotations || value === null) continue;
    if (attribute.type === "lookup") {
      const target = row[typeColumn(attribute.logicalName)] as string;
      entity[`${name}@Microsoft.Dynamics.CRM.lookuplogicalname`] = target;
      const label = names(target, value as string);
      if (label !== undefined && label !== null) entity[`${name}@OData.Community.Display.V1.FormattedValue`] = label;
    } else if (attribute.options) {
      const option = attribute.options.find((o) => o.value === (typeof value === "boolean" ? (value ? 1 : 0) : value));
      if (option) entity[`${name}@OData.Community.Display.V1.FormattedValue`] = option.label;
    } else if (typeof value === "number") {
      entity[`${name}@OData.Community.Display.V1.FormattedValue`] = value.toLocaleString("en-US");
    }
  }
  if (table.primaryIdAttribute !== attributes[0]?.logicalName && !attributes.some((a) => a.logicalName === table.primaryIdAttribute)) {
    entity[table.primaryIdAttribute] = row[table.primaryIdAttribute];
  }
  return entity;
}
