/**
 * The one Web API client interface the browser control, the command-bar scripts and the `dxm` CLI share.
 * Implementations: `DataverseClient` over a `Transport` (browser same-origin fetch, or Node fetch with a
 * bearer token), and a test double. Everything here is plain data: no DOM, no Node APIs.
 */

export type Entity = Record<string, unknown>;

/** Addresses a record by its primary key or by an alternate key (`{ dxm_sourcekey: "patient:10482" }`). */
export type RecordRef = string | Record<string, string | number>;

export interface QueryOptions {
  select?: string[];
  /** OData $filter text, e.g. `dxm_sourcekey eq 'patient:1'` or `Microsoft.Dynamics.CRM.In(PropertyName='x',PropertyValues=['a','b'])`. */
  filter?: string;
  orderby?: string;
  top?: number;
  count?: boolean;
  /** `Prefer: odata.maxpagesize`. */
  maxPageSize?: number;
  /** `$apply` aggregation text, e.g. `groupby((_dxm_providerid_value),aggregate(dxm_fee with sum as total))`. */
  apply?: string;
  expand?: string;
}

export interface Page<T = Entity> {
  value: T[];
  count?: number;
  nextLink?: string;
}

/** Optional request headers Dataverse honours. */
export interface WriteOptions {
  /** `MSCRM.BypassBusinessLogicExecution` (e.g. "CustomSync,CustomAsync"). */
  bypassBusinessLogic?: string;
  /** `MSCRM.SuppressDuplicateDetection: true`. */
  suppressDuplicateDetection?: boolean;
  /** `Prefer: return=representation`. */
  returnRepresentation?: boolean;
  signal?: AbortSignal;
  /**
   * With several identities (a client given `identities`): told, once the write succeeded, who it went out as
   * (the identity's systemuserid when known, else its name), so the ledger can say which identity wrote what.
   */
  sentAs?: (identity: string) => void;
}

export type UpsertMode = "upsert" | "createOnly" | "updateOnly";

/** One operation inside a $batch. `url` is relative to the Web API root (e.g. `contacts(dxm_sourcekey='p:1')`). */
export interface BatchOperation {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  url: string;
  body?: Entity;
  headers?: Record<string, string>;
  /** Content-ID, referenced from later operations of the same change set as `$<id>`. */
  contentId?: string;
}

export interface BatchRequest {
  /** Operations grouped in one change set are atomic; GET operations must be outside change sets. */
  changeSets: BatchOperation[][];
  /** GET operations (outside any change set). */
  gets?: BatchOperation[];
  continueOnError?: boolean;
  /**
   * Sending it again after a lost answer has the same effect (say so for a batch with POSTs that cannot
   * commit: every change set that writes ends in a deliberate failure). Default: no POST in it.
   */
  replaySafe?: boolean;
}

export interface BatchOperationResult {
  /** Index in the flattened request: change sets first in order, then gets. */
  index: number;
  contentId?: string;
  status: number;
  /** From the `OData-EntityId` header: the created or updated record's id. */
  entityId?: string;
  body?: unknown;
  /** Set when status >= 400; the part's own Dataverse error, never a generic one. */
  error?: DataverseErrorInfo;
  /** In a change set that failed as a whole: this operation did not fail itself but was rolled back with it. */
  rolledBack?: boolean;
}

export interface DataverseErrorInfo {
  status: number;
  /** Dataverse error code, e.g. `0x80040237` (duplicate key), `0x80072322` (throttled). */
  code: string;
  message: string;
  retriable: boolean;
}

export type BulkMessage = "CreateMultiple" | "UpdateMultiple" | "UpsertMultiple";

export interface AttributeMetadata {
  LogicalName: string;
  AttributeType: string;
  RequiredLevel?: "None" | "SystemRequired" | "ApplicationRequired" | "Recommended";
  MaxLength?: number;
  IsValidForCreate?: boolean;
  IsValidForUpdate?: boolean;
  /** Option values for choice / boolean columns. */
  Options?: { Value: number; Label: string }[];
  Targets?: string[];
  DateTimeBehavior?: "UserLocal" | "DateOnly" | "TimeZoneIndependent";
}

export interface EntityMetadata {
  LogicalName: string;
  EntitySetName: string;
  PrimaryIdAttribute: string;
  PrimaryNameAttribute: string;
  IsCustomEntity: boolean;
  Attributes: AttributeMetadata[];
  Keys?: { LogicalName: string; KeyAttributes: string[] }[];
}

