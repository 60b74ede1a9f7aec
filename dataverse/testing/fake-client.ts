import { DataverseError } from "../errors";
import { parseRecordPath } from "../odata/keys";
import { normalizeGuid } from "../odata/literals";
import { assertValidBatch, flattenBatch } from "../batch/limits";
import { NOT_EXECUTED_CODE } from "../batch/parse";
import { solutionModel } from "../../solution/model";
import { compileFilter } from "./fake-filter";
import type {
  AsyncJobStatus, BatchOperation, BatchOperationResult, BatchRequest, BulkMessage, ClientCounters, DataverseClientApi, DataverseErrorInfo,
  Entity, EntityMetadata, NewColumn, Page, QueryOptions, RecordRef, UpsertMode, WhoAmI, WriteOptions,
} from "../types";

/** What the double knows about a table: its logical name and primary key column. */
export interface FakeTable {
  logicalName: string;
  primaryId: string;
}

/** One call the double received, for assertions: the operation, the entity set and how many records. */
export interface FakeCall {
  operation: string;
  entitySet?: string;
  records: number;
}

export interface FakeClientOptions {
  /** Extra or overriding tables by entity set; the solution's tables, contact, account and activities are known. */
  tables?: Record<string, FakeTable>;
  /** Which tables support which bulk messages; default: all. */
  bulkSupported?: (logicalName: string, message: BulkMessage) => boolean;
  /** Makes a write fail with the given error (to test error paths); return undefined to let it through. */
  failWrite?: (write: { operation: string; entitySet: string; record: Entity }) => DataverseErrorInfo | undefined;
  /** Answers `execute` calls. */
  execute?: (method: "GET" | "POST", path: string, body?: Entity) => unknown;
  /** Table definitions returned by getEntityMetadata. */
  metadata?: EntityMetadata[];
}

const ACTIVITY_TABLES = ["task", "phonecall", "email", "appointment", "letter", "fax"];

function defaultTables(): Record<string, FakeTable> {
  const tables: Record<string, FakeTable> = {};
  for (const t of solutionModel.tables) tables[t.entitySetName] = { logicalName: t.logicalName, primaryId: t.primaryIdColumn };
  for (const t of solutionModel.extensions) {
    tables[t.entitySetName] = { logicalName: t.logicalName, primaryId: ACTIVITY_TABLES.includes(t.logicalName) ? "activityid" : `${t.logicalName}id` };
  }
  tables.annotations = { logicalName: "annotation", primaryId: "annotationid" };
  tables.systemusers = { logicalName: "systemuser", primaryId: "systemuserid" };
  return tables;
}

function fail(status: number, code: string, message: string): never {
  throw new DataverseError({ status, code, message, retriable: false });
}

/**
 * An in-memory Dataverse for unit tests of the engine, ledger, reconcile and rollback: records per entity set,
 * look-ups by id or alternate key, `$filter` (eq/ne/In), paging, $batch with atomic change sets, bulk
 * messages, and the same counters as the real client. It behaves like the Web API where tests rely on it and
 * throws on anything it does not model, rather than pretending.
 */
export class FakeDataverseClient implements DataverseClientApi {
  readonly counters: ClientCounters = { requests: 0, operations: 0, retries: 0, throttles: 0, bytesSent: 0, bytesReceived: 0 };
  readonly calls: FakeCall[] = [];
  readonly published: string[][] = [];
  readonly userId = "00000000-0000-0000-0000-0000000000aa";
  private store = new Map<string, Map<string, Entity>>();
  private readonly tables: Record<string, FakeTable>;
  private readonly metadata = new Map<string, EntityMetadata>();
  private readonly jobs = new Map<string, AsyncJobStatus>();

  constructor(private readonly options: FakeClientOptions = {}) {
    this.tables = { ...defaultTables(), ...options.tables };
    for (const m of options.metadata ?? []) this.metadata.set(m.LogicalName, structuredClone(m));
  }

  // ---- test helpers -------------------------------------------------------------------------------------

  /** Every record of an entity set (copies). */
  records(entitySet: string): Entity[] {
    return [...this.set(entitySet).values()].map((r) => ({ ...r }));
  }

