import { randomUUID } from "node:crypto";
import { DataverseError, errors } from "../records/errors";
import type { ApiContext, ApiRequest, ApiResponse } from "./types";
import { prefer } from "./types";
import { refuseChangeSetPart, refuseLongUrl } from "../limits/refusals";

/**
 * `$batch` (OData 4.0 multipart/mixed): parses the batch and its change sets, runs each change set in one
 * SQL transaction, resolves Content-ID references (`$1`), honours `Prefer: odata.continue-on-error`, and
 * answers in the multipart shape Dataverse uses (a failed change set answers with its one error response).
 */
export interface BatchPart {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  contentId?: string;
}

export type BatchItem = { kind: "request"; part: BatchPart } | { kind: "changeset"; parts: BatchPart[] };

export const MAX_BATCH_OPERATIONS = 1000;

function splitHeaders(block: string): { headers: Record<string, string>; rest: string } {
  const normalized = block.replace(/^\r?\n/, "");
  const end = normalized.search(/\r?\n\r?\n/);
  const head = end < 0 ? normalized : normalized.slice(0, end);
  const rest = end < 0 ? "" : normalized.slice(end).replace(/^\r?\n\r?\n/, "");
  const headers: Record<string, string> = {};
  for (const line of head.split(/\r?\n/)) {
    const i = line.indexOf(":");
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  return { headers, rest };
}

function splitMultipart(body: string, boundary: string): string[] {
  const delimiter = `--${boundary}`;
  const pieces = body.split(delimiter);
  const parts: string[] = [];
  for (const piece of pieces.slice(1)) {
    if (piece.startsWith("--")) break;
    parts.push(piece.replace(/\r?\n$/, ""));
  }
  return parts;
}

const boundaryOf = (contentType: string): string | undefined => contentType.match(/boundary=("?)([^";]+)\1/)?.[2];

function parseHttpPart(text: string, outerHeaders: Record<string, string>): BatchPart {
  const { rest } = { rest: text };
  const lineEnd = rest.search(/\r?\n/);
  const requestLine = (lineEnd < 0 ? rest : rest.slice(0, lineEnd)).trim();
  const [method, url] = requestLine.split(/\s+/);
  const { headers, rest: body } = splitHeaders(lineEnd < 0 ? "" : rest.slice(lineEnd));
  return { method: method.toUpperCase(), url, headers, body: body.trim(), contentId: outerHeaders["content-id"] };
}

export function parseBatch(body: string, contentType: string): BatchItem[] {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw errors.badRequest("The batch request must have a multipart/mixed Content-Type with a boundary.");
  return splitMultipart(body, boundary).map((part): BatchItem => {
    const { headers, rest } = splitHeaders(part);
    const type = headers["content-type"] ?? "";
    if (type.startsWith("multipart/mixed")) {
      const inner = boundaryOf(type);
      if (!inner) throw errors.badRequest("A change set must declare its boundary.");
      return { kind: "changeset", parts: splitMultipart(rest, inner).map((p) => { const h = splitHeaders(p); return parseHttpPart(h.rest, h.headers); }) };
    }
    return { kind: "request", part: parseHttpPart(rest, headers) };
  });
}

const REASONS: Record<number, string> = { 200: "OK", 201: "Created", 204: "No Content", 304: "Not Modified", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed", 412: "Precondition Failed", 429: "Too Many Requests", 500: "Internal Server Error" };

function httpPart(response: ApiResponse, contentId?: string): string {
  const lines = ["Content-Type: application/http", "Content-Transfer-Encoding: binary"];
  if (contentId) lines.push(`Content-ID: ${contentId}`);
  lines.push("", `HTTP/1.1 ${response.status} ${REASONS[response.status] ?? ""}`.trimEnd());
  const headers: Record<string, string> = { "OData-Version": "4.0", ...response.headers };
  if (response.body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === "content-type")) headers["Content-Type"] = "application/json; odata.metadata=minimal";
  for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
  lines.push("", response.body === undefined ? "" : typeof response.body === "string" ? response.body : JSON.stringify(response.body));
  return lines.join("\r\n");
}

