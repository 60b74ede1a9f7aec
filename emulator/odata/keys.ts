import type { TableSchema } from "../schema/types";
import { DataverseError, errors } from "../records/errors";

/** A record address: its id, or alternate-key values (`contacts(dxm_sourcekey='patient:1')`). */
export type RecordKey = { id: string } | { key: Record<string, string | number> };

const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export const isGuid = (value: string): boolean => GUID.test(value);

/** The text between the parentheses of `entityset(...)`. */
export function parseKey(text: string, table: TableSchema): RecordKey {
  const trimmed = text.trim();
  if (isGuid(trimmed)) return { id: trimmed.toLowerCase() };
  const key: Record<string, string | number> = {};
  const pair = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*('(?:[^']|'')*'|[^,]+)\s*(?:,|$)/y;
  let match: RegExpExecArray | null;
  while (pair.lastIndex < trimmed.length && (match = pair.exec(trimmed))) {
    const raw = match[2].trim();
    key[match[1]] = raw.startsWith("'") ? raw.slice(1, -1).replace(/''/g, "'") : isGuid(raw) ? raw.toLowerCase() : Number(raw);
  }
  if (!Object.keys(key).length) throw errors.badRequest(`Bad Request - Error in query syntax.`, "0x80060888");
  const names = Object.keys(key);
  if (names.length === 1 && names[0] === table.primaryIdAttribute) return { id: String(key[names[0]]).toLowerCase() };
  const match2 = table.keys.find((k) => k.attributes.length === names.length && k.attributes.every((a) => names.includes(a)));
  if (!match2) {
    throw new DataverseError(400, "0x80060888", `The key used in the request URL does not match any key defined for entity '${table.logicalName}'. Key: ${names.join(",")}`);
  }
  return { key };
}

/** Splits `contacts(…)` / `/contacts(…)` / `http://host/api/data/v9.2/contacts(…)` into entity set and key text. */
export function splitEntityReference(reference: string): { entitySet: string; keyText: string } | undefined {
  const path = reference.replace(/^https?:\/\/[^/]+/, "").replace(/^\/?api\/data\/v9\.\d\//, "").replace(/^\//, "");
  const match = path.match(/^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/);
  return match ? { entitySet: match[1], keyText: match[2] } : undefined;
}
