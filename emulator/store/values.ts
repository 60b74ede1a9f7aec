import type { AttributeSchema } from "../schema/types";

export type SqlValue = string | number | null;

/** SQLite column type for an attribute. Lookups also get a `<name>__type` column for the target table. */
export function sqlType(attribute: AttributeSchema): "TEXT" | "INTEGER" | "REAL" {
  switch (attribute.type) {
    case "integer": case "bigint": case "boolean": case "picklist": case "state": case "status": return "INTEGER";
    case "decimal": case "double": case "money": return "REAL";
    default: return "TEXT";
  }
}

/** Dataverse returns date-times in UTC without fractional seconds: 2024-05-01T09:30:00Z. */
export function normalizeDateTime(value: string): string {
  return new Date(value).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function toJson(attribute: AttributeSchema, value: SqlValue): unknown {
  if (value === null || value === undefined) return null;
  if (attribute.type === "boolean") return value === 1 || value === "1";
  return value;
}

export const typeColumn = (attribute: string): string => `${attribute}__type`;
export const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;
