import { DataverseError, errorInfoFromResponse, isGatewayStatus, networkErrorInfo, isAbortError } from "./errors";
import { ConcurrencyLimiter } from "./http/limiter";
import { IdentityPool, type PoolMember } from "./http/identity-pool";
import { defaultRetryPolicy, parseRetryAfter, retryDelayMs, sleep as realSleep, type RetryPolicy } from "./http/retry";
import { buildBatchBody } from "./batch/build";
import { assertValidBatch, flattenBatch } from "./batch/limits";
import { boundaryOf } from "./batch/multipart";
import { matchBatchResults, parseBatchResponse } from "./batch/parse";
import { bulkActionPath, bulkPayload, bulkSupportQueryPath, idsFromBulkResponse } from "./operations/bulk";
import { asyncJobPath, bulkDeletePayload, toAsyncJobStatus, type BulkDeleteJob } from "./operations/jobs";
import { createColumnOperation, entityMetadataPath, OPTION_SET_TYPES, optionSetPath, publishOperation, toEntityMetadata, type RawOptionAttribute } from "./operations/metadata";
import { idFromEntityUrl, recordPath } from "./odata/keys";
import { queryString, withQuery } from "./odata/query";
import type { Transport, TransportRequest, TransportResponse } from "./transport/types";
import type {
  AsyncJobStatus, BatchOperationResult, BatchRequest, BulkMessage, ClientCounters, DataverseClientApi, DataverseErrorInfo, Entity, EntityMetadata,
  NewColumn, Page, QueryOptions, RecordRef, UpsertMode, WhoAmI, WriteOptions, WindowLeft,
} from "./types";

export interface DataverseClientOptions {
  transport: Transport;
  retry?: Partial<RetryPolicy>;
  /** Requests in flight before Dataverse has sent an `x-ms-dop-hint` (or always, with followDopHint false). Default 4. */
  concurrency?: number;
  /** Upper bound whatever the hint says. Default 52. */
  maxConcurrency?: number;
  /** Adopt the recommended degree of parallelism from `x-ms-dop-hint` once a response carries it. Default true. */
  followDopHint?: boolean;
  /** Cancels every request of this client, queued or in flight. */
  signal?: AbortSignal;
  /** Adds `MSCRM.SolutionUniqueName` to metadata writes, so new columns land in that solution. */
  solutionUniqueName?: string;
  /** Waits between retries; tests pass one that records the delay instead of waiting. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
  /** Told about every retry (for progress screens). Carries status and code only, never data. */
  onRetry?: (event: RetryEvent) => void;
  /**
   * An attempt that gets no answer within this many ms is abandoned and treated as a dropped connection
   * (retried when that is safe). Default 180 s: Dataverse ends a request itself after 2 minutes, so an
   * answer later than that is not coming.
   */
  requestTimeoutMs?: number;
  /**
   * Several identities (application users) side by side: each request goes out through the transport of the
   * identity that has budget, and a 429 parks only the identity that got it (http/identity-pool.ts). `transport`
   * still names the API root. Using several identities is the admin's decision: they share one daily entitlement.
   */
  identities?: ClientIdentity[];
}

/** One identity of a pool: its name (from the identities file), its transport, and its systemuserid once known. */
export interface ClientIdentity {
  name: string;
  transport: Transport;
  userId?: string;
}

export interface RetryEvent {
  attempt: number;
  delayMs: number;
  status: number;
  code: string;
  /** With several identities: the one that was throttled (parked for `parkedMs`, the others carry on). */
  identity?: string;
  parkedMs?: number;
}

type Method = TransportRequest["method"];

interface Call {
  method: Method;
  path: string;
  body?: unknown;
  /** A pre-serialised body with its own Content-Type ($batch). */
  rawBody?: { text: string; contentType: string };
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /**
   * Whether sending the same request twice has the same effect as once. Only such requests are retried after
   * a dropped connection, because then we cannot know whether the server executed the first one.
   */
  idempotent: boolean;
  /** Record operations this request carries (for the counters). */
  operations: number;
  /** Returns a >= 400 response instead of throwing (404 on retrieve, a failed $batch with its parts). */
  accept?: (response: TransportResponse) => boolean;
  /** With several identities: told who the request that succeeded went out as. */
  sentAs?: (identity: string) => void;
}

