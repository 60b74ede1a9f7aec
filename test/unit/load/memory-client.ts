import type {
  BatchOperationResult, BatchRequest, ClientCounters, DataverseClientApi, Entity, EntityMetadata, Page, QueryOptions, RecordRef,
} from "../../../dataverse/types";

type Failure = { status: number; code: string; message: string; retriable: boolean };

/**
 * An in-memory Dataverse for the loader's unit tests: records per entity set, atomic bulk messages and
 * change sets, `Microsoft.Dynamics.CRM.In` look-ups, and injectable failures. Every call counts as a request.
 */
export class MemoryClient implements DataverseClientApi {
  readonly counters: ClientCounters = { requests: 0, operations: 0, retries: 0, throttles: 0, bytesSent: 0, bytesReceived: 0 };
  readonly sets = new Map<string, Map<string, Entity>>();
  readonly calls: { op: string; set: string; count: number }[] = [];
  /** A record the service refuses (per record, so any request holding it fails as a whole). */
  rejects: (set: string, body: Entity) => Failure | undefined = () => undefined;
  /** Requests larger than this fail with a retriable timeout. */
  maxRecordsPerRequest = Infinity;
  bulk = true;

  constructor(private readonly primaryIds: Record<string, string>) {}

  table(set: string): Map<string, Entity> {
    let t = this.sets.get(set);
    if (!t) this.sets.set(set, (t = new Map()));
    return t;
  }

  private pk(set: string): string {
    return this.primaryIds[set] ?? `${set.replace(/s$/, "")}id`;
  }

  private guard(set: string, bodies: Entity[]): void {
    this.counters.requests++;
    this.counters.operations += bodies.length;
    if (bodies.length > this.maxRecordsPerRequest) throw Object.assign(new Error("Request timed out"), { status: 504, code: "HTTP504", retriable: true });
    for (const b of bodies) {
      const f = this.rejects(set, b);
      if (f) throw Object.assign(new Error(f.message), f);
    }
  }

  private put(set: string, body: Entity, id?: string): string {
    const pk = this.pk(set);
    const key = body.dxm_sourcekey as string | undefined;
    const t = this.table(set);
    const recordId = id ?? (body[pk] as string | undefined) ?? crypto.randomUUID();
    if (!id && key && [...t.values()].some((r) => r.dxm_sourcekey === key && r[pk] !== recordId)) {
      throw Object.assign(new Error("A record with matching key values already exists."), { status: 412, code: "0x80040237", retriable: false });
    }
    const previous = t.get(recordId) ?? {};
    const next: Entity = { ...previous, [pk]: recordId };
    for (const [k, v] of Object.entries(body)) {
      if (k.endsWith("@odata.bind")) next[`_${k.slice(0, -11)}_value`] = /\(([0-9a-f-]{36})\)/.exec(String(v))?.[1] ?? v;
      else if (!k.startsWith("@")) next[k] = v;
    }
    t.set(recordId, next);
    return recordId;
  }

