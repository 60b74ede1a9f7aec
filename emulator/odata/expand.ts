import type { AttributeSchema, Schema, TableSchema } from "../schema/types";
import { errors } from "../records/errors";
import type { Entity } from "../records/payload";
import { selectedAttributes, toEntity, type LookupNames } from "../records/representation";
import type { Row, Store } from "../store/database";
import { typeColumn } from "../store/values";

/** One `$expand` item: a single-valued navigation property with an optional nested `$select`. */
export interface ExpandItem {
  navigation: string;
  select?: string[];
}

export function parseExpand(text: string | null): ExpandItem[] {
  if (!text) return [];
  const items: ExpandItem[] = [];
  for (const m of text.matchAll(/([A-Za-z_][A-Za-z0-9_]*)(?:\(([^)]*)\))?\s*(?:,|$)/g)) {
    if (!m[1]) continue;
    const options = m[2] ?? "";
    for (const option of options.split(";").map((s) => s.trim()).filter(Boolean)) {
      if (!option.startsWith("$select=")) throw errors.badRequest(`The $expand option '${option}' is not supported by the emulator.`);
    }
    const select = options.match(/\$select=([^;]+)/)?.[1].split(",").map((s) => s.trim()).filter(Boolean);
    items.push({ navigation: m[1], select });
  }
  return items;
}

/**
 * The stored columns a representation of `attributes` reads: the id and version it always carries, each
 * attribute, a lookup's target type, and (`navigations`) the columns an `$expand` follows.
 */
export function storedColumns(table: TableSchema, attributes: AttributeSchema[], navigations: ExpandItem[] = []): string[] {
  const lookup = (column: string) => [column, typeColumn(column)];
  const followed = navigations.flatMap((item) => {
    const nav = table.navigations.get(item.navigation);
    return nav ? lookup(nav.attribute) : [];
  });
  return [...new Set([
    table.primaryIdAttribute, ...(table.attributes.has("versionnumber") ? ["versionnumber"] : []),
    ...attributes.flatMap((a) => (a.type === "lookup" ? lookup(a.logicalName) : [a.logicalName])),
    ...followed,
  ])];
}

/** Adds each expanded single-valued navigation to the entity: the related record, or null. */
export function expandEntity(store: Store, schema: Schema, table: TableSchema, row: Row, entity: Entity, items: ExpandItem[], annotations: LookupNames | undefined): Entity {
  for (const item of items) {
    const nav = table.navigations.get(item.navigation);
    if (!nav) {
      throw errors.propertyNotFound(item.navigation, table.logicalName);
    }
    const id = row[nav.attribute] as string | null;
    const type = row[typeColumn(nav.attribute)] as string | null;
    const target = type && nav.targets.includes(type) ? schema.tables.get(type) : undefined;
    const attributes = target ? selectedAttributes(target, item.select) : [];
    // With a nested $select only its columns are read (and the id and version the representation carries).
    const columns = target && item.select?.length ? storedColumns(target, attributes) : undefined;
    const related = id && target ? store.get(target, id, columns) : undefined;
    entity[item.navigation] = related && target ? toEntity(target, related, attributes, annotations) : null;
  }
  return entity;
}
