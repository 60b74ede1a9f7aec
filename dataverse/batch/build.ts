import type { BatchOperation, BatchRequest } from "../types";
import { flattenBatch } from "./limits";

const CRLF = "\r\n";

export interface BatchBoundaries {
  batch: string;
  changeSet: (index: number) => string;
}

/** Random boundaries (`batch_<uuid>`, `changeset_<uuid>`), as Dataverse's examples use. */
export function randomBoundaries(): BatchBoundaries {
  return { batch: `batch_${crypto.randomUUID()}`, changeSet: () => `changeset_${crypto.randomUUID()}` };
}

export interface BuiltBatch {
  /** The `Content-Type` header of the `$batch` POST. */
  contentType: string;
  body: string;
  /** The Content-ID each change-set operation was sent with, by flattened index. */
  contentIds: (string | undefined)[];
}

/**
 * The multipart/mixed body of a `$batch` request (OData 4.0 §11.7, as Dataverse documents it): change sets
 * first, each a nested multipart with a Content-ID per operation, then the GETs. Change-set operations
 * without a Content-ID get one, so every response part can be traced back to its request.
 * Hand-written: no maintained npm library builds OData batch bodies for both the browser and Node.
 *
 * @param apiPath the Web API root's path (`/api/data/v9.2/`): request lines are `POST /api/data/v9.2/tasks HTTP/1.1`.
 * @param partHeaders headers every operation carries (bypass logic, duplicate detection, return=representation).
 */
export function buildBatchBody(request: BatchRequest, apiPath: string, partHeaders: Record<string, string> = {}, boundaries: BatchBoundaries = randomBoundaries()): BuiltBatch {
  const contentIds = assignContentIds(request);
  const flat = flattenBatch(request);
  const lines: string[] = [];
  request.changeSets.forEach((ops, changeSetIndex) => {
    const boundary = boundaries.changeSet(changeSetIndex);
    lines.push(`--${boundaries.batch}`, `Content-Type: multipart/mixed; boundary=${boundary}`, "");
    for (const item of flat.filter((f) => f.changeSet === changeSetIndex)) {
      lines.push(`--${boundary}`, ...operationPart(item.operation, apiPath, partHeaders, contentIds[item.index]));
    }
    lines.push(`--${boundary}--`, "");
  });
  for (const item of flat.filter((f) => f.changeSet === undefined)) {
    lines.push(`--${boundaries.batch}`, ...operationPart(item.operation, apiPath, partHeaders, undefined));
  }
  lines.push(`--${boundaries.batch}--`, "");
  return { contentType: `multipart/mixed; boundary=${boundaries.batch}`, body: lines.join(CRLF), contentIds };
}

function operationPart(op: BatchOperation, apiPath: string, partHeaders: Record<string, string>, contentId: string | undefined): string[] {
  const lines = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"];
  if (contentId !== undefined) lines.push(`Content-ID: ${contentId}`);
  lines.push("", `${op.method} ${requestTarget(op.url, apiPath)} HTTP/1.1`);
  const headers: Record<string, string> = op.method === "GET" ? { Accept: "application/json" } : { ...partHeaders };
  if (op.body !== undefined) headers["Content-Type"] = "application/json; type=entry";
  Object.assign(headers, op.headers);
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push("");
  // A part without a body still ends its headers with an empty line (the blank line before the boundary belongs to it).
  lines.push(op.body !== undefined ? JSON.stringify(op.body) : "");
  return lines;
}

/** `$1/…` (a Content-ID reference) and absolute URLs stay as they are; other URLs are under the API root. */
function requestTarget(url: string, apiPath: string): string {
  if (url.startsWith("$") || /^https?:\/\//i.test(url)) return url;
  return apiPath + url.replace(/^\/+/, "");
}

function assignContentIds(request: BatchRequest): (string | undefined)[] {
  const flat = flattenBatch(request);
  const used = new Set(flat.map((f) => f.operation.contentId).filter((id): id is string => id !== undefined));
  let next = 1;
  return flat.map((f) => {
    if (f.changeSet === undefined) return undefined;
    if (f.operation.contentId !== undefined) return f.operation.contentId;
    while (used.has(String(next))) next += 1;
    used.add(String(next));
    return String(next);
  });
}