  /** Puts records in place without counting them (test setup). Returns their ids. */
  seed(entitySet: string, records: Entity[]): string[] {
    return records.map((r) => this.insert(entitySet, { ...r }));
  }

  table(entitySet: string): FakeTable {
    return this.tables[entitySet] ?? { logicalName: entitySet.replace(/s$/, ""), primaryId: `${entitySet.replace(/s$/, "")}id` };
  }

  // ---- records ------------------------------------------------------------------------------------------

  async create(entitySet: string, body: Entity, _options?: WriteOptions): Promise<string> {
    this.count("create", entitySet, 1);
    return this.createRecord(entitySet, body);
  }

  async retrieve<T = Entity>(entitySet: string, ref: RecordRef, options: { select?: string[] } = {}): Promise<T | null> {
    this.count("retrieve", entitySet, 1);
    const found = this.find(entitySet, ref);
    return found ? (project(found, options.select) as T) : null;
  }

  async update(entitySet: string, ref: RecordRef, body: Entity, _options?: WriteOptions): Promise<void> {
    this.count("update", entitySet, 1);
    this.upsertRecord(entitySet, ref, body, "updateOnly");
  }

  async upsert(entitySet: string, ref: RecordRef, body: Entity, mode: UpsertMode = "upsert", _options?: WriteOptions): Promise<string> {
    this.count("upsert", entitySet, 1);
    return this.upsertRecord(entitySet, ref, body, mode);
  }

  async delete(entitySet: string, ref: RecordRef): Promise<void> {
    this.count("delete", entitySet, 1);
    this.deleteRecord(entitySet, ref);
  }

  // ---- queries ------------------------------------------------------------------------------------------

  async retrieveMultiple<T = Entity>(entitySet: string, query: QueryOptions = {}): Promise<Page<T>> {
    this.count("retrieveMultiple", entitySet, 1);
    if (query.apply || query.expand) throw new Error("FakeDataverseClient does not model $apply or $expand.");
    let rows = [...this.set(entitySet).values()].filter(compileFilter(query.filter));
    if (query.orderby) rows = sortRows(rows, query.orderby);
    if (query.top !== undefined) rows = rows.slice(0, query.top);
    return this.page<T>(rows.map((r) => project(r, query.select)), 0, query.maxPageSize, query.count ? rows.length : undefined);
  }

  async nextPage<T = Entity>(nextLink: string): Promise<Page<T>> {
    const match = /^fake:\/\/page\/(\d+)\/(\d+)$/.exec(nextLink);
    const pending = match ? this.pages.get(Number(match[1])) : undefined;
    if (!match || !pending) throw new Error(`Unknown nextLink: ${nextLink}`);
    this.count("nextPage", undefined, 1);
    return this.page<T>(pending.rows, Number(match[2]), pending.size, undefined, Number(match[1]));
  }

  async retrieveAll<T = Entity>(entitySet: string, query: QueryOptions = {}): Promise<T[]> {
    let page = await this.retrieveMultiple<T>(entitySet, query);
    const all = [...page.value];
    while (page.nextLink) {
      page = await this.nextPage<T>(page.nextLink);
      all.push(...page.value);
    }
    return all;
  }

  private pages = new Map<number, { rows: Entity[]; size: number }>();
  private pageIds = 0;

  private page<T>(rows: Entity[], offset: number, size: number | undefined, count: number | undefined, id?: number): Page<T> {
    const limit = size ?? 5000;
    const page: Page<T> = { value: rows.slice(offset, offset + limit) as T[] };
    if (count !== undefined) page.count = count;
    if (offset + limit < rows.length) {
      const pageId = id ?? ++this.pageIds;
      this.pages.set(pageId, { rows, size: limit });
      page.nextLink = `fake://page/${pageId}/${offset + limit}`;
    }
    return page;
  }

  // ---- $batch -------------------------------------------------------------------------------------------

