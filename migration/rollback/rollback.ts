import type { BatchOperation, DataverseClientApi, Entity } from "../../dataverse/types";
import { recordPath } from "../../dataverse/odata/keys";
import type { LedgerBatch } from "../ledger/types";
import { migratedTables, OPEN_STATUS, reopening, tableAddress, type TableAddress } from "../model/tables";
import { addToRunReport, readLedger, updateRunRecord, type RunRecord } from "../ledger";
import { rebuildReferenceNotes } from "../run/rebuild-reference";
import { failure, writeInChangeSets, type RecordWork } from "./change-sets";
import { deleteThroughChannels } from "./delete-channels";
import { readIn } from "../load/read-in";
import { markBatchesRolledBack } from "./ledger-access";
import { rollbackRank } from "./order";
import { restorePayload } from "./restore";
import { childRuns, lastWriteOfRunOrChildren, readRun, ROLLBACK_ALLOWED } from "./window";
import type { KeptRecord, RollbackFailure, RollbackOptions, RollbackPreview, RollbackResult, TablePreview } from "./types";

/** A rollback that must not start, with the reason in words. */
export class RollbackRefused extends Error {
  override name = "RollbackRefused";
}

interface TrackedRecord {
  table: string;
  id: string;
  sourceKey?: string;
  batch?: LedgerBatch;
}

/** What the ledger says the run did, per table. */
interface LedgerIndex {
  created: Map<string, Map<string, TrackedRecord>>;
  /** Earliest before-image of each updated record (a record updated twice goes back to before the first). */
  updated: Map<string, Map<string, TrackedRecord & { before: Record<string, unknown> }>>;
  batches: LedgerBatch[];
}

/**
 * Above this many records of one table, the rollback deletes them with BulkDelete jobs: under the cost model
 * (emulator/limits/cost-model.ts) a job deletes a record in 3 ms of the asynchronous service's time, outside
 * the caller's windows, against 12 ms and 10 ms of the execution budget for a delete in a `$batch` (about 330
 * a second at 4 requests at once); a job's pick-up, submission and polling (under a second) weigh as much as
 * about 250 records deleted from here. An org whose asynchronous service is slow to pick jobs up wants a
 * higher threshold (`dxm rollback --bulk-delete-threshold`).
 */
export const DEFAULT_BULK_DELETE_THRESHOLD = 250;
/** Records per BulkDelete job (one `In` condition, a request body of about 50 KB). */
const BULK_DELETE_JOB_SIZE = 1000;
/**
 * Deletes per client `$batch` beside the jobs: small enough that the client's last round ends soon after the
 * last job (a `$batch` of k deletes takes 40 + 12·k ms under the cost model), large enough that requests stay
 * few (one per 100 records, within the 6,000 a window allows).
 */
const CLIENT_BATCH_SIZE = 100;

/** Dataverse keeps date-times to the second; a run started at 10:00:00.9 reads back as 10:00:00. */
const SECOND_MS = 1000;
const STAMP_FILTER = (runId: string) => `_dxm_migrationrunid_value eq ${runId}`;

function indexLedger(batches: LedgerBatch[]): LedgerIndex {
  const created = new Map<string, Map<string, TrackedRecord>>();
  const updated = new Map<string, Map<string, TrackedRecord & { before: Record<string, unknown> }>>();
  const at = <T>(map: Map<string, Map<string, T>>, table: string) => map.get(table) ?? map.set(table, new Map()).get(table)!;
  for (const batch of [...batches].sort((a, b) => a.sequence - b.sequence)) {
    if (batch.status === "Rolled back") continue;
    for (const [id, sourceKey] of batch.records) {
      if (batch.operation === "Create") {
        at(created, batch.table).set(id, { table: batch.table, id, sourceKey, batch });
      } else if (!at(updated, batch.table).has(id) && !created.get(batch.table)?.has(id)) {
        at(updated, batch.table).set(id, { table: batch.table, id, sourceKey, batch, before: batch.beforeImages[id] ?? {} });
      }
    }
  }
  return { created, updated, batches };
}

async function pendingChildren(client: DataverseClientApi, runId: string, signal?: AbortSignal): Promise<RunRecord[]> {
  return (await childRuns(client, runId, signal)).filter((child) => child.status !== "Rolled back");
}

