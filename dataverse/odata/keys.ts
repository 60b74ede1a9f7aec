import type { RecordRef } from "../types";
import { isGuid, normalizeGuid, odataString } from "./literals";

/**
 * The key segment that addresses one record: `(00000000-…)` by primary key, or
 * `(dxm_sourcekey='patient:1')` by alternate key. Key values are OData literals, then percent-encoded so that
 * characters such as `#`, `?`, `/` and `%` cannot break the URL (`:` is kept readable; it is legal in a path).
 */
export function keySegment(ref: RecordRef): string {
  if (typeof ref === "string") {
    const id = normalizeGuid(ref);
    if (!isGuid(id)) throw new Error(`Not a record id (expected a GUID): ${JSON.stringify(ref)}`);
    return `(${id})`;
  }
  const parts = Object.entries(ref);
  if (parts.length === 0) throw new Error("An alternate key needs at least one column.");
  return `(${parts.map(([column, value]) => `${column}=${keyLiteral(value)}`).join(",")})`;
}

function keyLiteral(value: string | number): string {
  if (typeof value === "number") return String(value);
  return encodeURIComponent(odataString(value)).replace(/%3A/gi, ":");
}

/** `contacts(dxm_sourcekey='patient:1')`: a record's path relative to the Web API root. */
export function recordPath(entitySet: string, ref: RecordRef): string {
  return `${entitySet}${keySegment(ref)}`;
}

/**
 * The record id in an `OData-EntityId` / `Location` header or an `@odata.id`:
 * `https://org/api/data/v9.2/contacts(00000000-…)` → the guid. Returns undefined when the URL carries none.
 */
export function idFromEntityUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  const match = /\(([^()]*)\)\s*$/.exec(url.trim());
  if (!match) return undefined;
  const id = normalizeGuid(match[1]);
  return isGuid(id) ? id : undefined;
}

/** `contacts(dxm_sourcekey='patient:1')` or `contacts(guid)` or `contacts`, read back into its parts. */
export interface ParsedRecordPath {
  entitySet: string;
  ref?: RecordRef;
}

/** Reads a record path (the inverse of `recordPath`): the entity set and, when present, the id or alternate key. */
export function parseRecordPath(path: string): ParsedRecordPath {
  const match = /^([A-Za-z_][\w]*)(?:\((.*)\))?$/.exec(path.split("?")[0]);
  if (!match) throw new Error(`Not a record path: ${path}`);
  const [, entitySet, key] = match;
  if (key === undefined) return { entitySet };
  const decoded = decodeURIComponent(key);
  if (!decoded.includes("=")) return { entitySet, ref: normalizeGuid(decoded) };
  const ref: Record<string, string | number> = {};
  const pair = /\s*([\w.]+)\s*=\s*(?:'((?:[^']|'')*)'|([^,']+))\s*(?:,|$)/y;
  for (let position = 0; position < decoded.length; position = pair.lastIndex) {
    pair.lastIndex = position;
    const m = pair.exec(decoded);
    if (!m) throw new Error(`Malformed key in ${path}`);
    ref[m[1]] = m[2] !== undefined ? m[2].replace(/''/g, "'") : unquotedKeyValue(m[3].trim());
  }
  return { entitySet, ref };
}

/** An unquoted key value: a number, or a GUID (lookup keys) kept as text. */
function unquotedKeyValue(text: string): string | number {
  return /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : normalizeGuid(text);
}