const DEFAULT_CONCURRENCY = 4;
const DEFAULT_REQUEST_TIMEOUT_MS = 180_000;
/** Dataverse allows 52 concurrent requests per user before it answers 429 (service protection limits). */
const DEFAULT_MAX_CONCURRENCY = 52;
const utf8 = new TextEncoder();

function byteLength(text: string | undefined): number {
  return text ? utf8.encode(text).length : 0;
}

function parseJson<T>(text: string): T | undefined {
  return text ? (JSON.parse(text) as T) : undefined;
}

/** The Web API client: one instance per org connection, shared by the engine's workers. */
export class DataverseClient implements DataverseClientApi {
  readonly counters: ClientCounters = { requests: 0, operations: 0, retries: 0, throttles: 0, bytesSent: 0, bytesReceived: 0 };
  readonly limiter: ConcurrencyLimiter;

  get concurrency(): number {
    return this.limiter.limit;
  }

  /** The window each identity had left at its latest response ("" without a pool). */
  private readonly windows = new Map<string, WindowLeft>();

  get windowLeft(): WindowLeft | undefined {
    let most: WindowLeft | undefined;
    for (const w of this.windows.values()) if (!most || w.executionMs > most.executionMs) most = w;
    return most;
  }
  private readonly transport: Transport;
  private readonly policy: RetryPolicy;
  private readonly followDopHint: boolean;
  private readonly maxConcurrency: number;
  private readonly bulkSupport = new Map<string, Promise<boolean>>();
  private readonly pool?: IdentityPool<ClientIdentity>;