/** What a rollback of this run will delete and restore, per table, and whether it would be refused. */
export async function planRollback(runId: string, client: DataverseClientApi, signal?: AbortSignal): Promise<RollbackPreview> {
  const run = await readRun(client, runId, signal);
  const children = await pendingChildren(client, runId, signal);
  const { created, updated } = indexLedger(await readLedger(client, runId, signal));
  const tables = new Set([...created.keys(), ...updated.keys()]);
  const preview: TablePreview[] = [...tables]
    .sort((a, b) => rollbackRank(a) - rollbackRank(b))
    .map((table) => ({ table, toDelete: created.get(table)?.size ?? 0, toRestore: updated.get(table)?.size ?? 0 }));
  const childIds = children.map((c) => c.id);
  return { runId, status: run.status ?? "", tables: preview, childRuns: childIds, refusal: refusalFor(run, childIds, false) };
}

function refusalFor(run: RunRecord, children: string[], includeChildren: boolean): string | undefined {
  if (run.status === "Rolled back") return undefined; // idempotent: a second rollback verifies and does nothing
  if (run.status === "Finished") {
    return "The run was finished: its rollback window is closed and the before-images a rollback would restore were purged, so it can no longer be rolled back.";
  }
  if (!ROLLBACK_ALLOWED.includes(run.status ?? "")) {
    return `The run is "${run.status}". Only a completed, failed, cancelled or paused run can be rolled back; wait for it to stop first.`;
  }
  if (children.length > 0 && !includeChildren) {
    return `${children.length} delta run(s) were built on this run (${children.join(", ")}). Roll them back first, newest first, or include them in this rollback.`;
  }
  return undefined;
}

/**
 * Undoes a run: delta runs built on it first (when asked), then the before-images of records the run
 * updated are put back, then the records it created are deleted in reverse dependency order, then
 * verification checks that nothing stamped with the run and no ledger id remains. Interrupted, it picks
 * up where it stopped (a record already gone counts as deleted); run twice, the second does nothing.
 */
