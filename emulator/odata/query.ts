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
  /** The `$skiptoken` of the next page when there is one (`pagingCookie`). */
  nextSkipToken?: string;
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
  const cookie = top === undefined ? readPagingCookie(params.get("$skiptoken"), order.length) : { page: 1, offset: 0 };
  const limit = top !== undefined ? Math.min(top, MAX_PAGE_SIZE) : pageSize + 1;
  // With a $select only the columns the answer needs are read: a wide table's rows (contact) cost far more whole.
  const columns = select?.length ? storedColumns(table, attributes, expand).map((c) => `t.${quote(c)}`).join(", ") : "*";
  const after = cookie.last ? rowsAfter(order, cookie.last) : undefined;
  const conditions = [...where, ...(after ? [after.sql] : [])];
  const keys = order.map((part, i) => `${part.sql} AS ${quote(`__key${i}`)}`).join(", ");
  const rows = store.all(
    `SELECT ${columns}, ${keys} FROM ${quote(table.logicalName)} AS t${conditions.length ? ` WHERE ${conditions.join(" AND ")}` : ""} ORDER BY ${order.map((p) => `${p.sql} ${p.direction}`).join(", ")} LIMIT ? OFFSET ?`,
    [...sqlParams, ...(after?.params ?? []), limit, after ? 0 : cookie.offset],
  );
  const hasMore = top === undefined && rows.length > pageSize;
  const page = hasMore ? rows.slice(0, pageSize) : rows;
  const names = input.annotations ? lookupNames(store, schema) : undefined;
  const result: CollectionResult = { value: page.map((r) => expandEntity(store, schema, table, r, toEntity(table, r, attributes, names), expand, names)) };
  if (hasMore) {
    const last = page[page.length - 1];
    result.nextSkipToken = pagingCookie({ page: cookie.page + 1, offset: cookie.offset + pageSize, last: order.map((_, i) => last[`__key${i}`] ?? null) });
  }
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

/** One term of the order: `$orderby`'s, then the primary id, which makes the order total. */
interface OrderPart {
  sql: string;
  direction: "ASC" | "DESC";
}

function orderBy(text: string | null, table: TableSchema, schema: Schema): OrderPart[] {
  const parser = new FilterParser("", table, schema);
  const parts = (text ?? "").split(",").map((s) => s.trim()).filter(Boolean).map((part): OrderPart => {
    const [name, direction = "asc"] = part.split(/\s+/);
    if (direction !== "asc" && direction !== "desc") throw errors.badRequest(`Invalid $orderby direction '${direction}'.`);
    return { sql: parser.resolve(name).sql, direction: direction === "asc" ? "ASC" : "DESC" };
  });
  parts.push({ sql: `t.${quote(table.primaryIdAttribute)}`, direction: "ASC" });
  return parts;
}

/**
 * Where the next page starts, as Dataverse's paging cookie says: its page number, and the ordering values of
 * the last row served. Dataverse pages by those values, not by counting rows: a deep page costs what the first
 * does, and a record deleted between two pages moves no other record onto a page already read. (The emulator
 * used to count rows with OFFSET, which sorted every matching row again for each page: at two million records
 * a rollback's or a verification's reads took minutes of its time.) `offset` serves a last row with an empty
 * ordering value, which a comparison cannot place.
 */
interface PagingCookie {
  page: number;
  offset: number;
  last?: SqlValue[];
}

/** `<cookie pagenumber="2" pagingcookie="..." istracking="False" />`, the form Dataverse's `$skiptoken` takes. */
function pagingCookie(cookie: PagingCookie): string {
  return `<cookie pagenumber="${cookie.page}" pagingcookie="${encodeURIComponent(JSON.stringify({ offset: cookie.offset, last: cookie.last }))}" istracking="False" />`;
}

function readPagingCookie(token: string | null, parts: number): PagingCookie {
  if (!token) return { page: 1, offset: 0 };
  const match = /^<cookie pagenumber="(\d+)" pagingcookie="([^"]*)" istracking="False" \/>$/.exec(token);
  let inner: { offset?: unknown; last?: unknown } | undefined;
  try {
    inner = match ? JSON.parse(decodeURIComponent(match[2])) : undefined;
  } catch {
    inner = undefined;
  }
  if (!match || !inner || typeof inner.offset !== "number") throw errors.badRequest("The $skiptoken is not a paging cookie this query issued.");
  const last = Array.isArray(inner.last) && inner.last.length === parts && inner.last.every((v) => v !== null) ? (inner.last as SqlValue[]) : undefined;
  return { page: Number(match[1]), offset: inner.offset, ...(last ? { last } : {}) };
}

/** Rows after `last` in `order`: (a > x) or (a = x and b > y) or ..., with < for a descending term. */
function rowsAfter(order: OrderPart[], last: SqlValue[]): { sql: string; params: SqlValue[] } {
  const terms: string[] = [];
  const params: SqlValue[] = [];
  order.forEach((part, i) => {
    const equal = order.slice(0, i).map((p) => `${p.sql} = ?`);
    terms.push(`(${[...equal, `${part.sql} ${part.direction === "ASC" ? ">" : "<"} ?`].join(" AND ")})`);
    params.push(...last.slice(0, i + 1));
  });
  return { sql: `(${terms.join(" OR ")})`, params };
}
