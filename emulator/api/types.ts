import type { Schema } from "../schema/types";
import type { Store } from "../store/database";
import type { Records, Caller } from "../records/records";
import type { AccessControl } from "../security/access";
import type { Refusals } from "../limits/refusals";
import type { CostModel } from "../limits/cost-model";
import type { Workers } from "../limits/capacity";

/** One Web API request, from HTTP or from a `$batch` part. `path` is relative to `/api/data/v9.2/`. */
export interface ApiRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Record<string, string>;
  body: unknown;
}

export interface ApiResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON value, or a string sent as is. */
  body?: unknown;
  /** Record operations this request carried (a CreateMultiple of 500 counts 500). */
  operations?: number;
  /** Of `operations`, those carried by a bulk message (CreateMultiple, UpdateMultiple, UpsertMultiple), itself or inside a `$batch`. */
  bulkOperations?: number;
  /** Logical name of the table the request touched, for per-table faults and stats. */
  table?: string;
}

export interface ApiContext {
  store: Store;
  schema: Schema;
  records: Records;
  caller(): Caller;
  /** The running user's privilege checks. */
  access: AccessControl;
  organizationId: string;
  /** Base URL of the Web API, e.g. `http://127.0.0.1:5555/api/data/v9.2/`. */
  apiBase: string;
  /** Tables that support CreateMultiple / UpdateMultiple / UpsertMultiple. */
  bulkTables: Set<string>;
  /** Emulated-time factor: windows and delays are divided by it. */
  timeScale: number;
  handle(request: ApiRequest): ApiResponse;
  /** Runs work later (asynchronous jobs), after `ms` of emulated time; cancelled when the emulator closes. */
  defer(fn: () => void, ms: number): void;
  /** The switches that make the emulator say no (limits/refusals.ts); empty: it says yes. */
  refusals: Refusals;
  /** The cost model, when on (a BulkDelete job's time per record comes from it). */
  cost?: CostModel;
  /** The asynchronous service: at most so many system jobs (BulkDelete) run at once, the others wait. */
  asyncJobs: Workers;
  /** Organization's MaxUploadFileSize in bytes. */
  maxUploadFileSize(): number;
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { "Content-Type": "application/json; odata.metadata=minimal", ...headers }, body };
}

export function noContent(headers: Record<string, string> = {}): ApiResponse {
  return { status: 204, headers, body: undefined };
}

/** Prefer header values (`return=representation`, `odata.maxpagesize=50`, `odata.include-annotations="*"`). */
export function prefer(headers: Record<string, string>): { representation: boolean; maxPageSize?: number; annotations: boolean; continueOnError: boolean } {
  const value = headers.prefer ?? "";
  const size = value.match(/odata\.maxpagesize\s*=\s*(\d+)/)?.[1];
  return {
    representation: /return\s*=\s*representation/.test(value),
    maxPageSize: size ? Number(size) : undefined,
    annotations: /odata\.include-annotations/.test(value),
    continueOnError: /odata\.continue-on-error/.test(value),
  };
}