export async function rollback(runId: string, client: DataverseClientApi, options: RollbackOptions = {}): Promise<RollbackResult> {
  const { signal, onProgress } = options;
  const [run, children] = await Promise.all([readRun(client, runId, signal), pendingChildren(client, runId, signal)]);
  const refusal = refusalFor(run, children.map((c) => c.id), Boolean(options.includeChildren));
  if (refusal) throw new RollbackRefused(refusal);

  const result: RollbackResult = { runId, complete: false, deleted: 0, restored: 0, kept: [], failures: [], remaining: [], childRuns: [] };
  for (const child of children) {
    const childResult = await rollback(child.id, client, options);
    result.childRuns.push(child.id, ...childResult.childRuns);
    if (!childResult.complete) {
      throw new RollbackRefused(`Delta run ${child.id} could not be rolled back completely; this run stays as it is.`);
    }
  }

  onProgress?.({ phase: "reading", done: 0, total: 0 });
  // What the run did and what its records look like now are read side by side: the stamp queries need no
  // ledger, only the records it names without the stamp (notes) wait for it.
  const ledgerRead = readLedger(client, runId, signal).then((batches) => ({ batches, ledger: indexLedger(batches) }));
  const [{ batches, ledger }, current, lastWrite] = await Promise.all([
    ledgerRead,
    readCurrentState(client, runId, ledgerRead.then((l) => l.ledger), signal),
    lastWriteOfRunOrChildren(client, run, signal),
    run.status !== "Rolled back" ? updateRunRecord(client, runId, { status: "Rolling back" }) : undefined,
  ]);
  // Rolling back delta runs built on this run rewrote some of its records; those writes are not later work.
  // Nor are the run's own last writes: a run that lands in one request (a sample) has its finish predicted
  // before its records are written, and the client's clock is not the org's. Each ledger row is written
  // after the records it lists, and its time is the org's own, so the latest of them bounds the run's writes.
  // With several identities, each one the ledger names wrote for the run: their writes are not later work.
  const migratingUserIds = [...new Set([run.migratingUserId, ...batches.flatMap((b) => [b.writtenBy, b.recordedBy])].filter((u): u is string => Boolean(u)))];
  const settled = { ...run, migratingUserIds, finishedOn: latest(lastWrite, ...batches.map((b) => b.writtenOn)) };
  const edited = (record: Entity | undefined) => record !== undefined && editedAfterRun(record, settled);

  // 1. Restore what the run updated (this also puts back their previous run stamp).
  const toRestore = [...ledger.updated.values()].flatMap((m) => [...m.values()]);
  const restores: RecordWork[] = [];
  for (const record of toRestore) {
    const now = current.get(record.table)?.get(record.id);
    if (!now) {
      result.failures.push({ table: record.table, id: record.id, code: "not-found", message: "The updated record no longer exists; nothing to restore." });
      continue;
    }
    // A resumed rollback finds the records its first pass restored: they hold their before-image (modified by
    // the rollback, after the run) and are done, not edited by someone else.
    if (holdsBeforeImage(now, record.before)) {
      result.restored += 1;
      continue;
    }
    if (edited(now) && !options.force) {
      result.kept.push({ table: record.table, id: record.id, sourceKey: record.sourceKey, reason: "modified-after-run" });
      continue;
    }
    const address = tableAddress(record.table);
    const body = restorePayload(record.table, record.before);
    // The run stamped the record; a before-image without the stamp means it had none.
    if (address.stamped && !("_dxm_migrationrunid_value" in record.before)) body["dxm_migrationrunid@odata.bind"] = null;
    restores.push({ table: record.table, id: record.id, operations: closedActivityRestore(record.table, record.id, now, body) ?? [restoreOperation(address.entitySet, record.id, body)] });
  }
  const restoreOutcome = await writeInChangeSets(client, restores, {
    size: options.batchSize ?? 500,
    // Restores are updates only (If-Match: *); a closed activity is reopened, restored and closed again.
    done: (parts) => parts.every((part) => !part.error),
    recordBatchFailures: true,
    signal: options.signal,
    onSettled: (n) => onProgress?.({ phase: "restoring", done: n, total: toRestore.length }),
  });
  result.restored += restoreOutcome.done;
  result.failures.push(...restoreOutcome.failures);

  // 2. Delete what the run created, and stamped records whose ledger write was lost.
  const deletions = deletionsByTable(ledger, current, run, result.kept, options.force ?? false, edited);
  await protectParentsOfKept(client, deletions, result.kept, current, signal);
  const total = [...deletions.values()].reduce((n, ids) => n + ids.length, 0);
  const settledIn = new Map<string, number>();
  const progress = (table: string) => (n: number) => {
    settledIn.set(table, n);
    onProgress?.({ phase: "deleting", table, done: [...settledIn.values()].reduce((a, b) => a + b, 0), total });
  };
  const record = (outcome: { done: number; failures: RollbackFailure[] }) => {
    result.deleted += outcome.done;
    result.failures.push(...outcome.failures);
  };
  // Tables in reverse dependency order, through BulkDelete jobs and the client's own deletes side by side
  // (delete-channels.ts says how they share the work and keep the order).
  const attempt = new Date().toISOString();
  // The rebuild-reference document the run attached to itself goes with the run's data (its report keeps the
  // text): a note on the run row, which nothing else points at, deleted beside the rest.
  const referenceNotes = (async () => {
    for (const id of await rebuildReferenceNotes(client, runId, signal)) {
      await client.delete("annotations", id, { signal }).catch((error: unknown) => result.failures.push(failure("annotation", id, error)));
    }
  })();
  referenceNotes.catch(() => undefined);
  // 3. The ledger batches whose records are all accounted for are marked rolled back, and 4. verification:
  // both a table at a time, as soon as the deletes are done with it, beside those still running (a table some
  // of whose deletes failed is marked at the end, once its failures are known).
  const keptKeys = new Set(result.kept.map((k) => `${k.table}:${k.id}`));
  const marked = oncePerTable((table: string) => {
    const unfinished = new Set([...result.failures, ...result.kept].filter((r) => r.table === table).map((r) => r.id));
    const settledBatches = ledger.batches.filter((b) => b.table === table && b.status !== "Rolled back" && b.id && b.records.every(([id]) => !unfinished.has(id)));
    return markBatchesRolledBack(client, settledBatches.map((b) => b.id!), signal);
  });
  const verified = oncePerTable((table: string) => verifyTable(client, runId, tableAddress(table), ledger, current, keptKeys, signal));
  const work = [...deletions.keys()].sort((a, b) => rollbackRank(a) - rollbackRank(b)).map((table) => {
    const { entitySet } = tableAddress(table);
    return deletions.get(table)!.map((id): RecordWork => ({ table, id, operations: [{ method: "DELETE", url: `${entitySet}(${id})` }] }));
  });
  record(await deleteThroughChannels(client, work, {
    jobSize: BULK_DELETE_JOB_SIZE,
    jobThreshold: options.bulkDeleteThreshold ?? DEFAULT_BULK_DELETE_THRESHOLD,
    batchSize: options.batchSize ?? CLIENT_BATCH_SIZE,
    clientChannel: options.clientDeletesBesideJobs ?? true,
    // Checked by the job when it runs: still the run's, and not edited since the run (unless forced).
    conditions: (table) => [
      ...(tableAddress(table).stamped ? [{ attribute: "dxm_migrationrunid", operator: "eq" as const, values: [runId] }] : []),
      ...(settled.finishedOn && !options.force ? [{ attribute: "modifiedon", operator: "le" as const, values: [settled.finishedOn] }] : []),
    ],
    recoverable: options.recoverDeleted ?? false,
    pollIntervalMs: options.pollIntervalMs ?? 500,
    // Unique to this attempt (a job whose answer was lost is found again by its name; a later rollback of
    // the same run must not take an earlier attempt's job for its own).
    name: `Rollback ${runId} ${attempt}`,
    signal,
    onSettled: (table, n) => progress(table)(n),
    onTableDone: (table, clean) => {
      void verified(table);
      if (clean) void marked(table);
    },
  }));

  await referenceNotes;

  // The rest of both, side by side (neither reads what the other writes). What remains keeps the tables' order.
  onProgress?.({ phase: "verifying", done: 0, total: 0 });
  const [, remaining] = await Promise.all([
    Promise.all([...new Set(ledger.batches.map((b) => b.table))].map(marked)),
    Promise.all(migratedTables.map((t) => verified(t.logicalName))),
  ]);
  result.remaining = remaining.flat();
  result.complete = result.failures.length === 0 && result.remaining.length === 0 && result.kept.length === 0;
  // The rollback's report goes beside the run's own (its failures, merges, oversized attachments), never over it.
  await addToRunReport(client, runId, result.complete ? "Rolled back" : "Rollback incomplete", {
    rollback: {
      finishedOn: new Date().toISOString(),
      deleted: result.deleted,
      restored: result.restored,
      kept: result.kept,
      failures: result.failures,
      remaining: result.remaining,
      childRuns: result.childRuns,
    },
  });
  onProgress?.({ phase: "done", done: total, total });
  return result;
}

