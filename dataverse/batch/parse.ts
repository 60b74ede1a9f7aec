import { errorInfoFromResponse } from "../errors";
import { idFromEntityUrl } from "../odata/keys";
import type { BatchOperationResult, BatchRequest, DataverseErrorInfo } from "../types";
import { flattenBatch, type FlatOperation } from "./limits";
import { boundaryOf, parseHttpMessage, splitMultipart, type HttpMessage } from "./multipart";

/** One top-level item of a `$batch` response: a change set's responses, or a single response. */
export type BatchResponseItem = { kind: "changeSet"; responses: TaggedMessage[] } | { kind: "single"; response: TaggedMessage };

export interface TaggedMessage extends HttpMessage {
  contentId?: string;
}

/** Reads a `$batch` response body into its top-level items, in the order Dataverse returned them. */
export function parseBatchResponse(contentType: string | undefined, body: string): BatchResponseItem[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new Error(`A $batch response must be multipart/mixed, got ${contentType ?? "no Content-Type"}.`);
  return splitMultipart(body, boundary).map((part): BatchResponseItem => {
    const nested = boundaryOf(part.headers.get("content-type"));
    if (nested) {
      return { kind: "changeSet", responses: splitMultipart(part.content, nested).map((p) => tag(parseHttpMessage(p.content), p.headers.get("content-id"))) };
    }
    return { kind: "single", response: tag(parseHttpMessage(part.content), part.headers.get("content-id")) };
  });
}

function tag(message: HttpMessage, contentId: string | undefined): TaggedMessage {
  return contentId === undefined ? message : { ...message, contentId };
}

/** Error of an operation that got no response: the batch stopped at an earlier failure (no continue-on-error). */
export const NOT_EXECUTED_CODE = "dxm.NotExecuted";

/**
 * Gives every request of the batch its result: status, `OData-EntityId`, body and its own error.
 * - A change set that failed as a whole comes back as one response in its place: the operation it names by
 *   Content-ID gets that error; the others get the same error with `rolledBack: true`, since nothing in the
 *   change set was kept (a success status inside a failed change set is rolled back too).
 * - Without `continue-on-error`, Dataverse stops at the first failure: later operations get status 0 and
 *   the `dxm.NotExecuted` code.
 */
export function matchBatchResults(request: BatchRequest, items: BatchResponseItem[], contentIds: (string | undefined)[] = []): BatchOperationResult[] {
  const flat = flattenBatch(request);
  const units: FlatOperation[][] = [
    ...request.changeSets.map((_, i) => flat.filter((f) => f.changeSet === i)),
    ...flat.filter((f) => f.changeSet === undefined).map((f) => [f]),
  ];
  return units.flatMap((unit, u) => resultsForUnit(unit, items[u], contentIds));
}

function resultsForUnit(unit: FlatOperation[], item: BatchResponseItem | undefined, contentIds: (string | undefined)[]): BatchOperationResult[] {
  const idOf = (f: FlatOperation) => contentIds[f.index] ?? f.operation.contentId;
  if (!item) return unit.map((f) => notExecuted(f, idOf(f)));
  const responses = item.kind === "changeSet" ? item.responses : [item.response];
  const isChangeSet = unit[0].changeSet !== undefined;
  const failure = responses.find((r) => r.status >= 400);
  const byContentId = responses.some((r) => r.contentId !== undefined);
  return unit.map((f, position) => {
    const own = byContentId ? responses.find((r) => r.contentId === idOf(f)) : item.kind === "changeSet" ? responses[position] : unit.length === 1 ? responses[0] : undefined;
    if (isChangeSet && failure && own !== failure) {
      return { index: f.index, contentId: idOf(f), status: failure.status, error: errorOf(failure), rolledBack: true };
    }
    if (!own) return notExecuted(f, idOf(f));
    return resultOf(f, idOf(f), own);
  });
}

function resultOf(f: FlatOperation, contentId: string | undefined, response: HttpMessage): BatchOperationResult {
  const result: BatchOperationResult = { index: f.index, status: response.status };
  if (contentId !== undefined) result.contentId = contentId;
  const entityId = idFromEntityUrl(response.headers.get("odata-entityid") ?? response.headers.get("location"));
  if (entityId) result.entityId = entityId;
  const body = parseBody(response);
  if (body !== undefined) result.body = body;
  if (response.status >= 400) result.error = errorOf(response);
  return result;
}

function errorOf(response: HttpMessage): DataverseErrorInfo {
  return errorInfoFromResponse(response.status, response.body, response.statusText);
}

function parseBody(response: HttpMessage): unknown {
  if (!response.body) return undefined;
  try {
    return JSON.parse(response.body);
  } catch {
    return response.body;
  }
}

function notExecuted(f: FlatOperation, contentId: string | undefined): BatchOperationResult {
  const error: DataverseErrorInfo = {
    status: 0,
    code: NOT_EXECUTED_CODE,
    message: "Not executed: Dataverse stopped the batch at an earlier failure.",
    retriable: true,
  };
  return contentId === undefined ? { index: f.index, status: 0, error } : { index: f.index, contentId, status: 0, error };
}
