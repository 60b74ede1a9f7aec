import type { BatchOperation, DataverseClientApi, Entity, RecordRef } from "../../dataverse/types";
import { recordPath } from "../../dataverse/odata/keys";
import { migratedTables } from "../../migration/model/tables";
import type { PlanStage, PlannedRecord } from "../../migration/plan/types";
import { plannedSet } from "./baseline";
import { cacheKey, executeMultiple, inBatches, keyBinds, resolveBinds, type LookupCache } from "./peer-requests";

/**
 * A writer a user would pick instead of this product, modelled on the same planned records the engine and
 * the naive control write (bench/workloads/baseline.ts `plannedSet`), with that writer's documented default
 * settings. What every peer does alike:
 * - stages in the plan's dependency order (an SSIS package's destinations, or a pipeline's copy activities,
 *   run one after the other: practices, referrers, patients, then what refers to them);
 * - a lookup pass per stage: the peer reads the id and source key of every record of the tables the stage's
 *   lookups point at (paged, 5,000 a page) and binds lookups by id. KingswaySoft does this with Text Lookup
 *   on a chosen field and Full Cache; Azure Data Factory's copy activity writes lookups as GUIDs only (lookups
 *   by alternate key are for mapping data flows in inline mode), so a pipeline resolves them beforehand;
 * - requests grouped `batchSize` to an ExecuteMultiple (the Web API's `$batch`, bench/workloads/peer-requests.ts),
 *   `threads` of them in flight; batch size 1 sends single requests;
 * - activities, which Dataverse does not take closed on create, closed by a second write of their state with
 *   the same settings (as the engine does);
 * - no ledger, no run record, no run stamp: peers keep none.
 * Timed from the first lookup read to the last write: planning (the peer's own mapping work) is not timed.
 */
export interface PeerSettings {
  /** Requests per ExecuteMultiple; 1 sends plain single requests. */
  batchSize: number;
  /** Batches (or single requests) in flight at once. */
  threads: number;
  /** How the records the plan upserts are written: `create` (POST) or `upsert` (PATCH by alternate key). */
  newRecords: "create" | "upsert";
  /** How the stages that update earlier records address them: by the id from the lookup pass, or upsert by alternate key. */
  updates: "by-id" | "by-key";
  /** Tables written with other settings (KingswaySoft's guidance for attachments). */
  perTable?: Record<string, { batchSize: number; threads: number }>;
}

export interface PeerResult {
  /** Records the plan holds (what the engine writes). */
  plannedRecords: number;
  /** Records written (created, upserted or updated by their stage), and those refused. */
  written: number;
  failed: number;
  /** Activities closed by the second write, and closings refused. */
  closed: number;
  closeFailed: number;
  /** Requests the lookup passes made, and lookups no pass could resolve (left bound by key). */
  lookupRequests: number;
  unresolved: number;
  /** Seconds from the first lookup read to the last write. */
  writeSeconds: number;
  /** Records written per table. */
  perTable: Record<string, number>;
  /** The first few refusals (codes and messages, no record data), to show what went wrong. */
  errors: string[];
}

/** One write a peer makes. */
export interface PeerWrite {
  kind: "create" | "update" | "upsert";
  entitySet: string;
  ref?: RecordRef;
  body: Entity;
}

export async function runPeer(dir: string, client: DataverseClientApi, fallbackOwnerEmail: string, settings: PeerSettings): Promise<PeerResult> {
  const plan = await plannedSet(dir, client, fallbackOwnerEmail);
  const result: PeerResult = { plannedRecords: plan.stages.reduce((n, s) => n + s.count, 0), written: 0, failed: 0, closed: 0, closeFailed: 0, lookupRequests: 0, unresolved: 0, writeSeconds: 0, perTable: {}, errors: [] };
  const started = process.hrtime.bigint();
  for (const stage of plan.stages) await writeStage(client, stage, settings, result);
  result.writeSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return result;
}

async function writeStage(client: DataverseClientApi, stage: PlanStage, settings: PeerSettings, result: PeerResult): Promise<void> {
  const records: PlannedRecord[] = [];
  for await (const record of stage.records()) records.push(record);
  if (records.length === 0) return;
  const operation = stage.operation ?? "upsert";
  const lookedUp = new Set(records.flatMap((r) => keyBinds(r.payload).map((b) => b.entitySet)));
  if (operation === "update" && settings.updates === "by-id") lookedUp.add(stage.entitySet);
  const cache = await lookupPass(client, [...lookedUp], result);
  const { batchSize, threads } = settings.perTable?.[stage.table] ?? settings;

  const writes = records.map((record): PeerWrite => {
    const resolved = resolveBinds(record.payload, cache);
    result.unresolved += resolved.unresolved;
    return writeFor(stage, operation, record, resolved.payload, settings, cache);
  });
  const outcomes = await writeAll(client, writes, batchSize, threads, result.errors);
  const written = outcomes.filter((o) => o.ok).length;
  result.written += written;
  result.failed += outcomes.length - written;
  result.perTable[stage.table] = (result.perTable[stage.table] ?? 0) + written;

  const closings = records.flatMap((record, i): PeerWrite[] => {
    if (!record.finalState || !outcomes[i].ok) return [];
    const id = outcomes[i].id;
    return settings.newRecords === "create" && id
      ? [{ kind: "update", entitySet: stage.entitySet, ref: id, body: { ...record.finalState } }]
      : [{ kind: settings.newRecords === "create" ? "update" : "upsert", entitySet: stage.entitySet, ref: { dxm_sourcekey: record.sourceKey }, body: { ...record.finalState } }];
  });
  if (closings.length === 0) return;
  const closed = await writeAll(client, closings, batchSize, threads, result.errors);
  result.closed += closed.filter((o) => o.ok).length;
  result.closeFailed += closed.filter((o) => !o.ok).length;
}