export function errorResponse(error: unknown): ApiResponse {
  const e = error instanceof DataverseError ? error : errors.unexpected();
  return { status: e.status, headers: { "Content-Type": "application/json; odata.metadata=minimal", ...e.headers }, body: e.toJson() };
}

function toApiRequest(ctx: ApiContext, part: BatchPart, contentIds: Map<string, string>): ApiRequest {
  let url = part.url;
  const ref = url.match(/^\$(\w+)(.*)$/);
  if (ref && contentIds.has(ref[1])) url = contentIds.get(ref[1]) + ref[2];
  const full = new URL(url, ctx.apiBase);
  const path = decodeURIComponent(full.pathname.replace(/^\/api\/data\/v9\.\d\//, ""));
  let body: unknown = undefined;
  if (part.body) {
    let text = part.body;
    for (const [id, target] of contentIds) text = text.replace(new RegExp(`"\\$${id}"`, "g"), JSON.stringify(target));
    try {
      body = JSON.parse(text);
    } catch {
      throw errors.badRequest("The request body of a batch part is not valid JSON.");
    }
  }
  return { method: part.method, path, query: full.searchParams, headers: part.headers, body };
}

/** A part's URL as a direct request would carry it: path and query from the server's root. */
function partUrl(ctx: ApiContext, url: string): string {
  const full = new URL(url, ctx.apiBase);
  return `${full.pathname}${full.search}`;
}

export function executeBatch(ctx: ApiContext, request: ApiRequest, rawBody: string): ApiResponse {
  const items = parseBatch(rawBody, request.headers["content-type"] ?? "");
  const total = items.reduce((n, i) => n + (i.kind === "changeset" ? i.parts.length : 1), 0);
  if (total > MAX_BATCH_OPERATIONS) throw errors.batchTooLarge(total);
  const continueOnError = prefer(request.headers).continueOnError;
  const boundary = `batchresponse_${randomUUID()}`;
  const out: string[] = [];
  let operations = 0;
  let bulkOperations = 0;
  const count = (response: ApiResponse) => {
    operations += response.operations ?? 1;
    bulkOperations += response.bulkOperations ?? 0;
  };
  for (const item of items) {
    let failed = false;
    if (item.kind === "request") {
      let response: ApiResponse;
      try {
        const tooLong = refuseLongUrl(ctx.refusals, item.part.method, partUrl(ctx, item.part.url));
        if (tooLong) throw tooLong;
        response = ctx.store.transaction(() => ctx.handle(toApiRequest(ctx, item.part, new Map())));
      } catch (error) {
        response = errorResponse(error);
        failed = true;
      }
      count(response);
      out.push(httpPart(response));
    } else {
      const contentIds = new Map<string, string>();
      const responses: { response: ApiResponse; contentId?: string }[] = [];
      try {
        ctx.store.transaction(() => {
          for (const part of item.parts) {
            const apiRequest = toApiRequest(ctx, part, contentIds);
            const refused = refuseChangeSetPart(ctx.refusals, apiRequest.method, apiRequest.path);
            if (refused) throw refused;
            const response = ctx.handle(apiRequest);
            const entityId = response.headers["OData-EntityId"];
            if (part.contentId && entityId) contentIds.set(part.contentId, entityId);
            responses.push({ response, contentId: part.contentId });
          }
        });
        responses.forEach((r) => count(r.response));
        const cs = `changesetresponse_${randomUUID()}`;
        out.push([`Content-Type: multipart/mixed; boundary=${cs}`, "", ...responses.map((r) => `--${cs}\r\n${httpPart(r.response, r.contentId)}`), `--${cs}--`].join("\r\n"));
      } catch (error) {
        failed = true;
        out.push(httpPart(errorResponse(error), item.parts[responses.length]?.contentId));
      }
    }
    if (failed && !continueOnError) break;
  }
  const body = `${out.map((p) => `--${boundary}\r\n${p}`).join("\r\n")}\r\n--${boundary}--\r\n`;
  return { status: 200, headers: { "Content-Type": `multipart/mixed; boundary=${boundary}`, "OData-Version": "4.0" }, body, operations, bulkOperations };
}
