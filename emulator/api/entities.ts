import type { TableSchema } from "../schema/types";
import { errors } from "../records/errors";
import { lookupNames, selectedAttributes, toEntity } from "../records/representation";
import type { Entity } from "../records/payload";
import { parseKey } from "../odata/keys";
import { countCollection, queryCollection } from "../odata/query";
import { expandEntity, parseExpand } from "../odata/expand";
import { json, noContent, prefer, type ApiContext, type ApiRequest, type ApiResponse } from "./types";

/** Record URL Dataverse puts in OData-EntityId: `<base>contacts(<id>)`. */
export const entityUrl = (ctx: ApiContext, table: TableSchema, id: string): string => `${ctx.apiBase}${table.entitySetName}(${id})`;

function representation(ctx: ApiContext, table: TableSchema, id: string, request: ApiRequest): Entity {
  const select = request.query.get("$select")?.split(",").map((s) => s.trim()).filter(Boolean);
  const row = ctx.records.retrieve(table, { id });
  const annotations = prefer(request.headers).annotations ? lookupNames(ctx.store, ctx.schema) : undefined;
  const entity = toEntity(table, row, selectedAttributes(table, select), annotations);
  return {
    "@odata.context": `${ctx.apiBase}$metadata#${table.entitySetName}/$entity`,
    ...expandEntity(ctx.store, ctx.schema, table, row, entity, parseExpand(request.query.get("$expand")), annotations),
  };
}

function body(request: ApiRequest, table: TableSchema): Entity {
  if (request.body === undefined || request.body === null || typeof request.body !== "object" || Array.isArray(request.body)) {
    throw errors.payload(table.entitySetName, "The request body must be a JSON object.");
  }
  return request.body as Entity;
}

/** `GET|POST <set>`. */
export function collection(ctx: ApiContext, table: TableSchema, request: ApiRequest): ApiResponse {
  if (request.method === "GET") {
    const pref = prefer(request.headers);
    const result = queryCollection(ctx.store, ctx.schema, table, { params: request.query, maxPageSize: pref.maxPageSize, annotations: pref.annotations });
    const out: Record<string, unknown> = { "@odata.context": `${ctx.apiBase}$metadata#${table.entitySetName}` };
    if (result.count !== undefined) {
      out["@odata.count"] = result.count;
      out["@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded"] = result.countLimitExceeded;
    }
    out.value = result.value;
    if (result.nextSkipToken !== undefined) {
      const next = new URLSearchParams(request.query);
      next.set("$skiptoken", result.nextSkipToken);
      out["@odata.nextLink"] = `${ctx.apiBase}${table.entitySetName}?${next.toString().replace(/\+/g, "%20")}`;
    }
    const headers: Record<string, string> = pref.maxPageSize ? { "Preference-Applied": `odata.maxpagesize=${pref.maxPageSize}` } : {};
    return { ...json(200, out, headers), operations: 1, table: table.logicalName };
  }
  if (request.method === "POST") {
    const id = ctx.records.create(table, body(request, table));
    const location = entityUrl(ctx, table, id);
    if (prefer(request.headers).representation) {
      return { ...json(201, representation(ctx, table, id, request), { "OData-EntityId": location, Location: location, "Preference-Applied": "return=representation" }), operations: 1, table: table.logicalName };
    }
    return { ...noContent({ "OData-EntityId": location, Location: location }), operations: 1, table: table.logicalName };
  }
  throw errors.badRequest(`The HTTP method '${request.method}' is not allowed for the entity set '${table.entitySetName}'.`);
}

export function count(ctx: ApiContext, table: TableSchema, request: ApiRequest): ApiResponse {
  return { status: 200, headers: { "Content-Type": "text/plain" }, body: String(countCollection(ctx.store, ctx.schema, table, request.query)), operations: 1, table: table.logicalName };
}

/** `GET|PATCH|DELETE <set>(<key>)`. */
export function single(ctx: ApiContext, table: TableSchema, keyText: string, request: ApiRequest): ApiResponse {
  const key = parseKey(keyText, table);
  const result = (r: ApiResponse) => ({ ...r, operations: 1, table: table.logicalName });
  if (request.method === "GET") {
    const row = ctx.records.retrieve(table, key);
    const id = row[table.primaryIdAttribute] as string;
    const etag = `W/"${row.versionnumber}"`;
    if (request.headers["if-none-match"] === etag) return result({ status: 304, headers: {} });
    return result(json(200, representation(ctx, table, id, request), { ETag: etag }));
  }
  if (request.method === "PATCH") {
    const ifMatch = request.headers["if-match"];
    const ifNoneMatch = request.headers["if-none-match"];
    const mode = ifNoneMatch === "*" ? "createOnly" : ifMatch ? "updateOnly" : "upsert";
    const { id, created } = ctx.records.upsert(table, key, body(request, table), mode, ifMatch);
    const location = entityUrl(ctx, table, id);
    if (prefer(request.headers).representation) {
      return result(json(created ? 201 : 200, representation(ctx, table, id, request), { "OData-EntityId": location, "Preference-Applied": "return=representation" }));
    }
    return result(noContent({ "OData-EntityId": location }));
  }
  if (request.method === "DELETE") {
    const row = ctx.records.retrieve(table, key);
    const ifMatch = request.headers["if-match"];
    if (ifMatch && ifMatch !== "*" && ifMatch !== `W/"${row.versionnumber}"`) throw errors.etagMismatch();
    ctx.records.delete(table, row[table.primaryIdAttribute] as string);
    return result(noContent());
  }
  if (request.method === "PUT") throw errors.badRequest("Setting a single property with PUT is not supported by the emulator.");
  throw errors.badRequest(`The HTTP method '${request.method}' is not allowed.`);
}
