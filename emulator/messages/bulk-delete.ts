import { randomUUID } from "node:crypto";
import type { TableSchema } from "../schema/types";
import { DataverseError, errors } from "../records/errors";
import { normalizeDateTime, quote, typeColumn, type SqlValue } from "../store/values";
import { bulkDeleteMsPerRecord } from "../limits/cost-model";
import { json, type ApiContext, type ApiRequest, type ApiResponse } from "../api/types";

/** The JSON form of a QueryExpression, as BulkDelete's QuerySet carries it. */
interface Condition { AttributeName: string; Operator: string; Values?: { Value: unknown; Type?: string }[] }
interface Filter { FilterOperator?: "And" | "Or"; Conditions?: Condition[]; Filters?: Filter[] }
interface QueryExpression { EntityName: string; Criteria?: Filter }

const OPERATORS: Record<string, string> = { Equal: "=", NotEqual: "<>", GreaterThan: ">", LessThan: "<", GreaterEqual: ">=", LessEqual: "<=", Like: "LIKE" };

/** asyncoperation operationtype for bulk deletion. */
const BULK_DELETE_OPERATION = 13;
/** The asynchronous service picks a new job up after this long, emulated ms (a modelling choice). */
const PICKUP_MS = 200;
/** Records a job deletes between two looks at the clock (its progress is written per slice). */
const SLICE = 100;

