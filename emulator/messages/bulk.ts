import type { TableSchema } from "../schema/types";
import { errors } from "../records/errors";
import { refusalErrors } from "../limits/refusals";
import type { Entity } from "../records/payload";
import { parseKey, splitEntityReference, type RecordKey } from "../odata/keys";
import { json, noContent, type ApiContext, type ApiRequest, type ApiResponse } from "../api/types";

export type BulkMessage = "CreateMultiple" | "UpdateMultiple" | "UpsertMultiple";
export const BULK_MESSAGES: BulkMessage[] = ["CreateMultiple", "UpdateMultiple", "UpsertMultiple"];

function targetsOf(request: ApiRequest, table: TableSchema): Entity[] {
  const targets = (request.body as { Targets?: unknown } | undefined)?.Targets;
  if (!Array.isArray(targets)) throw errors.payload(table.entitySetName, "The parameter 'Targets' is missing or is not a collection.");
  for (const target of targets as Entity[]) {
    const type = target["@odata.type"];
    if (type !== undefined && type !== `Microsoft.Dynamics.CRM.${table.logicalName}` && type !== `#Microsoft.Dynamics.CRM.${table.logicalName}`) {
      throw errors.badRequest(`All records in Targets must be of type '${table.logicalName}'; found '${String(type)}'.`, "0x80040203");
    }
  }
  return targets as Entity[];
}

/** The record an UpsertMultiple / UpdateMultiple target addresses: `@odata.id`, its primary id, or a complete alternate key. */
function keyOf(table: TableSchema, target: Entity): RecordKey | undefined {
  const odataId = target["@odata.id"];
  if (typeof odataId === "string") {
    const ref = splitEntityReference(odataId);
    if (ref) return parseKey(ref.keyText, table);
  }
  const id = target[table.primaryIdAttribute];
  if (typeof id === "string") return { id: id.toLowerCase() };
  for (const key of table.keys) {
    if (key.attributes.every((a) => target[a] !== undefined && target[a] !== null)) {
      return { key: Object.fromEntries(key.attributes.map((a) => [a, target[a] as string | number])) };
    }
  }
  return undefined;
}

function withoutAnnotations(target: Entity): Entity {
  const out: Entity = {};
  for (const k in target) if (k !== "@odata.type" && k !== "@odata.id") out[k] = target[k];
  return out;
}

/**
 * CreateMultiple / UpdateMultiple / UpsertMultiple, bound to an entity set. All or nothing: the caller runs
 * this in one transaction, so the first failing target rolls back the whole request.
 */
export function bulk(ctx: ApiContext, table: TableSchema, message: BulkMessage, request: ApiRequest): ApiResponse {
  if (request.method !== "POST") throw errors.badRequest(`${message} must be called with POST.`);
  if (!ctx.bulkTables.has(table.logicalName)) throw errors.bulkNotSupported(message, table.logicalName);
  const targets = targetsOf(request, table);
  if (ctx.refusals.partiesInBulk && message !== "UpdateMultiple") {
    const collection = targets.flatMap((t) => Object.keys(t).filter((k) => k.endsWith("_activity_parties") && Array.isArray(t[k])))[0];
    if (collection) throw refusalErrors.partiesInBulk(message, collection);
  }
  const ids: string[] = [];
  for (const target of targets) {
    const body = withoutAnnotations(target);
    if (message === "CreateMultiple") {
      ids.push(ctx.records.create(table, body));
    } else if (message === "UpdateMultiple") {
      const key = keyOf(table, target);
      if (!key) throw errors.badRequest(`UpdateMultiple: a target has no '${table.primaryIdAttribute}' or alternate key.`, "0x80040203");
      const row = ctx.records.retrieve(table, key);
      ctx.records.update(table, row, body);
    } else {
      const key = keyOf(table, target);
      ids.push(key ? ctx.records.upsert(table, key, body, "upsert").id : ctx.records.create(table, body));
    }
  }
  const result = message === "UpdateMultiple"
    ? noContent()
    : json(200, { "@odata.context": `${ctx.apiBase}$metadata#Microsoft.Dynamics.CRM.${message}Response`, Ids: ids });
  return { ...result, operations: targets.length, bulkOperations: targets.length, table: table.logicalName };
}