/** Current state of every record the ledger names or the run stamped, per table: id → row. */
function readCurrentState(client: DataverseClientApi, runId: string, ledgerRead: Promise<LedgerIndex>, signal?: AbortSignal): Promise<Map<string, Map<string, Entity>>> {
  const select = (table: TableAddress) => [
    table.primaryId, "modifiedon", "createdon", "overriddencreatedon", "_modifiedby_value",
    ...(table.stamped ? ["dxm_sourcekey", "_dxm_migrationrunid_value"] : []),
    ...(OPEN_STATUS[table.logicalName] !== undefined ? ["statecode", "statuscode"] : []),
  ];
  const named = async (table: TableAddress) => {
    const ledger = await ledgerRead;
    return [...(ledger.created.get(table.logicalName)?.keys() ?? []), ...(ledger.updated.get(table.logicalName)?.keys() ?? [])];
  };
  return readRunRecords(client, runId, named, select, signal);
}

/**
 * Each migrated table's records stamped with the run, and those of `named` not among them (read by id), per
 * table: id → row. Tables side by side: each is a stamped query and reads by id, and the client keeps its
 * requests within the org's hint; one table after another left all but one of its request places idle.
 */
async function readRunRecords(
  client: DataverseClientApi,
  runId: string,
  named: (table: TableAddress) => string[] | Promise<string[]>,
  select: (table: TableAddress) => string[],
  signal?: AbortSignal,
): Promise<Map<string, Map<string, Entity>>> {
  const state = new Map<string, Map<string, Entity>>();
  await Promise.all(migratedTables.map(async (table) => {
    const rows = await readTableRecords(client, runId, table, named(table), select(table), signal);
    if (rows.size > 0) state.set(table.logicalName, rows);
  }));
  return state;
}

/** One table's part of `readRunRecords`: its records stamped with the run, then those of `named` not among them. */
async function readTableRecords(
  client: DataverseClientApi,
  runId: string,
  table: TableAddress,
  named: string[] | Promise<string[]>,
  select: string[],
  signal?: AbortSignal,
): Promise<Map<string, Entity>> {
  const rows = new Map<string, Entity>();
  if (table.stamped) {
    for (const row of await client.retrieveAll(table.entitySet, { select, filter: STAMP_FILTER(runId) }, { signal })) {
      rows.set(String(row[table.primaryId]), row);
    }
  }
  const ids = (await named).filter((id) => !rows.has(id));
  for (const row of await readIn(client, table.entitySet, table.primaryId, ids, select, signal)) {
    rows.set(String(row[table.primaryId]), row);
  }
  return rows;
}