  constructor(private readonly options: DataverseClientOptions) {
    this.transport = options.transport;
    if (options.identities?.length) this.pool = new IdentityPool(options.identities.map((i) => ({ name: i.name, value: i })));
    this.policy = { ...defaultRetryPolicy, ...options.retry };
    this.followDopHint = options.followDopHint ?? true;
    this.maxConcurrency = options.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY;
    this.limiter = new ConcurrencyLimiter(Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, this.maxConcurrency));
  }

  get apiRoot(): string {
    return this.transport.apiRoot;
  }

  /** Per identity of the pool: requests sent as it and 429s it received (empty without a pool). */
  get identityCounters(): { name: string; userId?: string; requests: number; throttles: number }[] {
    return (this.pool?.members ?? []).map((m) => ({ name: m.name, ...(m.value.userId ? { userId: m.value.userId } : {}), requests: m.requests, throttles: m.throttles }));
  }

  // ---- records -------------------------------------------------------------------------------------------

  async create(entitySet: string, body: Entity, options: WriteOptions = {}): Promise<string> {
    const response = await this.send({ method: "POST", path: entitySet, body, headers: writeHeaders(options), signal: options.signal, idempotent: false, operations: 1, sentAs: options.sentAs });
    const id = idFromEntityUrl(response.header("odata-entityid") ?? response.header("location")) ?? idFromEntityUrl(parseJson<Entity>(response.body)?.["@odata.id"] as string | undefined);
    if (!id) throw new Error(`Dataverse created a ${entitySet} record but returned no OData-EntityId.`);
    return id;
  }

  async retrieve<T = Entity>(entitySet: string, ref: RecordRef, options: { select?: string[]; signal?: AbortSignal } = {}): Promise<T | null> {
    const path = withQuery(recordPath(entitySet, ref), queryString({ select: options.select }));
    const response = await this.send({ method: "GET", path, signal: options.signal, idempotent: true, operations: 1, accept: (r) => r.status === 404 });
    return response.status === 404 ? null : (parseJson<T>(response.body) ?? null);
  }

  async update(entitySet: string, ref: RecordRef, body: Entity, options: WriteOptions = {}): Promise<void> {
    // If-Match: * makes the PATCH an update only: a missing record is a 404, never a silent create.
    const headers = { ...writeHeaders(options), "If-Match": "*" };
    await this.send({ method: "PATCH", path: recordPath(entitySet, ref), body, headers, signal: options.signal, idempotent: true, operations: 1, sentAs: options.sentAs });
  }

  async upsert(entitySet: string, ref: RecordRef, body: Entity, mode: UpsertMode = "upsert", options: WriteOptions = {}): Promise<string> {
    const headers = writeHeaders(options);
    if (mode === "createOnly") headers["If-None-Match"] = "*";
    if (mode === "updateOnly") headers["If-Match"] = "*";
    const response = await this.send({ method: "PATCH", path: recordPath(entitySet, ref), body, headers, signal: options.signal, idempotent: true, operations: 1, sentAs: options.sentAs });
    const id = idFromEntityUrl(response.header("odata-entityid")) ?? (typeof ref === "string" ? ref.toLowerCase() : undefined);
    if (!id) throw new Error(`Dataverse upserted a ${entitySet} record but returned no OData-EntityId.`);
    return id;
  }

  async delete(entitySet: string, ref: RecordRef, options: { signal?: AbortSignal } = {}): Promise<void> {
    await this.send({ method: "DELETE", path: recordPath(entitySet, ref), signal: options.signal, idempotent: true, operations: 1 });
  }

  // ---- queries ------------------------------------------------------------------------------------------

  async retrieveMultiple<T = Entity>(entitySet: string, query: QueryOptions = {}, options: { signal?: AbortSignal } = {}): Promise<Page<T>> {
    return this.getPage<T>(withQuery(entitySet, queryString(query)), query.maxPageSize, options.signal);
  }

  async nextPage<T = Entity>(nextLink: string, options: { maxPageSize?: number; signal?: AbortSignal } = {}): Promise<Page<T>> {
    return this.getPage<T>(nextLink, options.maxPageSize, options.signal);
  }

  async retrieveAll<T = Entity>(entitySet: string, query: QueryOptions = {}, options: { signal?: AbortSignal } = {}): Promise<T[]> {
    let page = await this.retrieveMultiple<T>(entitySet, query, options);
    const all = [...page.value];
    while (page.nextLink) {
      page = await this.nextPage<T>(page.nextLink, { maxPageSize: query.maxPageSize, signal: options.signal });
      all.push(...page.value);
    }
    return all;
  }

  private async getPage<T>(path: string, maxPageSize: number | undefined, signal: AbortSignal | undefined): Promise<Page<T>> {
    const headers: Record<string, string> = maxPageSize ? { Prefer: `odata.maxpagesize=${maxPageSize}` } : {};
    const response = await this.send({ method: "GET", path, headers, signal, idempotent: true, operations: 1 });
    const json = parseJson<{ value?: T[]; "@odata.count"?: number; "@odata.nextLink"?: string }>(response.body) ?? {};
    const page: Page<T> = { value: json.value ?? [] };
    if (typeof json["@odata.count"] === "number") page.count = json["@odata.count"];
    if (json["@odata.nextLink"]) page.nextLink = json["@odata.nextLink"];
    return page;
  }

  // ---- $batch -------------------------------------------------------------------------------------------

  async executeBatch(request: BatchRequest, options: WriteOptions = {}): Promise<BatchOperationResult[]> {
    assertValidBatch(request);
    const operations = flattenBatch(request);
    const built = buildBatchBody(request, new URL(this.transport.apiRoot).pathname, writeHeaders(options));
    const headers: Record<string, string> = {};
    if (request.continueOnError) headers.Prefer = "odata.continue-on-error";
    const response = await this.send({
      method: "POST",
      path: "$batch",
      rawBody: { text: built.body, contentType: built.contentType },
      headers,
      signal: options.signal,
      // A batch whose operations are all PATCH/PUT/DELETE/GET (upserts by alternate key, updates, deletes) has the
      // same effect when replayed, so it is retried after a dropped connection. A batch with a POST is not: the
      // first attempt may have created the records before the connection dropped, and a replay would duplicate them.
      // A batch whose writes all roll back on purpose (the probe of what the org supports) says so.
      idempotent: request.replaySafe ?? operations.every((f) => f.operation.method !== "POST"),
      operations: operations.length,
      // Without continue-on-error a failing batch answers 400 with the multipart body: the parts are still read.
      accept: (r) => boundaryOf(r.header("content-type")) !== undefined,
      sentAs: options.sentAs,
    });
    return matchBatchResults(request, parseBatchResponse(response.header("content-type"), response.body), built.contentIds);
  }

  // ---- bulk messages ------------------------------------------------------------------------------------

  async createMultiple(entitySet: string, logicalName: string, targets: Entity[], options: WriteOptions = {}): Promise<string[]> {
    const body = await this.bulk(entitySet, logicalName, "CreateMultiple", targets, options, false);
    return idsFromBulkResponse(body);
  }

  async updateMultiple(entitySet: string, logicalName: string, targets: Entity[], options: WriteOptions = {}): Promise<void> {
    await this.bulk(entitySet, logicalName, "UpdateMultiple", targets, options, true);
  }

  async upsertMultiple(entitySet: string, logicalName: string, targets: Entity[], options: WriteOptions = {}): Promise<string[]> {
    const body = await this.bulk(entitySet, logicalName, "UpsertMultiple", targets, options, true);
    return idsFromBulkResponse(body);
  }

  private async bulk(entitySet: string, logicalName: string, message: BulkMessage, targets: Entity[], options: WriteOptions, idempotent: boolean): Promise<unknown> {
    if (targets.length === 0) return { Ids: [] };
    const response = await this.send({
      method: "POST", path: bulkActionPath(entitySet, message), body: bulkPayload(logicalName, targets),
      headers: writeHeaders(options), signal: options.signal, idempotent, operations: targets.length, sentAs: options.sentAs,
    });
    return parseJson(response.body);
  }

  supportsBulk(logicalName: string, message: BulkMessage): Promise<boolean> {
    const key = `${logicalName}/${message}`;
    let answer = this.bulkSupport.get(key);
    if (!answer) {
      answer = this.send({ method: "GET", path: bulkSupportQueryPath(logicalName, message), idempotent: true, operations: 0 }).then(
        (response) => (parseJson<{ value?: unknown[] }>(response.body)?.value?.length ?? 0) > 0,
      );
      answer.catch(() => this.bulkSupport.delete(key));
      this.bulkSupport.set(key, answer);
    }
    return answer;
  }

  // ---- metadata -----------------------------------------------------------------------------------------

  async getEntityMetadata(logicalName: string): Promise<EntityMetadata> {
    const [table, ...optionSets] = await Promise.all([
      this.getJson<Record<string, unknown>>(entityMetadataPath(logicalName)),
      ...OPTION_SET_TYPES.map((type) => this.getJson<{ value: RawOptionAttribute[] }>(optionSetPath(logicalName, type))),
    ]);
    return toEntityMetadata(table, optionSets.flatMap((set) => set.value ?? []));
  }

  async createColumn(column: NewColumn, options: { solutionUniqueName?: string } = {}): Promise<void> {
    const solution = options.solutionUniqueName ?? this.options.solutionUniqueName;
    const headers: Record<string, string> = solution ? { "MSCRM.SolutionUniqueName": solution } : {};
    const op = createColumnOperation(column, headers);
    await this.send({ method: "POST", path: op.url, body: op.body, headers, idempotent: false, operations: 1 });
  }

  async publish(tables: string[]): Promise<void> {
    const op = publishOperation(tables);
    await this.send({ method: "POST", path: op.url, body: op.body, idempotent: true, operations: 1 });
  }

  // ---- org ----------------------------------------------------------------------------------------------

  async whoAmI(): Promise<WhoAmI> {
    const json = await this.getJson<WhoAmI>("WhoAmI");
    return { UserId: json.UserId, BusinessUnitId: json.BusinessUnitId, OrganizationId: json.OrganizationId };
  }

  async bulkDelete(job: BulkDeleteJob): Promise<string> {
    const response = await this.send({ method: "POST", path: "BulkDelete", body: bulkDeletePayload(job), idempotent: false, operations: 1 });
    const jobId = parseJson<{ JobId?: string }>(response.body)?.JobId;
    if (!jobId) throw new Error("Dataverse accepted the BulkDelete but returned no JobId.");
    return jobId.toLowerCase();
  }

  async getAsyncJob(jobId: string): Promise<AsyncJobStatus> {
    return toAsyncJobStatus(jobId, await this.getJson<Record<string, unknown>>(asyncJobPath(jobId)));
  }

  async execute<T = unknown>(method: "GET" | "POST", path: string, body?: Entity, options: WriteOptions = {}): Promise<T> {
    const response = await this.send({ method, path, body, headers: writeHeaders(options), signal: options.signal, idempotent: method === "GET", operations: 1 });
    return parseJson<T>(response.body) as T;
  }

  private async getJson<T>(path: string): Promise<T> {
    const response = await this.send({ method: "GET", path, idempotent: true, operations: 1 });
    return (parseJson<T>(response.body) ?? {}) as T;
  }

  // ---- the one place a request goes out: queue, send, count, retry --------------------------------------

  private async send(call: Call): Promise<TransportResponse> {
    const signal = combineSignals(call.signal, this.options.signal);
    const wait = this.options.sleep ?? realSleep;
    const headers: Record<string, string> = { Accept: "application/json", "OData-MaxVersion": "4.0", "OData-Version": "4.0", ...call.headers };
    let bodyText: string | undefined;
    if (call.rawBody) {
      bodyText = call.rawBody.text;
      headers["Content-Type"] = call.rawBody.contentType;
    } else if (call.body !== undefined) {
      bodyText = JSON.stringify(call.body);
      headers["Content-Type"] = "application/json; charset=utf-8";
    }
    this.counters.operations += call.operations;

    let throttledMs = 0;
    let signedInAgain = false;
    const timeoutMs = this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    let lastThrottle: DataverseErrorInfo | undefined;
    for (let attempt = 1; ; attempt += 1) {
      const release = await this.limiter.acquire(signal);
      let member: PoolMember<ClientIdentity> | undefined;
      if (this.pool) {
        member = this.pool.pick();
        if (!member) {
          // Every identity is parked: wait for the first to be free (that wait counts as throttled time).
          release();
          const delayMs = retryDelayMs(this.policy, attempt, this.pool.waitMs(), this.options.random, true);
          throttledMs += delayMs;
          if (throttledMs > this.policy.maxThrottleWaitMs && lastThrottle) throw new DataverseError(lastThrottle);
          await wait(delayMs, signal);
          if (signal?.aborted) throw signal.reason;
          attempt -= 1;
          continue;
        }
      }
      const transport = member?.value.transport ?? this.transport;
      const sent = member ? this.pool!.take(member) : undefined;
      let response: TransportResponse;
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        this.counters.requests += 1;
        this.counters.bytesSent += byteLength(bodyText);
        response = await transport.send({ method: call.method, path: call.path, headers, body: bodyText, signal: combineSignals(signal, timeout) });
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        // The transport's own answer before anything was sent (its token callback found no usable sign-in).
        if (error instanceof DataverseError) throw error;
        const info = timeout.aborted ? noAnswerInfo(timeoutMs) : isAbortError(error) ? undefined : networkErrorInfo(error);
        if (!info) throw error;
        // A write that must not be replayed may have landed: its caller finds out (load/create-once.ts).
        if (!call.idempotent) throw new DataverseError({ ...info, retriable: false });
        if (attempt >= this.policy.maxAttempts) throw new DataverseError(stoppedAnswering(info, attempt));
        await this.backOff(attempt, undefined, info.status, info.code, wait, signal);
        continue;
      } finally {
        release();
        sent?.();
      }
      this.counters.bytesReceived += byteLength(response.body);
      this.adoptDopHint(response.header("x-ms-dop-hint"));
      this.noteWindow(member?.name ?? "", response);

      if (response.status === 429 || response.status === 503) {
        this.counters.throttles += 1;
        const info = errorInfoFromResponse(response.status, response.body, response.statusText);
        // A throttled request was refused before it ran, so it is safe to send again whatever its method.
        const retryAfterMs = parseRetryAfter(response.header("retry-after"));
        if (response.status === 429 && retryAfterMs !== undefined && member) {
          // Several identities: park only this one until its Retry-After; the request goes out again at once
          // as another identity with budget (or waits above for the first one free).
          this.pool!.park(member, retryAfterMs);
          lastThrottle = info;
          this.counters.retries += 1;
          this.options.onRetry?.({ attempt, delayMs: 0, status: info.status, code: info.code, identity: member.name, parkedMs: retryAfterMs });
          attempt -= 1;
          continue;
        }
        if (response.status === 429 && retryAfterMs !== undefined) {
          // Service protection names when to come back: wait it out in full, without using up an attempt.
          const delayMs = retryDelayMs(this.policy, attempt, retryAfterMs, this.options.random, true);
          throttledMs += delayMs;
          if (throttledMs > this.policy.maxThrottleWaitMs) throw new DataverseError(info);
          attempt -= 1;
          await this.pause(delayMs, attempt + 1, info.status, info.code, wait, signal);
          continue;
        }
        if (attempt >= this.policy.maxAttempts) throw new DataverseError(info);
        await this.backOff(attempt, retryAfterMs, info.status, info.code, wait, signal);
        continue;
      }
      // A gateway's 502/504 is retried like a 503 when sending again is safe; otherwise the request may have
      // run, and the caller settles it as it settles a dropped connection (its ids were chosen up front).
      if (isGatewayStatus(response.status)) {
        const info = errorInfoFromResponse(response.status, response.body, response.statusText);
        if (!call.idempotent || attempt >= this.policy.maxAttempts) throw new DataverseError(info);
        await this.backOff(attempt, parseRetryAfter(response.header("retry-after")), info.status, info.code, wait, signal);
        continue;
      }
      // An expired or revoked token: sign in again once (the provider bypasses its cache) and send again. A
      // 401 is answered before the request runs, so this is safe whatever the method.
      if (response.status === 401 && !signedInAgain && transport.signInAgain) {
        signedInAgain = true;
        await transport.signInAgain();
        attempt -= 1;
        continue;
      }
      if (response.status >= 400 && !call.accept?.(response)) {
        throw new DataverseError(errorInfoFromResponse(response.status, response.body, response.statusText));
      }
      if (member) call.sentAs?.(member.value.userId ?? member.name);
      return response;
    }
  }

  private async backOff(attempt: number, retryAfterMs: number | undefined, status: number, code: string, wait: (ms: number, signal?: AbortSignal) => Promise<void>, signal?: AbortSignal): Promise<void> {
    await this.pause(retryDelayMs(this.policy, attempt, retryAfterMs, this.options.random), attempt, status, code, wait, signal);
  }

  private async pause(delayMs: number, attempt: number, status: number, code: string, wait: (ms: number, signal?: AbortSignal) => Promise<void>, signal?: AbortSignal): Promise<void> {
    this.counters.retries += 1;
    this.options.onRetry?.({ attempt, delayMs, status, code });
    await wait(delayMs, signal);
    if (signal?.aborted) throw signal.reason;
  }

  private noteWindow(identity: string, response: TransportResponse): void {
    const requests = Number(response.header("x-ms-ratelimit-burst-remaining-xrm-requests") ?? NaN);
    const executionMs = Number(response.header("x-ms-ratelimit-time-remaining-xrm-requests") ?? NaN);
    if (Number.isFinite(requests) && Number.isFinite(executionMs)) this.windows.set(identity, { requests, executionMs });
  }

  private adoptDopHint(header: string | undefined): void {
    if (!this.followDopHint || header === undefined) return;
    const hint = Number.parseInt(header, 10);
    if (Number.isFinite(hint) && hint > 0) {
      const limit = Math.min(hint, this.maxConcurrency);
      if (limit !== this.limiter.limit) this.limiter.setLimit(limit);
    }
  }
}

