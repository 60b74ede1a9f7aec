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
  const message = parsed?.message || bodyText.trim().slice(0, 500) || statusText || `HTTP ${status}`;
  return { status, code, message, retriable: isRetriableStatus(status) || RETRIABLE_CODES.has(code.toLowerCase()) };
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