/**
 * `make` run at most once per table, its promise kept: started as soon as a table is done, awaited once every
 * table is; until then a failure must not count as unhandled.
 */
function oncePerTable<T>(make: (table: string) => Promise<T>): (table: string) => Promise<T> {
  const started = new Map<string, Promise<T>>();
  return (table) => {
    let promise = started.get(table);
    if (!promise) {
      promise = make(table);
      promise.catch(() => undefined);
      started.set(table, promise);
    }
    return promise;
  };
}

/**
 * A completed or cancelled activity is read-only: putting its before-image back takes reopening it, the
 * update, and closing it again in the state it had before the run (the before-image keeps it when the run
 * reopened it) or else in the state it is in. One change set, so it is never left open halfway.
 */
export function closedActivityRestore(table: string, id: string, now: Entity, body: Entity): BatchOperation[] | undefined {
  const reopen = reopening(table, now);
  if (!reopen) return undefined;
  const { statecode = now.statecode, statuscode = now.statuscode, ...columns } = body;
  const path = recordPath(tableAddress(table).entitySet, id);
  const patch = (values: Entity): BatchOperation => ({ method: "PATCH", url: path, body: values, headers: { "If-Match": "*" } });
  return [patch(reopen), patch(columns), patch({ statecode, statuscode })];
}

/** The writes that put one updated record back: a PATCH, or reopen, update and close again for a closed activity. */

/** An update only (If-Match: *): a record deleted meanwhile is a 404, never re-created. */
function restoreOperation(entitySet: string, id: string, body: Entity): BatchOperation {
  return { method: "PATCH", url: recordPath(entitySet, id), body, headers: { "If-Match": "*" } };
}

/**
 * Whether a record holds every value of its before-image (written as a payload: lookups as `nav@odata.bind`,
 * read back as `_attribute_value`). A lookup whose attribute cannot be told from the navigation name, or a
 * value in another form, counts as not held: the record then goes through the usual edited-after-run check.
 */
export function holdsBeforeImage(record: Entity, before: Entity): boolean {
  return Object.entries(before).every(([key, value]) => {
    const bind = key.match(/^(\w+)@odata\.bind$/);
    if (!bind) return key in record && (record[key] ?? null) === (value ?? null);
    const attribute = [`_${bind[1]}_value`, `_${bind[1].replace(/_[a-z]+$/, "")}_value`].find((a) => a in record);
    if (!attribute) return false;
    const id = typeof value === "string" ? value.match(/\(([0-9a-f-]{36})\)$/i)?.[1] ?? null : null;
    if (value !== null && id === null) return false;
    return (record[attribute] ?? null) === id;
  });
}

/** The latest of some ISO times (undefined when none parses). */
function latest(...times: (string | undefined)[]): string | undefined {
  const parsed = times.map((t) => Date.parse(t ?? "")).filter((t) => !Number.isNaN(t));
  return parsed.length > 0 ? new Date(Math.max(...parsed)).toISOString() : undefined;
}

/** Edited after the run: by another user once the run had started, or by anyone after it finished. */
export function editedAfterRun(record: Entity, run: Pick<RunRecord, "startedOn" | "finishedOn" | "migratingUserId"> & { migratingUserIds?: string[] }): boolean {
  const modifiedOn = Date.parse(String(record.modifiedon ?? ""));
  if (Number.isNaN(modifiedOn)) return false;
  const finished = Date.parse(run.finishedOn ?? "");
  // Dataverse keeps whole seconds: the run's own writes are at or before its finish, anything later is an edit.
  if (!Number.isNaN(finished) && modifiedOn > finished) return true;
  const started = Date.parse(run.startedOn ?? "");
  const by = record._modifiedby_value;
  const own = run.migratingUserIds?.length ? run.migratingUserIds.includes(String(by)) : by === run.migratingUserId;
  return Boolean(run.migratingUserId && by && !own && !Number.isNaN(started) && modifiedOn > started);
}

function stampedWith(row: Entity, runId: string): boolean {
  return typeof row._dxm_migrationrunid_value === "string" && row._dxm_migrationrunid_value.toLowerCase() === runId.toLowerCase();
}