/** Optional headers Dataverse honours on writes. */
export function writeHeaders(options: WriteOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  if (options.bypassBusinessLogic) headers["MSCRM.BypassBusinessLogicExecution"] = options.bypassBusinessLogic;
  if (options.suppressDuplicateDetection) headers["MSCRM.SuppressDuplicateDetection"] = "true";
  if (options.returnRepresentation) headers.Prefer = "return=representation";
  return headers;
}

/** An attempt abandoned after `timeoutMs` without an answer: a dropped connection, as far as the caller knows. */
function noAnswerInfo(timeoutMs: number): DataverseErrorInfo {
  return { status: 0, code: "Timeout", message: `No response from Dataverse within ${timeoutMs < 1000 ? `${timeoutMs} ms` : `${Math.round(timeoutMs / 1000)} s`}.`, retriable: true };
}

/** The error after the last attempt without an answer: the org stopped answering (the run can be resumed). */
function stoppedAnswering(info: DataverseErrorInfo, attempts: number): DataverseErrorInfo {
  return { ...info, message: `The org stopped answering (${attempts} attempt${attempts > 1 ? "s" : ""}; last: ${info.message}). Check that it is reachable, then resume the run.` };
}

function combineSignals(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  if (!a) return b;
  if (!b) return a;
  return AbortSignal.any([a, b]);
}
