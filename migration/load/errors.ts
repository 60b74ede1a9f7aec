import type { DataverseErrorInfo } from "../../dataverse/types";

/** Dataverse's error from anything a client call threw; an abort is rethrown untouched. */
export function errorInfoOf(error: unknown): DataverseErrorInfo {
  if (isAbort(error)) throw error;
  const e = error as Partial<DataverseErrorInfo> & { message?: string };
  if (typeof e === "object" && e !== null && typeof e.status === "number" && typeof e.code === "string") {
    return { status: e.status, code: e.code, message: String(e.message ?? ""), retriable: Boolean(e.retriable) };
  }
  return { status: 0, code: "ClientError", message: error instanceof Error ? error.message : String(error), retriable: false };
}

export function isAbort(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { name?: unknown }).name === "AbortError";
}

/** An error carrying a Dataverse error's fields, so callers can read status and code from it. */
export function dataverseFailure(info: DataverseErrorInfo): Error {
  return Object.assign(new Error(info.message), { status: info.status, code: info.code, retriable: info.retriable });
}