  async create(set: string, body: Entity): Promise<string> {
    this.guard(set, [body]);
    this.calls.push({ op: "create", set, count: 1 });
    return this.put(set, body);
  }
  async retrieve<T = Entity>(set: string, ref: RecordRef): Promise<T | null> {
    this.counters.requests++;
    return (this.table(set).get(String(ref)) as T | undefined) ?? null;
  }
  async update(set: string, ref: RecordRef, body: Entity): Promise<void> {
    this.guard(set, [body]);
    this.calls.push({ op: "update", set, count: 1 });
    this.put(set, body, String(ref));
  }
  async upsert(): Promise<string> {
    throw new Error("not used");
  }
  async delete(set: string, ref: RecordRef): Promise<void> {
    this.counters.requests++;
    this.table(set).delete(String(ref));
  }
  private query(set: string, query: QueryOptions = {}): Entity[] {
    let rows = [...this.table(set).values()];
    const inMatch = /In\(PropertyName='([^']+)',PropertyValues=\[(.*)\]\)/.exec(query.filter ?? "");
    if (inMatch) {
      const values = new Set([...inMatch[2].matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1].replace(/''/g, "'")));
      rows = rows.filter((r) => values.has(String(r[inMatch[1]])));
    }
    const eq = /^_dxm_migrationrunid_value eq ([0-9a-f-]+)$/.exec(query.filter ?? "");
    if (eq) rows = rows.filter((r) => r._dxm_migrationrunid_value === eq[1]);
    if (/dxm_sourcekey ne null/.test(query.filter ?? "")) rows = rows.filter((r) => r.dxm_sourcekey != null);
    if (query.top !== undefined) rows = rows.slice(0, query.top);
    return rows.map((r) => ({ ...r }));
  }
  async retrieveMultiple<T = Entity>(set: string, query?: QueryOptions): Promise<Page<T>> {
    this.counters.requests++;
    this.calls.push({ op: "get", set, count: 0 });
    return { value: this.query(set, query) as T[] };
  }
  async retrieveAll<T = Entity>(set: string, query?: QueryOptions): Promise<T[]> {
    return (await this.retrieveMultiple<T>(set, query)).value;
  }
  async nextPage<T = Entity>(): Promise<Page<T>> {
    return { value: [] };
  }
  async executeBatch(request: BatchRequest): Promise<BatchOperationResult[]> {
    this.counters.requests++;
    const results: BatchOperationResult[] = [];
    let index = 0;
    for (const ops of request.changeSets) {
      const bodies = ops.map((o) => o.body ?? {});
      const set = ops[0]?.url.split("(")[0] ?? "";
      this.calls.push({ op: "batch", set, count: ops.length });
      if (ops.length > this.maxRecordsPerRequest) throw Object.assign(new Error("Request timed out"), { status: 504, code: "HTTP504", retriable: true });
      const failing = bodies.map((b) => this.rejects(set, b)).find(Boolean);
      if (failing) {
        results.push({ index: index, status: failing.status, error: failing });
        index += ops.length;
        continue;
      }
      for (const op of ops) {
        const id = op.method === "POST" ? this.put(set, op.body ?? {}) : this.put(set, op.body ?? {}, /\(([^)]+)\)/.exec(op.url)![1]);
        results.push({ index: index++, status: 204, entityId: `https://x/api/data/v9.2/${set}(${id})` });
      }
    }
    for (const get of request.gets ?? []) {
      const [set, qs] = get.url.split("?");
      const params = new URLSearchParams(qs);
      const rows = this.query(set, { filter: params.get("$filter") ?? undefined, top: params.has("$top") ? Number(params.get("$top")) : undefined });
      results.push({ index: index++, status: 200, body: { value: rows } });
    }
    return results;
  }
  async createMultiple(set: string, _logical: string, targets: Entity[]): Promise<string[]> {
    this.guard(set, targets);
    this.calls.push({ op: "createMultiple", set, count: targets.length });
    return targets.map((t) => this.put(set, t));
  }
  async updateMultiple(set: string, _logical: string, targets: Entity[]): Promise<void> {
    this.guard(set, targets);
    this.calls.push({ op: "updateMultiple", set, count: targets.length });
    for (const t of targets) this.put(set, t, t[this.pk(set)] as string);
  }
  async upsertMultiple(set: string, _logical: string, targets: Entity[]): Promise<string[]> {
    this.guard(set, targets);
    this.calls.push({ op: "upsertMultiple", set, count: targets.length });
    return targets.map((t) => this.put(set, t, t[this.pk(set)] as string));
  }
  async supportsBulk(): Promise<boolean> {
    return this.bulk;
  }
  async getEntityMetadata(): Promise<EntityMetadata> {
    throw new Error("not used");
  }
  async createColumn(): Promise<void> {}
  async publish(): Promise<void> {}
  async whoAmI() {
    return { UserId: "u", BusinessUnitId: "b", OrganizationId: "o" };
  }
  async bulkDelete(): Promise<string> {
    return "";
  }
  async getAsyncJob() {
    return { id: "", stateCode: 3, statusCode: 30 };
  }
  async execute<T>(): Promise<T> {
    throw new Error("not used");
  }
}
