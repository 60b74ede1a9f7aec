import type { AsyncJobStatus, DataverseClientApi } from "../types";
import { eqFilter } from "../odata/query";
import { mayHaveLanded } from "./create-once";
import { isGuid } from "../odata/literals";
import { keySegment } from "../odata/keys";
import { sleep } from "../http/retry";

export interface BulkDeleteJob {
  name: string;
  table: string;
  /** All must hold. `le`: at or before (a date-time such as `modifiedon`). */
  conditions: { attribute: string; operator: "eq" | "in" | "le"; values: string[] }[];
  /**
   * Whether the deleted records go to the recycle bin (`Options.CanRecoverDeletedRecords`, BulkDeleteOptions);
   * left out, the org's default (recoverable when its recycle bin is on). Skipping it is about twice as fast.
   */
  recoverable?: boolean;
}

const OPERATOR = { eq: "Equal", in: "In", le: "LessEqual" } as const;

/**
 * The `BulkDelete` action's parameters: one QueryExpression selecting the records, run now, no e-mail.
 * Values that are GUIDs are typed System.Guid (lookups such as the run stamp), others System.String.
 */
export function bulkDeletePayload(job: BulkDeleteJob, now: Date = new Date()): Record<string, unknown> {
  if (job.conditions.length === 0) throw new Error("A bulk delete needs at least one condition; refusing to delete a whole table.");
  return {
    JobName: job.name,
    SendEmailNotification: false,
    ToRecipients: [],
    CCRecipients: [],
    RecurrencePattern: "",
    StartDateTime: now.toISOString(),
    QuerySet: [
      {
        "@odata.type": "Microsoft.Dynamics.CRM.QueryExpression",
        EntityName: job.table,
        ColumnSet: { "@odata.type": "Microsoft.Dynamics.CRM.ColumnSet", AllColumns: false, Columns: [] },
        Criteria: {
          "@odata.type": "Microsoft.Dynamics.CRM.FilterExpression",
          FilterOperator: "And",
          Conditions: job.conditions.map((c) => ({
            "@odata.type": "Microsoft.Dynamics.CRM.ConditionExpression",
            AttributeName: c.attribute,
            Operator: OPERATOR[c.operator],
            Values: c.values.map((v) => ({ Value: v, Type: isGuid(v) ? "System.Guid" : c.operator === "le" ? "System.DateTime" : "System.String" })),
          })),
        },
      },
    ],
    ...(job.recoverable === undefined ? {} : { Options: { "@odata.type": "Microsoft.Dynamics.CRM.BulkDeleteOptions", CanRecoverDeletedRecords: job.recoverable } }),
  };
}

export function asyncJobPath(jobId: string): string {
  return `asyncoperations${keySegment(jobId)}?$select=asyncoperationid,statecode,statuscode,message,friendlymessage`;
}

export function toAsyncJobStatus(jobId: string, raw: Record<string, unknown>): AsyncJobStatus {
  const status: AsyncJobStatus = { id: jobId, stateCode: Number(raw.statecode), statusCode: Number(raw.statuscode) };
  const message = raw.friendlymessage ?? raw.message;
  if (typeof message === "string" && message) status.message = message;
  return status;
}

/** asyncoperation statecode 3: Completed (then statuscode says Succeeded 30, Failed 31 or Canceled 32). */
export const ASYNC_COMPLETED = 3;
export const ASYNC_SUCCEEDED = 30;

/**
 * Polls an asynchronous job (BulkDelete) until it completes; resolves with its final status.
 * `statusCode` then says whether it succeeded (30), failed (31) or was canceled (32).
 */
export async function waitForAsyncJob(
  client: { getAsyncJob(jobId: string): Promise<AsyncJobStatus> },
  jobId: string,
  options: { intervalMs?: number; signal?: AbortSignal; wait?: (ms: number, signal?: AbortSignal) => Promise<void>; onPoll?: (status: AsyncJobStatus) => void } = {},
): Promise<AsyncJobStatus> {
  const wait = options.wait ?? sleep;
  for (;;) {
    if (options.signal?.aborted) throw options.signal.reason;
    const status = await client.getAsyncJob(jobId);
    options.onPoll?.(status);
    if (status.stateCode === ASYNC_COMPLETED) return status;
    await wait(options.intervalMs ?? 2000, options.signal);
  }
}

/** asyncoperation operationtype of a BulkDelete job. */
const BULK_DELETE_OPERATION = 13;

/**
 * Submits a BulkDelete job that survives a dropped connection. The POST is not safe to resend blindly (the
 * first may have created the job), so when no answer comes back the job is looked up by its name (unique per
 * run, table and share): found means it was created, not found means it is sent again. A job sent twice
 * would do no harm either: it deletes what its query still selects, and the caller counts as failed only
 * the records still there.
 */
export async function bulkDeleteOnce(client: DataverseClientApi, job: BulkDeleteJob, options: { signal?: AbortSignal; attempts?: number } = {}): Promise<string> {
  const attempts = options.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.bulkDelete(job);
    } catch (error) {
      if (!mayHaveLanded(error)) throw error;
      const found = await client.retrieveAll("asyncoperations", {
        select: ["asyncoperationid"], filter: `${eqFilter("name", job.name)} and operationtype eq ${BULK_DELETE_OPERATION}`,
      }, { signal: options.signal });
      if (found.length > 0) return String(found[0].asyncoperationid).toLowerCase();
      if (attempt >= attempts) throw error;
    }
  }
}