/** A column to create through the metadata API (custom fields found in the exports). */
export interface NewColumn {
  table: string;
  logicalName: string;
  displayName: string;
  type: "string" | "memo" | "integer" | "decimal" | "money" | "boolean" | "datetime";
  maxLength?: number;
}

export interface WhoAmI {
  UserId: string;
  BusinessUnitId: string;
  OrganizationId: string;
}

export interface AsyncJobStatus {
  id: string;
  /** asyncoperation statecode: 0 Ready, 1 Suspended, 2 Locked, 3 Completed. */
  stateCode: number;
  /** 30 Succeeded, 31 Failed, 32 Canceled, others in progress. */
  statusCode: number;
  message?: string;
}

/** Counters for progress screens and benchmarks. */
export interface ClientCounters {
  requests: number;
  /** Record operations carried (a batch of 500 creates counts 500). */
  operations: number;
  retries: number;
  throttles: number;
  bytesSent: number;
  bytesReceived: number;
}

/**
 * What service protection's 5-minute window had left when Dataverse last said so: every response carries
 * `x-ms-ratelimit-burst-remaining-xrm-requests` and `x-ms-ratelimit-time-remaining-xrm-requests`.
 */
export interface WindowLeft {
  requests: number;
  executionMs: number;
}

export interface DataverseClientApi {
  readonly counters: ClientCounters;
  /** Requests the client runs at once right now (it follows Dataverse's `x-ms-dop-hint`); absent on doubles. */
  readonly concurrency?: number;
  /**
   * The window left as the latest response said (with several identities, the one with the most execution
   * time left); undefined before any response said, and on doubles.
   */
  readonly windowLeft?: WindowLeft;

  create(entitySet: string, body: Entity, options?: WriteOptions): Promise<string>;
  retrieve<T = Entity>(entitySet: string, ref: RecordRef, options?: { select?: string[]; signal?: AbortSignal }): Promise<T | null>;
  update(entitySet: string, ref: RecordRef, body: Entity, options?: WriteOptions): Promise<void>;
  upsert(entitySet: string, ref: RecordRef, body: Entity, mode?: UpsertMode, options?: WriteOptions): Promise<string>;
  delete(entitySet: string, ref: RecordRef, options?: { signal?: AbortSignal }): Promise<void>;

  retrieveMultiple<T = Entity>(entitySet: string, query?: QueryOptions, options?: { signal?: AbortSignal }): Promise<Page<T>>;
  /** Follows @odata.nextLink until the end. */
  retrieveAll<T = Entity>(entitySet: string, query?: QueryOptions, options?: { signal?: AbortSignal }): Promise<T[]>;
  nextPage<T = Entity>(nextLink: string, options?: { maxPageSize?: number; signal?: AbortSignal }): Promise<Page<T>>;

  executeBatch(request: BatchRequest, options?: WriteOptions): Promise<BatchOperationResult[]>;

  /** Bulk messages; `logicalName` gives each target's `@odata.type`. Returns ids in order. */
  createMultiple(entitySet: string, logicalName: string, targets: Entity[], options?: WriteOptions): Promise<string[]>;
  updateMultiple(entitySet: string, logicalName: string, targets: Entity[], options?: WriteOptions): Promise<void>;
  upsertMultiple(entitySet: string, logicalName: string, targets: Entity[], options?: WriteOptions): Promise<string[]>;
  /** Whether the table supports a bulk message (asked once from sdkmessagefilters, then cached). */
  supportsBulk(logicalName: string, message: BulkMessage): Promise<boolean>;

  getEntityMetadata(logicalName: string): Promise<EntityMetadata>;
  /** Creates a column; with `solutionUniqueName` (the `MSCRM.SolutionUniqueName` header) it is added to that solution. */
  createColumn(column: NewColumn, options?: { solutionUniqueName?: string }): Promise<void>;
  publish(tables: string[]): Promise<void>;

  whoAmI(): Promise<WhoAmI>;
  /** Starts a BulkDelete job for records matching a FetchXML-free query (table + OData-like conditions). */
  bulkDelete(job: { name: string; table: string; conditions: { attribute: string; operator: "eq" | "in" | "le"; values: string[] }[]; recoverable?: boolean }): Promise<string>;
  getAsyncJob(jobId: string): Promise<AsyncJobStatus>;
  /** Unbound or bound function/action escape hatch (e.g. `InitializeAnnotationBlocksUpload`). */
  execute<T = unknown>(method: "GET" | "POST", path: string, body?: Entity, options?: WriteOptions): Promise<T>;
}