function filterSql(table: TableSchema, filter: Filter | undefined, params: SqlValue[]): string {
  if (!filter) return "1 = 1";
  const parts: string[] = [];
  for (const c of filter.Conditions ?? []) {
    const attribute = table.attributes.get(c.AttributeName.toLowerCase());
    if (!attribute) throw errors.propertyNotFound(c.AttributeName, table.logicalName);
    const column = quote(attribute.logicalName);
    const values = (c.Values ?? []).map((v) => {
      if (typeof v.Value === "boolean") return v.Value ? 1 : 0;
      if (v.Type === "System.Guid" && typeof v.Value === "string") return v.Value.toLowerCase();
      // Date-times are stored normalized (whole seconds, Z): compare like with like.
      if (attribute.type === "datetime" && typeof v.Value === "string" && !Number.isNaN(Date.parse(v.Value))) return normalizeDateTime(v.Value);
      return v.Value as SqlValue;
    });
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

/**
 * When a record was really created: `overriddencreatedon` when the creator set `createdon` to an earlier
 * date (the emulator then keeps the real time there), else `createdon`. A job deletes only records created
 * before it started.
 */
function createdSql(table: TableSchema): string | undefined {
  if (!table.attributes.has("createdon")) return undefined;
  return table.attributes.has("overriddencreatedon") ? `COALESCE("overriddencreatedon", "createdon")` : `"createdon"`;
}

/**
 * POST BulkDelete, as Microsoft Learn documents it ("Delete data in bulk", BulkDeleteFailure, BulkDeleteOptions):
 * the job is an asyncoperation (answered at once with its id, polled through `asyncoperations(id)`), run by the
 * asynchronous service when it has a free slot (`asyncCapacity`); it deletes only records created before it
 * started, one at a time through the same delete as a client's (cascades and delete plug-ins included); a record
 * it cannot delete becomes a `bulkdeletefailure` row and the job goes on; what it deleted stays deleted. With the
 * cost model on it spends `bulkDeleteMsPerRecord` per record, twice that when deleted records go to the recycle
 * bin (the default; `Options: { CanRecoverDeletedRecords: false }` skips it). None of it counts toward the
 * caller's service-protection windows: only the BulkDelete request and the polls do.
 */
export function bulkDelete(ctx: ApiContext, request: ApiRequest): ApiResponse {
  const body = (request.body ?? {}) as { QuerySet?: QueryExpression[]; JobName?: string; Options?: { CanRecoverDeletedRecords?: boolean } };
  if (!Array.isArray(body.QuerySet) || !body.QuerySet.length) throw errors.badRequest("BulkDelete: the parameter 'QuerySet' is required.", "0x80040203");
  const queries = body.QuerySet.map((q) => {
    const table = ctx.schema.tables.get(String(q.EntityName).toLowerCase());
    if (!table) throw errors.resourceNotFound(String(q.EntityName));
    ctx.access.require(table, "Delete");
    const params: SqlValue[] = [];
    return { table, where: filterSql(table, q.Criteria, params), params };
  });
  const recoverable = body.Options?.CanRecoverDeletedRecords !== false;
  const asyncTable = ctx.schema.tables.get("asyncoperation")!;
  const bdoTable = ctx.schema.tables.get("bulkdeleteoperation")!;
  const failureTable = ctx.schema.tables.get("bulkdeletefailure")!;
  const jobId = randomUUID();
  const name = body.JobName ?? "Bulk Delete";
  ctx.records.create(asyncTable, { asyncoperationid: jobId, name, operationtype: BULK_DELETE_OPERATION });
  const bdoId = ctx.records.create(bdoTable, { bulkdeleteoperationid: randomUUID(), "asyncoperationid@odata.bind": `asyncoperations(${jobId})` });
  ctx.store.update(bdoTable, bdoId, { name, statecode: 0, statuscode: 0 });
  const msPerRecord = bulkDeleteMsPerRecord(ctx.cost, recoverable);

  const run = () => {
    const started = now();
    // Server-side progress: these columns are read-only to callers, so the job writes them directly.
    ctx.store.transaction(() => ctx.store.update(asyncTable, jobId, { statecode: 2, statuscode: 20, startedon: started }));
    const work: { table: TableSchema; id: string; query: number }[] = [];
    queries.forEach((q, query) => {
      const created = createdSql(q.table);
      const where = created ? `(${q.where}) AND ${created} <= ?` : q.where;
      const rows = ctx.store.all(`SELECT ${quote(q.table.primaryIdAttribute)} AS id FROM ${quote(q.table.logicalName)} WHERE ${where}`, created ? [...q.params, started] : q.params);
      for (const r of rows) work.push({ table: q.table, id: r.id as string, query });
    });
    let deleted = 0;
    let failed = 0;
    // A slice's modelled time includes the emulator's own work on it (SQLite, cascades), as a request's latency
    // does (emulator.ts): only what is left of it is waited.
    const after = (began: number, records: number) => Math.max(0, records * msPerRecord - (performance.now() - began) * ctx.timeScale);
    const slice = (from: number) => {
      const began = performance.now();
      for (const item of work.slice(from, from + SLICE)) {
        // A record a cascade (or anyone) removed meanwhile is simply gone.
        if (!ctx.store.get(item.table, item.id, [item.table.primaryIdAttribute])) continue;
        try {
          ctx.store.transaction(() => ctx.records.delete(item.table, item.id, true));
          deleted++;
        } catch (error) {
          failed++;
          const e = error instanceof DataverseError ? error : undefined;
          ctx.store.transaction(() => ctx.store.insert(failureTable, {
            bulkdeletefailureid: randomUUID(),
            asyncoperationid: jobId, [typeColumn("asyncoperationid")]: "asyncoperation",
            bulkdeleteoperationid: bdoId, [typeColumn("bulkdeleteoperationid")]: "bulkdeleteoperation",
            regardingobjectid: item.id, [typeColumn("regardingobjectid")]: item.table.logicalName,
            regardingobjecttypecode: item.table.logicalName,
            errordescription: e?.message ?? String(error),
            errornumber: e ? parseInt(e.code, 16) | 0 : -1,
            orderedqueryindex: item.query,
            createdon: now(), modifiedon: now(),
          }));
        }
      }
      const next = from + SLICE;
      if (next < work.length) {
        ctx.defer(() => slice(next), after(began, Math.min(SLICE, work.length - from)));
        return;
      }
      ctx.defer(() => {
        ctx.store.transaction(() => {
          ctx.store.update(asyncTable, jobId, { statecode: 3, statuscode: 30, completedon: now(), message: failed ? `${failed} records could not be deleted.` : null });
          ctx.store.update(bdoTable, bdoId, { successcount: deleted, failurecount: failed, statecode: 3, statuscode: 30 });
        });
        ctx.asyncJobs.release();
      }, after(began, Math.min(SLICE, work.length - from)));
    };
    slice(0);
  };
  ctx.defer(() => void ctx.asyncJobs.acquire().then(run), PICKUP_MS);
  return { ...json(200, { "@odata.context": `${ctx.apiBase}$metadata#Microsoft.Dynamics.CRM.BulkDeleteResponse`, JobId: jobId }), operations: 1, table: "asyncoperation" };
}

const now = () => normalizeDateTime(new Date().toISOString());