  async executeBatch(request: BatchRequest): Promise<BatchOperationResult[]> {
    assertValidBatch(request);
    const flat = flattenBatch(request);
    this.count("executeBatch", undefined, flat.length);
    const results: BatchOperationResult[] = [];
    let stopped = false;
    request.changeSets.forEach((ops, changeSet) => {
      const items = flat.filter((f) => f.changeSet === changeSet);
      if (stopped) return results.push(...items.map((f) => notExecuted(f.index)));
      const snapshot = this.snapshot();
      const refs = new Map<string, string>();
      const partial: BatchOperationResult[] = [];
      for (const item of items) {
        const result = this.runOperation(item.index, item.operation, refs);
        partial.push(result);
        if (result.error) {
          this.store = snapshot;
          results.push(...items.map((f) => (f.index === item.index ? result : { index: f.index, contentId: f.operation.contentId, status: result.status, error: result.error, rolledBack: true })));
          if (!request.continueOnError) stopped = true;
          return;
        }
      }
      results.push(...partial);
    });
    for (const item of flat.filter((f) => f.changeSet === undefined)) {
      if (stopped) {
        results.push(notExecuted(item.index));
        continue;
      }
      const result = this.runOperation(item.index, item.operation, new Map());
      results.push(result);
      if (result.error && !request.continueOnError) stopped = true;
    }
    return results;
  }

  private runOperation(index: number, op: BatchOperation, refs: Map<string, string>): BatchOperationResult {
    const base: BatchOperationResult = { index, status: 0 };
    if (op.contentId !== undefined) base.contentId = op.contentId;
    try {
      const url = op.url.replace(/^\$(\w+)/, (_, id: string) => refs.get(id) ?? fail(400, "0x80048d19", `Content-ID Reference: '$${id}' does not exist in the batch context.`));
      const { entitySet, ref } = parseRecordPath(url);
      const body = (op.body ?? {}) as Entity;
      if (op.method === "GET") {
        const found = ref === undefined ? undefined : this.find(entitySet, ref);
        if (ref !== undefined && !found) fail(404, "0x80040217", `${this.table(entitySet).logicalName} with the given key does not exist.`);
        return { ...base, status: 200, body: found ? { ...found } : { value: this.records(entitySet) } };
      }
      if (op.method === "DELETE") {
        this.deleteRecord(entitySet, ref ?? fail(400, "0x80060888", "DELETE needs a record key."));
        return { ...base, status: 204 };
      }
      const id = op.method === "POST"
        ? this.createRecord(entitySet, body)
        : this.upsertRecord(entitySet, ref ?? fail(400, "0x80060888", "PATCH needs a record key."), body, op.headers?.["If-Match"] === "*" ? "updateOnly" : op.headers?.["If-None-Match"] === "*" ? "createOnly" : "upsert");
      if (op.contentId !== undefined) refs.set(op.contentId, `${entitySet}(${id})`);
      return { ...base, status: 204, entityId: id };
    } catch (error) {
      if (!(error instanceof DataverseError)) throw error;
      return { ...base, status: error.status, error: error.info };
    }
  }

  // ---- bulk messages ------------------------------------------------------------------------------------

  async createMultiple(entitySet: string, logicalName: string, targets: Entity[]): Promise<string[]> {
    this.count("createMultiple", entitySet, targets.length);
    return this.atomically(() => targets.map((t) => this.createRecord(entitySet, withoutType(t, logicalName))));
  }

  async updateMultiple(entitySet: string, logicalName: string, targets: Entity[]): Promise<void> {
    this.count("updateMultiple", entitySet, targets.length);
    this.atomically(() => targets.map((t) => this.upsertRecord(entitySet, this.refOfTarget(entitySet, t), withoutType(t, logicalName), "updateOnly")));
  }

  async upsertMultiple(entitySet: string, logicalName: string, targets: Entity[]): Promise<string[]> {
    this.count("upsertMultiple", entitySet, targets.length);
    return this.atomically(() => targets.map((t) => this.upsertRecord(entitySet, this.refOfTarget(entitySet, t), withoutType(t, logicalName), "upsert")));
  }

  async supportsBulk(logicalName: string, message: BulkMessage): Promise<boolean> {
    return this.options.bulkSupported ? this.options.bulkSupported(logicalName, message) : true;
  }

  // ---- metadata, org, jobs ------------------------------------------------------------------------------

  async getEntityMetadata(logicalName: string): Promise<EntityMetadata> {
    this.count("getEntityMetadata", undefined, 1);
    const found = this.metadata.get(logicalName);
    if (!found) fail(404, "0x80060888", `Could not find an entity with name ${logicalName}.`);
    return structuredClone(found);
  }