/** Created after the run started: a stamped record the ledger lost is the run's only if so. */
function createdDuringRun(record: Entity, run: RunRecord): boolean {
  const started = Date.parse(run.startedOn ?? "");
  if (Number.isNaN(started)) return false;
  // With overriddencreatedon set, createdon holds the source's date and overriddencreatedon the time the
  // record was migrated; either way one of them is the real creation time.
  return [record.createdon, record.overriddencreatedon].some((v) => typeof v === "string" && Date.parse(v) >= started - SECOND_MS);
}

function deletionsByTable(
  ledger: LedgerIndex,
  current: Map<string, Map<string, Entity>>,
  run: RunRecord,
  kept: KeptRecord[],
  force: boolean,
  edited: (record: Entity | undefined) => boolean,
): Map<string, string[]> {
  const deletions = new Map<string, string[]>();
  const add = (table: string, id: string) => (deletions.get(table) ?? deletions.set(table, []).get(table)!).push(id);
  for (const [table, records] of ledger.created) {
    for (const record of records.values()) {
      const now = current.get(table)?.get(record.id);
      if (edited(now) && !force) kept.push({ table, id: record.id, sourceKey: record.sourceKey, reason: "modified-after-run" });
      else add(table, record.id);
    }
  }
  for (const [table, rows] of current) {
    for (const [id, row] of rows) {
      if (ledger.created.get(table)?.has(id) || ledger.updated.get(table)?.has(id)) continue;
      if (!createdDuringRun(row, run)) {
        kept.push({ table, id, sourceKey: row.dxm_sourcekey as string | undefined, reason: "not-in-ledger-and-older-than-run" });
      } else if (edited(row) && !force) {
        kept.push({ table, id, sourceKey: row.dxm_sourcekey as string | undefined, reason: "modified-after-run" });
      } else {
        add(table, id);
      }
    }
  }
  return deletions;
}

/**
 * A kept record must survive: deleting a record it looks up (its patient, its practice) could cascade to
 * it, so those parents are kept too, up the chain.
 */
async function protectParentsOfKept(
  client: DataverseClientApi,
  deletions: Map<string, string[]>,
  kept: KeptRecord[],
  current: Map<string, Map<string, Entity>>,
  signal?: AbortSignal,
): Promise<void> {
  const tableOfId = new Map<string, string>();
  for (const [table, ids] of deletions) for (const id of ids) tableOfId.set(id, table);
  const queue = [...kept];
  while (queue.length > 0) {
    const record = queue.shift()!;
    const row = await client.retrieve(tableAddress(record.table).entitySet, record.id, { signal });
    for (const [key, value] of Object.entries(row ?? {})) {
      if (!/^_.+_value$/.test(key) || typeof value !== "string") continue;
      const table = tableOfId.get(value);
      if (!table) continue;
      tableOfId.delete(value);
      deletions.set(table, deletions.get(table)!.filter((id) => id !== value));
      const sourceKey = current.get(table)?.get(value)?.dxm_sourcekey as string | undefined;
      const parent: KeptRecord = { table, id: value, ...(sourceKey ? { sourceKey } : {}), reason: "referenced-by-kept-record" };
      kept.push(parent);
      queue.push(parent);
    }
  }
}


/**
 * Nothing stamped with the run remains, and no record the ledger says the run created still exists (kept ones
 * aside). A record that carried the run's stamp when the rollback read it is found by the stamp query if it is
 * still there; only the others the ledger names (notes, which carry no stamp, and records that had lost it) are
 * read by id: reading every id back doubled the rollback's reads.
 */
async function verifyTable(client: DataverseClientApi, runId: string, table: TableAddress, ledger: LedgerIndex, before: Map<string, Map<string, Entity>>, kept: Set<string>, signal?: AbortSignal): Promise<{ table: string; id: string }[]> {
  // Absent when the rollback began: already gone, nothing brings it back.
  const unstampedBefore = [...(ledger.created.get(table.logicalName)?.keys() ?? [])].filter((id) => {
    const row = before.get(table.logicalName)?.get(id);
    return row !== undefined && !(table.stamped && stampedWith(row, runId));
  });
  const remaining = await readTableRecords(client, runId, table, unstampedBefore, [table.primaryId], signal);
  return [...remaining.keys()].filter((id) => !kept.has(`${table.logicalName}:${id}`)).map((id) => ({ table: table.logicalName, id }));
}
