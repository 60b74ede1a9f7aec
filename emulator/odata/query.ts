import type { Schema, TableSchema } from "../schema/types";
import { errors } from "../records/errors";
import { lookupNames, selectedAttributes, toEntity } from "../records/representation";
import type { Entity } from "../records/payload";
import type { Store } from "../store/database";
import { quote, type SqlValue } from "../store/values";
import { applyToSql } from "./apply";
import { filterToSql, FilterParser } from "./filter";
import { expandEntity, parseExpand, storedColumns } from "./expand";

export interface CollectionResult {
  value: Entity[];
  count?: number;
  countLimitExceeded?: boolean;
  /** Offset of the next page when there is one. */
  nextOffset?: number;
}

/** Dataverse returns at most 5,000 rows per page and counts up to 5,000. */
export const MAX_PAGE_SIZE = 5000;

export interface QueryInput {
  params: URLSearchParams;
  maxPageSize?: number;
  annotations: boolean;
}

export function queryCollection(store: Store, schema: Schema, table: TableSchema, input: QueryInput): CollectionResult {
  const { params } = input;
  for (const name of params.keys()) {
    if (name.startsWith("$") && !["$select", "$filter", "$orderby", "$top", "$count", "$apply", "$skiptoken", "$expand"].includes(name)) {
      throw errors.badRequest(`The query parameter '${name}' is not supported.`);
    }
  }
  const expand = parseExpand(params.get("$expand"));
  const apply = params.get("$apply");
  if (apply) {
    const q = applyToSql(apply, table, schema);
    return { value: store.all(q.sql, q.params) as Entity[] };
  }
  const select = params.get("$select")?.split(",").map((s) => s.trim()).filter(Boolean);
  const attributes = selectedAttributes(table, select);
  const where: string[] = [];
  const sqlParams: SqlValue[] = [];
  const filter = params.get("$filter");
  if (filter) {
    const f = filterToSql(filter, table, schema);
    where.push(f.sql);
    sqlParams.push(...f.params);
  }
  const whereSql = where.length ? ` WHERE ${where.join(" AND ")}` : "";
  const order = orderBy(params.get("$orderby"), table, schema);
  const top = params.has("$top") ? Number(params.get("$top")) : undefined;
  if (top !== undefined && (!Number.isInteger(top) || top < 0)) throw errors.badRequest(`Invalid value for $top: '${params.get("$top")}'.`);
  const pageSize = Math.min(input.maxPageSize ?? MAX_PAGE_SIZE, MAX_PAGE_SIZE);
  const offset = Number(params.get("$skiptoken") ?? 0) || 0;
  const limit = top !== undefined ? Math.min(top, MAX_PAGE_SIZE) : pageSize + 1;
  // With a $select only the columns the answer needs are read: a wide table's rows (contact) cost far more whole.
  const columns = select?.length ? storedColumns(table, attributes, expand).map((c) => `t.${quote(c)}`).join(", ") : "*";
  const rows = store.all(`SELECT ${columns} FROM ${quote(table.logicalName)} AS t${whereSql} ORDER BY ${order} LIMIT ? OFFSET ?`, [...sqlParams, limit, top !== undefined ? 0 : offset]);
  const hasMore = top === undefined && rows.length > pageSize;
  const page = hasMore ? rows.slice(0, pageSize) : rows;
  const names = input.annotations ? lookupNames(store, schema) : undefined;
  const result: CollectionResult = { value: page.map((r) => expandEntity(store, schema, table, r, toEntity(table, r, attributes, names), expand, names)) };
  if (hasMore) result.nextOffset = offset + pageSize;
  if (params.get("$count") === "true") {
    const total = (store.all(`SELECT COUNT(*) AS n FROM ${quote(table.logicalName)} AS t${whereSql}`, sqlParams)[0].n as number);
    result.count = Math.min(total, MAX_PAGE_SIZE);
    result.countLimitExceeded = total > MAX_PAGE_SIZE;
  }
  return result;
}

export function countCollection(store: Store, schema: Schema, table: TableSchema, params: URLSearchParams): number {
  const filter = params.get("$filter");
  const f = filter ? filterToSql(filter, table, schema) : { sql: "", params: [] };
  const n = store.all(`SELECT COUNT(*) AS n FROM ${quote(table.logicalName)} AS t${f.sql ? ` WHERE ${f.sql}` : ""}`, f.params)[0].n as number;
  return Math.min(n, MAX_PAGE_SIZE);
}

function orderBy(text: string | null, table: TableSchema, schema: Schema): string {
  const parser = new FilterParser("", table, schema);
  const parts = (text ?? "").split(",").map((s) => s.trim()).filter(Boolean).map((part) => {
    const [name, direction = "asc"] = part.split(/\s+/);
    if (direction !== "asc" && direction !== "desc") throw errors.badRequest(`Invalid $orderby direction '${direction}'.`);
    return `${parser.resolve(name).sql} ${direction.toUpperCase()}`;
  });
  parts.push(`t.${quote(table.primaryIdAttribute)} ASC`);
  return parts.join(", ");
}
