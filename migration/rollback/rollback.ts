import type { BatchOperation, DataverseClientApi, Entity } from "../../dataverse/types";
import { recordPath } from "../../dataverse/odata/keys";
import { migratedTables, reopening, tableAddress } from "../model/tables";
import { addToRunReport, updateRunRecord, type RunRecord } from "../ledger";
import { rebuildReferenceNotes } from "../run/rebuild-reference";
import { failure, writeInChangeSets, type RecordWork } from "./change-sets";
import { deleteThroughChannels } from "./delete-channels";
import { markBatchesRolledBack } from "./ledger-access";
import { batchesListing, fillSourceKeys, readLedgerIndex, readLedgerWriters, type LedgerIndex, type LedgerWriters } from "./ledger-index";
import { readCurrentState, remainingIn, type Judge, type TableState } from "./current-state";
import { rollbackRank } from "./order";
import { idSequence } from "./record-ids";
import { restorePayload } from "./restore";
import { childRuns, lastWriteOfRunOrChildren, readRun, ROLLBACK_ALLOWED } from "./window";
import type { KeptRecord, RollbackFailure, RollbackOptions, RollbackPreview, RollbackResult, TablePreview } from "./types";

/** A rollback that must not start, with the reason in words. */
export class RollbackRefused extends Error {
  override name = "RollbackRefused";
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

async function pendingChildren(client: DataverseClientApi, runId: string, signal?: AbortSignal): Promise<RunRecord[]> {
  return (await childRuns(client, runId, signal)).filter((child) => child.status !== "Rolled back");
}

/** What a rollback of this run will delete and restore, per table, and whether it would be refused. */
export async function planRollback(runId: string, client: DataverseClientApi, signal?: AbortSignal): Promise<RollbackPreview> {
  const run = await readRun(client, runId, signal);
  const children = await pendingChildren(client, runId, signal);
  const ledger = await readLedgerIndex(client, runId, signal).all;
  const preview: TablePreview[] = [...ledger]
    .filter(([, t]) => t.created.size + t.updated.size > 0)
    .sort(([a], [b]) => rollbackRank(a) - rollbackRank(b))
    .map(([table, t]) => ({ table, toDelete: t.created.size, toRestore: t.updated.size }));
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
  // ledger, only judging what they find (and reading the records the ledger names without the stamp) waits for it.
  const ledgerRead = readLedgerIndex(client, runId, signal);
  // Who wrote for the run and when it last wrote, from one aggregate query; from the whole ledger where the org
  // refuses it (an aggregate takes at most 50,000 rows: a ledger that long is a run of millions of records).
  const writersRead = readLedgerWriters(client, runId, signal).catch(async () => writersOf(await ledgerRead.all));
  const settledRead = Promise.all([writersRead, lastWriteOfRunOrChildren(client, run, signal)]).then(([writers, lastWrite]) => settledRun(run, writers, lastWrite));
  const judgeRead = settledRead.then((settled) => judgeFor(run, settled, options.force ?? false));
  // Awaited by every table's read; until then a failure must not count as unhandled (it surfaces through them).
  judgeRead.catch(() => undefined);
  const [ledger, settled, state] = await Promise.all([
    ledgerRead.all,
    settledRead,
    readCurrentState(client, runId, ledgerRead, judgeRead, signal),
    run.status !== "Rolled back" ? updateRunRecord(client, runId, { status: "Rolling back" }) : undefined,
  ]);
  const edited = (record: Entity) => editedAfterRun(record, settled);

  // 1. Restore what the run updated (this also puts back their previous run stamp).
  const restores: RecordWork[] = [];
  let toRestore = 0;
  for (const [table, { updated }] of ledger) {
    for (const [id, before] of updated) {
      toRestore += 1;
      const now = state.get(table)?.updatedRows.get(id);
      if (!now) {
        result.failures.push({ table, id, code: "not-found", message: "The updated record no longer exists; nothing to restore." });
        continue;
      }
      // A resumed rollback finds the records its first pass restored: they hold their before-image (modified by
      // the rollback, after the run) and are done, not edited by someone else.
      if (state.get(table)?.restored.has(id)) {
        result.restored += 1;
        continue;
      }
      if (edited(now) && !options.force) {
        result.kept.push({ table, id, reason: "modified-after-run" });
        continue;
      }
      const address = tableAddress(table);
      const body = restorePayload(table, before);
      // The run stamped the record; a before-image without the stamp means it had none.
      if (address.stamped && !("_dxm_migrationrunid_value" in before)) body["dxm_migrationrunid@odata.bind"] = null;
      restores.push({ table, id, operations: closedActivityRestore(table, id, now, body) ?? [restoreOperation(address.entitySet, id, body)] });
    }
  }
  const restoreOutcome = await writeInChangeSets(client, restores, {
    size: options.batchSize ?? 500,
    // Restores are updates only (If-Match: *); a closed activity is reopened, restored and closed again.
    done: (parts) => parts.every((part) => !part.error),
    recordBatchFailures: true,
    signal: options.signal,
    onSettled: (n) => onProgress?.({ phase: "restoring", done: n, total: toRestore }),
  });
  result.restored += restoreOutcome.done;
  result.failures.push(...restoreOutcome.failures);

  // 2. Delete what the run created, and stamped records whose ledger write was lost: all of it but the records
  // left alone and the records they hang on.
  for (const table of migratedTables) result.kept.push(...(state.get(table.logicalName)?.kept ?? []));
  await protectParentsOfKept(client, ledger, state, result.kept, signal);
  const keptIn = keptByTable(result.kept);
  const deletions = [...new Set([...ledger.keys(), ...state.keys()])]
    .sort((a, b) => rollbackRank(a) - rollbackRank(b))
    .map((table) => ({ table, ids: idSequence(ledger.get(table)?.created, state.get(table)?.unledgered ?? [], keptIn(table)) }));
  const total = deletions.reduce((n, t) => n + t.ids.length, 0);
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
  const marked = oncePerTable((table: string) => {
    const unfinished = new Set([...result.failures, ...result.kept].filter((r) => r.table === table).map((r) => r.id));
    const part = ledger.get(table);
    const unsettled = part ? batchesListing(part, unfinished) : new Set();
    const settledBatches = (part?.batches ?? []).filter((b) => b.status !== "Rolled back" && b.id && !unsettled.has(b));
    return markBatchesRolledBack(client, settledBatches.map((b) => b.id!), signal);
  });
  const verified = oncePerTable((table: string) => remainingIn(client, runId, tableAddress(table), state.get(table)?.unstamped ?? [], keptIn(table), signal));
  record(await deleteThroughChannels(client, deletions, {
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
    Promise.all([...ledger].filter(([, t]) => t.batches.length > 0).map(([table]) => marked(table))),
    Promise.all(migratedTables.map((t) => verified(t.logicalName))),
  ]);
  result.remaining = remaining.flat();
  result.complete = result.failures.length === 0 && result.remaining.length === 0 && result.kept.length === 0;
  await fillSourceKeys(client, ledger, result.kept, signal);
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

/** Created after the run started: a stamped record the ledger lost is the run's only if so. */
function createdDuringRun(record: Entity, run: RunRecord): boolean {
  const started = Date.parse(run.startedOn ?? "");
  if (Number.isNaN(started)) return false;
  // With overriddencreatedon set, createdon holds the source's date and overriddencreatedon the time the
  // record was migrated; either way one of them is the real creation time.
  return [record.createdon, record.overriddencreatedon].some((v) => typeof v === "string" && Date.parse(v) >= started - SECOND_MS);
}

/**
 * The run as the rollback judges its records by: finished at its last write, written by each identity the
 * ledger names. Rolling back delta runs built on this run rewrote some of its records; those writes are not
 * later work. Nor are the run's own last writes: a run that lands in one request (a sample) has its finish
 * predicted before its records are written, and the client's clock is not the org's. Each ledger row is
 * written after the records it lists, and its time is the org's own, so the latest of them bounds the run's
 * writes. With several identities, each one the ledger names wrote for the run: their writes are not later work.
 */
function settledRun(run: RunRecord, ledger: LedgerWriters, lastWrite: string | undefined): RunRecord & { migratingUserIds: string[] } {
  const migratingUserIds = [...new Set([run.migratingUserId, ...ledger.writers].filter((u): u is string => Boolean(u)))];
  return { ...run, migratingUserIds, finishedOn: latest(lastWrite, ledger.lastWrite) };
}

/** `readLedgerWriters` worked out from the whole ledger. */
function writersOf(ledger: LedgerIndex): LedgerWriters {
  const batches = [...ledger.values()].flatMap((t) => t.batches);
  const writers = [...new Set(batches.flatMap((b) => [b.writtenBy, b.recordedBy]).filter((u): u is string => Boolean(u)))];
  const lastWrite = latest(...batches.map((b) => b.writtenOn));
  return { writers, ...(lastWrite ? { lastWrite } : {}) };
}

function judgeFor(run: RunRecord, settled: RunRecord & { migratingUserIds: string[] }, force: boolean): Judge {
  return {
    keep: (row) => !force && editedAfterRun(row, settled),
    createdDuringRun: (row) => createdDuringRun(row, run),
  };
}

/** The ids of `kept` in one table. */
function keptByTable(kept: KeptRecord[]): (table: string) => Set<string> {
  const byTable = new Map<string, Set<string>>();
  for (const k of kept) (byTable.get(k.table) ?? byTable.set(k.table, new Set()).get(k.table)!).add(k.id);
  return (table) => byTable.get(table) ?? new Set();
}

/**
 * A kept record must survive: deleting a record it looks up (its patient, its practice) could cascade to
 * it, so those parents are kept too, up the chain.
 */
async function protectParentsOfKept(client: DataverseClientApi, ledger: LedgerIndex, state: Map<string, TableState>, kept: KeptRecord[], signal?: AbortSignal): Promise<void> {
  if (kept.length === 0) return;
  const unledgered = new Map<string, string>();
  for (const [table, { unledgered: ids }] of state) for (const id of ids) unledgered.set(id, table);
  const keptIds = new Set(kept.map((k) => k.id));
  /** The table of a record the rollback would delete, if it would. */
  const deletedFrom = (id: string) => {
    if (keptIds.has(id)) return undefined;
    for (const [table, { created }] of ledger) if (created.has(id)) return table;
    return unledgered.get(id);
  };
  const queue = [...kept];
  while (queue.length > 0) {
    const record = queue.shift()!;
    const row = await client.retrieve(tableAddress(record.table).entitySet, record.id, { signal });
    if (!record.sourceKey && typeof row?.dxm_sourcekey === "string" && row.dxm_sourcekey) record.sourceKey = row.dxm_sourcekey;
    for (const [key, value] of Object.entries(row ?? {})) {
      if (!/^_.+_value$/.test(key) || typeof value !== "string") continue;
      const table = deletedFrom(value);
      if (!table) continue;
      keptIds.add(value);
      const parent: KeptRecord = { table, id: value, reason: "referenced-by-kept-record" };
      kept.push(parent);
      queue.push(parent);
    }
  }
}
