import { randomUUID } from "node:crypto";
import type { TableSchema } from "../schema/types";
import { errors } from "../records/errors";
import { normalizeDateTime, quote, type SqlValue } from "../store/values";
import { json, type ApiContext, type ApiRequest, type ApiResponse } from "../api/types";

/** The JSON form of a QueryExpression, as BulkDelete's QuerySet carries it. */
interface Condition { AttributeName: string; Operator: string; Values?: { Value: unknown; Type?: string }[] }
interface Filter { FilterOperator?: "And" | "Or"; Conditions?: Condition[]; Filters?: Filter[] }
interface QueryExpression { EntityName: string; Criteria?: Filter }

const OPERATORS: Record<string, string> = { Equal: "=", NotEqual: "<>", GreaterThan: ">", LessThan: "<", GreaterEqual: ">=", LessEqual: "<=", Like: "LIKE" };

/** asyncoperation operationtype for bulk deletion. */
const BULK_DELETE_OPERATION = 13;

function filterSql(table: TableSchema, filter: Filter | undefined, params: SqlValue[]): string {
  if (!filter) return "1 = 1";
  const parts: string[] = [];
  for (const c of filter.Conditions ?? []) {
    const attribute = table.attributes.get(c.AttributeName.toLowerCase());
    if (!attribute) throw errors.propertyNotFound(c.AttributeName, table.logicalName);
    const column = quote(attribute.logicalName);
    const values = (c.Values ?? []).map((v) => (typeof v.Value === "boolean" ? (v.Value ? 1 : 0) : v.Type === "System.Guid" && typeof v.Value === "string" ? v.Value.toLowerCase() : (v.Value as SqlValue)));
    if (c.Operator === "Null") parts.push(`${column} IS NULL`);
    else if (c.Operator === "NotNull") parts.push(`${column} IS NOT NULL`);
    else if (c.Operator === "In" || c.Operator === "NotIn") {
      parts.push(`${column} ${c.Operator === "In" ? "IN" : "NOT IN"} (${values.map(() => "?").join(", ")})`);
      params.push(...values);
    } else if (OPERATORS[c.Operator]) {
      parts.push(`${column} ${OPERATORS[c.Operator]} ?`);
      params.push(values[0] ?? null);
    } else throw errors.badRequest(`BulkDelete condition operator '${c.Operator}' is not supported by the emulator.`);
  }
  for (const f of filter.Filters ?? []) parts.push(`(${filterSql(table, f, params)})`);
  return parts.length ? parts.join(filter.FilterOperator === "Or" ? " OR " : " AND ") : "1 = 1";
}

/** POST BulkDelete: records the job as an asyncoperation, answers with its id, runs it shortly after. */
export function bulkDelete(ctx: ApiContext, request: ApiRequest): ApiResponse {
  const body = (request.body ?? {}) as { QuerySet?: QueryExpression[]; JobName?: string };
  if (!Array.isArray(body.QuerySet) || !body.QuerySet.length) throw errors.badRequest("BulkDelete: the parameter 'QuerySet' is required.", "0x80040203");
  const queries = body.QuerySet.map((q) => {
    const table = ctx.schema.tables.get(String(q.EntityName).toLowerCase());
    if (!table) throw errors.resourceNotFound(String(q.EntityName));
    const params: SqlValue[] = [];
    return { table, where: filterSql(table, q.Criteria, params), params };
  });
  const asyncTable = ctx.schema.tables.get("asyncoperation")!;
  const bdoTable = ctx.schema.tables.get("bulkdeleteoperation")!;
  const jobId = randomUUID();
  const name = body.JobName ?? "Bulk Delete";
  ctx.records.create(asyncTable, { asyncoperationid: jobId, name, operationtype: BULK_DELETE_OPERATION });
  const bdoId = ctx.records.create(bdoTable, { bulkdeleteoperationid: randomUUID(), "asyncoperationid@odata.bind": `asyncoperations(${jobId})` });
  ctx.store.update(bdoTable, bdoId, { name, statecode: 0, statuscode: 0 });

  ctx.defer(() => {
    let deleted = 0;
    let failed = 0;
    // Server-side progress: these columns are read-only to callers, so the job writes them directly.
    ctx.store.transaction(() => ctx.store.update(asyncTable, jobId, { statecode: 2, statuscode: 20, startedon: now() }));
    for (const q of queries) {
      const rows = ctx.store.all(`SELECT ${quote(q.table.primaryIdAttribute)} AS id FROM ${quote(q.table.logicalName)} WHERE ${q.where}`, q.params);
      for (const r of rows) {
        try {
          ctx.store.transaction(() => ctx.records.delete(q.table, r.id as string));
          deleted++;
        } catch {
          failed++;
        }
      }
    }
    ctx.store.transaction(() => {
      ctx.store.update(asyncTable, jobId, { statecode: 3, statuscode: failed ? 31 : 30, completedon: now(), message: failed ? `${failed} records could not be deleted.` : null });
      ctx.store.update(bdoTable, bdoId, { successcount: deleted, failurecount: failed, statecode: 3, statuscode: 30 });
    });
  }, 200);
  return { ...json(200, { "@odata.context": `${ctx.apiBase}$metadata#Microsoft.Dynamics.CRM.BulkDeleteResponse`, JobId: jobId }), operations: 1, table: "asyncoperation" };
}

const now = () => normalizeDateTime(new Date().toISOString());
