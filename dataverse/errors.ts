import type { DataverseErrorInfo } from "./types";

/**
 * Dataverse error codes that mean "try again later": the service protection limits (number of requests,
 * execution time, concurrent requests) and the generic "server busy" codes.
 */
const RETRIABLE_CODES = new Set(["0x80072322", "0x80072321", "0x80072326", "0x80044151", "0x80040216"]);

/** Status codes after which the same request may succeed: throttled, or the service was briefly unavailable. */
export function isRetriableStatus(status: number): boolean {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/** A gateway in front of the org answered instead of Dataverse (its request may or may not have run). */
export function isGatewayStatus(status: number): boolean {
  return status === 502 || status === 504;
}

/**
 * The org, not the records, failed the request, after the client's retries: no answer at all, a refused
 * sign-in, a gateway's bad-gateway page or "unavailable" without Dataverse's own error. Splitting the request or blaming its records cannot help; the
 * run stops with the message and is resumed once the org answers again.
 */
export function isOrgUnavailable(info: Pick<DataverseErrorInfo, "status" | "code" | "retriable">): boolean {
  // No answer to a write that is never replayed (retriable: false) may have landed: its caller looks it up.
  if (info.status === 0) return info.retriable && (info.code === "NetworkError" || info.code === "Timeout");
  // A 503 with Dataverse's own error code is Dataverse speaking (busy, a limit): the records' request may shrink.
  if (info.status === 503) return info.code.startsWith("HTTP");
  // A 504 stays the records' concern: a gateway times out a request that runs too long, and a smaller one passes.
  return info.status === 401 || info.status === 502;
}

/** A failed Web API request, with Dataverse's own status, hex code and message. */
export class DataverseError extends Error implements DataverseErrorInfo {
  readonly status: number;
  readonly code: string;
  readonly retriable: boolean;

  constructor(info: DataverseErrorInfo) {
    super(info.message);
    this.name = "DataverseError";
    this.status = info.status;
    this.code = info.code;
    this.retriable = info.retriable;
  }

  get info(): DataverseErrorInfo {
    return { status: this.status, code: this.code, message: this.message, retriable: this.retriable };
  }
}

/** The request never got an HTTP answer (connection refused, reset or dropped). */
export function networkErrorInfo(cause: unknown): DataverseErrorInfo {
  const reason = cause instanceof Error ? describeNetworkCause(cause) : String(cause);
  return { status: 0, code: "NetworkError", message: `No response from Dataverse: ${reason}`, retriable: true };
}

function describeNetworkCause(error: Error): string {
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: string }).code;
    return code ? `${error.message} (${code})` : `${error.message} (${cause.message})`;
  }
  return error.message;
}

/**
 * Reads Dataverse's error JSON (`{"error":{"code":"0x...","message":"..."}}`) from a response body; a body that
 * is not that shape still yields an error carrying the HTTP status, so nothing is lost.
 */
export function errorInfoFromResponse(status: number, bodyText: string, statusText = ""): DataverseErrorInfo {
  const parsed = parseErrorJson(bodyText);
  const code = parsed?.code || `HTTP${status}`;
  // A body that is not Dataverse's error JSON (a gateway's HTML page, a proxy's text) is never quoted: it
  // says nothing an admin can act on and may be pages long. The status says what happened.
  const message = parsed?.message || statusMessage(status, statusText);
  return { status, code, message, retriable: isRetriableStatus(status) || RETRIABLE_CODES.has(code.toLowerCase()) };
}

/** What an answer without Dataverse's error JSON means, and what to do about it. */
export function statusMessage(status: number, statusText = ""): string {
  const named = `HTTP ${status}${statusText ? ` ${statusText}` : ""}`;
  if (status === 401) return `The org did not accept the sign-in (${named}): the token expired or was revoked, or the app registration has no application user in this org. Sign in again, then resume the run.`;
  if (status === 403) return `The org refused the request (${named}): the signed-in user lacks a privilege it needs. Check its security roles (dxm preflight lists them), then resume the run.`;
  if (status === 404) return `The org has no such address (${named}): check the --target URL.`;
  if (isGatewayStatus(status)) return `A gateway in front of the org answered instead of Dataverse (${named}): the org was briefly unreachable. It was retried; if it persists, wait and resume the run.`;
  if (status === 503) return `The org is unavailable (${named}): it was retried; wait and resume the run.`;
  if (status >= 500) return `The org failed to answer the request (${named}) without saying why: resume the run; if it happens again, check the org's health in the Power Platform admin center.`;
  return `The org answered ${named} without an error description.`;
}

function parseErrorJson(text: string): { code?: string; message?: string } | undefined {
  if (!text) return undefined;
  try {
    const json = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    const error = json?.error;
    if (!error || typeof error !== "object") return undefined;
    return {
      code: typeof error.code === "string" ? error.code : undefined,
      message: typeof error.message === "string" ? error.message : undefined,
    };
  } catch {
    return undefined;
  }
}

/** Whether an error is the cancellation of an `AbortSignal` (rethrown as is, never retried). */
export function isAbortError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}