  async createColumn(column: NewColumn): Promise<void> {
    this.count("createColumn", undefined, 1);
    const table = this.metadata.get(column.table);
    if (!table) fail(404, "0x80060888", `Could not find an entity with name ${column.table}.`);
    if (table.Attributes.some((a) => a.LogicalName === column.logicalName)) fail(400, "0x80044363", `An attribute named ${column.logicalName} already exists.`);
    const types: Record<NewColumn["type"], string> = { string: "String", memo: "Memo", integer: "Integer", decimal: "Decimal", money: "Money", boolean: "Boolean", datetime: "DateTime" };
    table.Attributes.push({ LogicalName: column.logicalName, AttributeType: types[column.type], RequiredLevel: "None", MaxLength: column.maxLength, IsValidForCreate: true, IsValidForUpdate: true });
  }

  async publish(tables: string[]): Promise<void> {
    this.count("publish", undefined, 1);
    this.published.push([...tables]);
  }

  async whoAmI(): Promise<WhoAmI> {
    this.count("whoAmI", undefined, 1);
    return { UserId: this.userId, BusinessUnitId: "00000000-0000-0000-0000-0000000000bb", OrganizationId: "00000000-0000-0000-0000-0000000000cc" };
  }

  /** Runs the deletion at once and records a completed job (the real one is asynchronous: poll getAsyncJob). */
  async bulkDelete(job: { name: string; table: string; conditions: { attribute: string; operator: "eq" | "in" | "le"; values: string[] }[] }): Promise<string> {
    this.count("bulkDelete", undefined, 1);
    if (job.conditions.length === 0) throw new Error("A bulk delete needs at least one condition.");
    const entitySet = Object.keys(this.tables).find((set) => this.tables[set].logicalName === job.table) ?? `${job.table}s`;
    const rows = this.set(entitySet);
    for (const [id, record] of rows) {
      const holds = (c: (typeof job.conditions)[number]) =>
        c.operator === "le"
          ? Date.parse(String(record[c.attribute] ?? "")) <= Date.parse(c.values[0])
          : c.values.some((v) => String(record[c.attribute] ?? "").toLowerCase() === v.toLowerCase());
      if (job.conditions.every(holds)) rows.delete(id);
    }
    const jobId = crypto.randomUUID();
    this.jobs.set(jobId, { id: jobId, stateCode: 3, statusCode: 30 });
    return jobId;
  }

  async getAsyncJob(jobId: string): Promise<AsyncJobStatus> {
    this.count("getAsyncJob", undefined, 1);
    return this.jobs.get(jobId) ?? fail(404, "0x80040217", `asyncoperation With Id = ${jobId} Does Not Exist`);
  }

  async execute<T = unknown>(method: "GET" | "POST", path: string, body?: Entity): Promise<T> {
    this.count("execute", undefined, 1);
    if (!this.options.execute) throw new Error(`FakeDataverseClient has no handler for ${method} ${path}; pass options.execute.`);
    return this.options.execute(method, path, body) as T;
  }

  // ---- the store ----------------------------------------------------------------------------------------

  private count(operation: string, entitySet: string | undefined, records: number): void {
    this.counters.requests += 1;
    this.counters.operations += records;
    this.calls.push(entitySet === undefined ? { operation, records } : { operation, entitySet, records });
  }

  private set(entitySet: string): Map<string, Entity> {
    let rows = this.store.get(entitySet);
    if (!rows) this.store.set(entitySet, (rows = new Map()));
    return rows;
  }

  private snapshot(): Map<string, Map<string, Entity>> {
    return new Map([...this.store].map(([set, rows]) => [set, new Map([...rows].map(([id, r]) => [id, { ...r }]))]));
  }

  private atomically<T>(work: () => T): T {
    const snapshot = this.snapshot();
    try {
      return work();
    } catch (error) {
      this.store = snapshot;
      throw error;
    }
  }

  private find(entitySet: string, ref: RecordRef): Entity | undefined {
    const rows = this.set(entitySet);
    if (typeof ref === "string") return rows.get(normalizeGuid(ref));
    const key = Object.entries(ref);
    return [...rows.values()].find((r) => key.every(([column, value]) => r[column] === value));
  }