/** The write a peer makes for one planned record. */
export function writeFor(stage: Pick<PlanStage, "entitySet">, operation: "upsert" | "update" | "create", record: PlannedRecord, payload: Entity, settings: Pick<PeerSettings, "newRecords" | "updates">, cache: LookupCache): PeerWrite {
  const entitySet = stage.entitySet;
  if (operation === "create") return { kind: "create", entitySet, body: payload };
  const { dxm_sourcekey: key, ...rest } = payload;
  const sourceKey = String(key ?? record.sourceKey);
  if (operation === "update") {
    const id = settings.updates === "by-id" ? cache.get(entitySet)?.get(cacheKey(sourceKey)) : undefined;
    if (settings.updates === "by-key") return { kind: "upsert", entitySet, ref: { dxm_sourcekey: sourceKey }, body: rest };
    return { kind: "update", entitySet, ref: id ?? { dxm_sourcekey: sourceKey }, body: rest };
  }
  return settings.newRecords === "create" ? { kind: "create", entitySet, body: payload } : { kind: "upsert", entitySet, ref: { dxm_sourcekey: sourceKey }, body: rest };
}

/** Reads id and source key of every record of `entitySets` (paged, 5,000 a page), as a Full Cache lookup does. */
async function lookupPass(client: DataverseClientApi, entitySets: string[], result: PeerResult): Promise<LookupCache> {
  const cache: LookupCache = new Map();
  const before = client.counters.requests;
  for (const entitySet of entitySets) {
    const table = migratedTables.find((t) => t.entitySet === entitySet);
    if (!table) throw new Error(`A lookup to ${entitySet}, which is not a table the migration writes`);
    const rows = await client.retrieveAll<Entity>(entitySet, { select: [table.primaryId, "dxm_sourcekey"], maxPageSize: 5000 });
    cache.set(entitySet, new Map(rows.map((r) => [cacheKey(String(r.dxm_sourcekey)), String(r[table.primaryId])])));
  }
  result.lookupRequests += client.counters.requests - before;
  return cache;
}

export interface WriteOutcome {
  ok: boolean;
  id?: string;
}

/** `writes` in batches of `batchSize` (ExecuteMultiple; single requests at 1), `threads` at once. Outcomes in order. */
export async function writeAll(client: DataverseClientApi, writes: PeerWrite[], batchSize: number, threads: number, errors: string[]): Promise<WriteOutcome[]> {
  const outcomes: WriteOutcome[] = new Array(writes.length);
  const batches = inBatches(writes.map((w, i) => ({ w, i })), batchSize);
  const note = (message: string) => {
    if (errors.length < 5) errors.push(message);
  };
  const send = async (batch: { w: PeerWrite; i: number }[]) => {
    if (batchSize === 1) {
      const [{ w, i }] = batch;
      try {
        outcomes[i] = { ok: true, id: await sendOne(client, w) };
      } catch (error) {
        note(error instanceof Error ? error.message : String(error));
        outcomes[i] = { ok: false };
      }
      return;
    }
    try {
      const results = await client.executeBatch(executeMultiple(batch.map(({ w }) => batchOperation(w))));
      for (const r of results) {
        if (r.status >= 400) note(`${r.error?.code ?? r.status}: ${r.error?.message ?? ""}`);
        outcomes[batch[r.index].i] = { ok: r.status < 400, id: r.entityId };
      }
    } catch (error) {
      note(error instanceof Error ? error.message : String(error));
    }
    for (const { i } of batch) outcomes[i] ??= { ok: false };
  };
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(threads, batches.length) }, async () => {
      while (next < batches.length) await send(batches[next++]);
    }),
  );
  return outcomes;
}

async function sendOne(client: DataverseClientApi, w: PeerWrite): Promise<string | undefined> {
  if (w.kind === "create") return client.create(w.entitySet, w.body);
  if (w.kind === "update") {
    await client.update(w.entitySet, w.ref!, w.body);
    return typeof w.ref === "string" ? w.ref : undefined;
  }
  return client.upsert(w.entitySet, w.ref!, w.body);
}

/** One write as a request inside an ExecuteMultiple: Create → POST, Update → PATCH with If-Match: *, Upsert → PATCH. */
export function batchOperation(w: PeerWrite): BatchOperation {
  if (w.kind === "create") return { method: "POST", url: w.entitySet, body: w.body };
  const url = recordPath(w.entitySet, w.ref!);
  return w.kind === "update" ? { method: "PATCH", url, body: w.body, headers: { "If-Match": "*" } } : { method: "PATCH", url, body: w.body };
}
