import type { QueryOptions } from "../types";
import { odataString } from "./literals";

/**
 * The query string for a collection request (`$select=…&$filter=…`), each value percent-encoded.
 * `maxPageSize` is not part of it: it travels in `Prefer: odata.maxpagesize`.
 */
export function queryString(query: QueryOptions = {}): string {
  const parts: [string, string][] = [];
  if (query.select?.length) parts.push(["$select", query.select.join(",")]);
  if (query.filter) parts.push(["$filter", query.filter]);
  if (query.orderby) parts.push(["$orderby", query.orderby]);
  if (query.top !== undefined) parts.push(["$top", String(query.top)]);
  if (query.count) parts.push(["$count", "true"]);
  if (query.apply) parts.push(["$apply", query.apply]);
  if (query.expand) parts.push(["$expand", query.expand]);
  return parts.map(([name, value]) => `${name}=${encodeQueryValue(value)}`).join("&");
}

/** Percent-encodes a query value but keeps the characters OData expressions use readable. */
function encodeQueryValue(value: string): string {
  return encodeURIComponent(value).replace(/%2C/g, ",").replace(/%3A/g, ":").replace(/%2F/g, "/").replace(/%24/g, "$").replace(/%40/g, "@");
}

/** `path?query`, or just `path` when the query is empty. */
export function withQuery(path: string, query: string): string {
  return query ? `${path}?${query}` : path;
}

/**
 * `Microsoft.Dynamics.CRM.In(PropertyName='x',PropertyValues=['a','b'])`: matches records whose column
 * holds one of the values (the key look-up of a chunk of source keys).
 */
export function inFilter(propertyName: string, values: readonly (string | number)[]): string {
  if (values.length === 0) throw new Error("An In filter needs at least one value.");
  const list = values.map((v) => odataString(String(v))).join(",");
  return `Microsoft.Dynamics.CRM.In(PropertyName=${odataString(propertyName)},PropertyValues=[${list}])`;
}

/** `column eq 'value'` with the value quoted and escaped. */
export function eqFilter(column: string, value: string | number | boolean | null): string {
  const literal = typeof value === "string" ? odataString(value) : String(value);
  return `${column} eq ${literal}`;
}

/**
 * Characters (URL-encoded) that the value list of one query's filter may take. Dataverse takes URLs of up to
 * 32 KB, but a gateway or proxy in front of an org may stop far sooner (4 KB request lines are common), so
 * a look-up's GET stays within about 4 KB whatever its values: GUIDs come about 65 to a group, source keys
 * the full 100.
 */
export const FILTER_VALUES_BUDGET = 3000;

/**
 * Values cut into groups for `In` (or `or`-ed) filters: at most `max` each, and no more than `budget`
 * characters of encoded values (each counted as `'value'` plus its separator, `perValue` more for an `or` term).
 */
export function filterGroups<T extends string | number>(values: readonly T[], max = 100, budget = FILTER_VALUES_BUDGET, perValue = 3): T[][] {
  const groups: T[][] = [];
  let group: T[] = [];
  let used = 0;
  for (const value of values) {
    const cost = encodeURIComponent(odataString(String(value))).length + perValue;
    if (group.length > 0 && (group.length >= max || used + cost > budget)) {
      groups.push(group);
      group = [];
      used = 0;
    }
    group.push(value);
    used += cost;
  }
  if (group.length > 0) groups.push(group);
  return groups;
}