  private insert(entitySet: string, record: Entity): string {
    const { primaryId } = this.table(entitySet);
    const id = typeof record[primaryId] === "string" ? normalizeGuid(record[primaryId] as string) : crypto.randomUUID();
    this.set(entitySet).set(id, { ...record, [primaryId]: id });
    return id;
  }

  private checkWrite(operation: string, entitySet: string, record: Entity): void {
    const error = this.options.failWrite?.({ operation, entitySet, record });
    if (error) throw new DataverseError(error);
  }

  private createRecord(entitySet: string, body: Entity): string {
    this.checkWrite("create", entitySet, body);
    const key = body.dxm_sourcekey;
    if (typeof key === "string" && this.find(entitySet, { dxm_sourcekey: key })) {
      fail(412, "0x80040237", "A record that has the attribute values dxm_sourcekey already exists.");
    }
    const { primaryId } = this.table(entitySet);
    if (typeof body[primaryId] === "string" && this.find(entitySet, body[primaryId] as string)) fail(412, "0x80040237", "Cannot insert duplicate key.");
    return this.insert(entitySet, body);
  }

  private upsertRecord(entitySet: string, ref: RecordRef, body: Entity, mode: UpsertMode): string {
    const existing = this.find(entitySet, ref);
    if (existing && mode === "createOnly") fail(412, "0x80040237", "A record with matching key values already exists.");
    if (!existing && mode === "updateOnly") fail(404, "0x80040217", `${this.table(entitySet).logicalName} with the given key does not exist.`);
    this.checkWrite(existing ? "update" : "create", entitySet, body);
    const { primaryId } = this.table(entitySet);
    if (existing) {
      Object.assign(existing, body, { [primaryId]: existing[primaryId] });
      return existing[primaryId] as string;
    }
    return this.insert(entitySet, typeof ref === "string" ? { ...body, [primaryId]: ref } : { ...body, ...ref });
  }

  private deleteRecord(entitySet: string, ref: RecordRef): void {
    const found = this.find(entitySet, ref);
    if (!found) fail(404, "0x80040217", `${this.table(entitySet).logicalName} with the given key does not exist.`);
    this.set(entitySet).delete(found[this.table(entitySet).primaryId] as string);
  }

  private refOfTarget(entitySet: string, target: Entity): RecordRef {
    const { primaryId } = this.table(entitySet);
    if (typeof target["@odata.id"] === "string") {
      const ref = parseRecordPath(String(target["@odata.id"]).replace(/^.*\//, "")).ref;
      if (ref !== undefined) return ref;
    }
    if (typeof target[primaryId] === "string") return target[primaryId] as string;
    if (typeof target.dxm_sourcekey === "string") return { dxm_sourcekey: target.dxm_sourcekey };
    return fail(400, "0x80040203", `A ${entitySet} target names neither its id nor its source key.`);
  }
}

function withoutType(target: Entity, logicalName: string): Entity {
  const { "@odata.type": type, "@odata.id": _id, ...rest } = target;
  if (type !== undefined && type !== `Microsoft.Dynamics.CRM.${logicalName}`) fail(400, "0x80048d19", `Target @odata.type ${String(type)} does not match ${logicalName}.`);
  return rest;
}

function project(record: Entity, select: string[] | undefined): Entity {
  if (!select?.length) return { ...record };
  return Object.fromEntries(select.map((column) => [column, record[column] ?? null]));
}

function sortRows(rows: Entity[], orderby: string): Entity[] {
  const keys = orderby.split(",").map((part) => {
    const [column, direction] = part.trim().split(/\s+/);
    return { column, sign: direction === "desc" ? -1 : 1 };
  });
  return [...rows].sort((a, b) => {
    for (const { column, sign } of keys) {
      const x = a[column] as string | number;
      const y = b[column] as string | number;
      if (x !== y) return (x > y ? 1 : -1) * sign;
    }
    return 0;
  });
}

function notExecuted(index: number): BatchOperationResult {
  return { index, status: 0, error: { status: 0, code: NOT_EXECUTED_CODE, message: "Not executed: the batch stopped at an earlier failure.", retriable: true } };
}
