import type { DataverseClientApi, EntityMetadata } from "../../dataverse/types";
import { reopening, tableAddress, type TableAddress } from "../model/tables";
import type { PlannedRecord, PlanStage } from "../plan/types";
import type { LedgerWriter } from "../ledger/writer";
import type { BeforeImage } from "../ledger/types";
import { needsBlockUpload, uploadInBlocks } from "./attachments";
import { AdaptiveChunkSize } from "./chunk-size";
import { beforeImageOf } from "./columns";
import { errorInfoOf } from "./errors";
import { isAbortError } from "../../dataverse/errors";
import { findExisting, type ExistingRecord } from "./existing";
import { ledgerKey, ledgerRecord, prepare, type Prepared } from "./prepare";
import { writeIsolating } from "./isolate";
import { ProgressTracker } from "./progress";
import { recordId } from "./record-ids";
import { isUnchanged } from "./unchanged";
import { ChunkPool } from "./pool";
import type { LoadCallbacks, LoadContext, LoadFailure, TableProgress } from "./types";
import { chooseWriter, writeAtomically, type WriterChoice } from "./writers";

export { ledgerKey } from "./prepare";

/** A chunk also closes at this many attachment bytes, so notes never pile gigabytes into one request. */
const MAX_CHUNK_BYTES = 16 * 1024 * 1024;
/** The smallest chunk the end of a run is cut to: below it the 40-odd ms every request costs outweighs an idle slot. */
const MIN_TAIL_CHUNK = 100;

export interface StageResult {
  progress: TableProgress;
  failures: LoadFailure[];
  /** Stopped early by the cancel signal. */
  cancelled: boolean;
}


/**
 * Loads one stage: reads its records as they are produced, skips what this run already wrote (resume) or
 * what the parent run wrote identically, looks up records that may already exist (their rows become the
 * before-images; one that already holds every value the run would write is left alone, counted unchanged), writes chunks of adaptive size through the bulk messages or `$batch`, isolates bad rows,
 * closes activities in their final state, and hands every landed chunk to the ledger.
 */
export async function loadStage(client: DataverseClientApi, stage: PlanStage, ctx: LoadContext, ledger: LedgerWriter, callbacks: LoadCallbacks = {}): Promise<StageResult> {
  const address = tableAddress(stage.table);
  const metadata = ctx.metadata.get(stage.table);
  const writer = chooseWriter(client, stage.table, ctx.bulkSupport?.get(stage.table), ctx.orgSupport);
  const sizer = ctx.sizer ?? new AdaptiveChunkSize(ctx.chunk);
  const tracker = new ProgressTracker(stage.object, stage.table, stage.count);
  const failures: LoadFailure[] = [];
  const knownIds = new Map<string, string>();
  for (const known of [ctx.ledgered, ctx.lineage]) for (const [key, entry] of known ?? []) if (entry.table === stage.table) knownIds.set(key, entry.id);
  for (const [key, entry] of ctx.runLedger) if (entry.table === stage.table) knownIds.set(key, entry.id);
  const operation = stage.operation ?? (address.stamped ? "upsert" : "create");
  const updateOnly = operation === "update";
  // An unkeyed table (notes) is always looked up, by the ids the ledgers know or else by the id derived from
  // the org and the source key (record-ids.ts): a note that landed unledgered is found instead of written twice.
  const mustLookUp = updateOnly || ctx.resuming || ctx.tablesWithForeignRecords.has(stage.table) || !address.stamped;

  const report = () => {
    tracker.state.chunkSize = sizer.size;
    callbacks.onProgress?.(tracker.snapshot());
  };
  const fail = (record: PlannedRecord, error: LoadFailure["error"], step: LoadFailure["step"]) => {
    const failure: LoadFailure = { table: stage.table, file: record.file, line: record.line, sourceKey: record.sourceKey, error, step };
    failures.push(failure);
    callbacks.onFailure?.(failure);
  };

  // A chunk cut short by the cancel signal (a look-up it was waiting for) is not written: the stage ends
  // cancelled, as it does between chunks, instead of failing the run.
  let aborted = false;
  const writeChunk = async (records: PlannedRecord[]) => {
    try {
      await writeChunkOrThrow(records);
    } catch (error) {
      if (!(callbacks.signal?.aborted && isAbortError(error))) throw error;
      aborted = true;
    }
  };
  const writeChunkOrThrow = async (records: PlannedRecord[]) => {
    const throttlesBefore = client.counters.throttles;
    const closable = records.some((r) => r.finalState);
    const ids = address.stamped ? knownIds : await idsOf(records, knownIds, ctx.organizationId, stage.table);
    const existing = mustLookUp
      ? await findExisting(client, address, records, ids, metadata, callbacks.signal, closable ? ["statecode", "statuscode"] : [])
      : new Map<string, ExistingRecord>();
    const prepared: Prepared[] = [];
    const unchanged: Prepared[] = [];
    for (const record of records) {
      try {
        const found = existing.get(record.sourceKey);
        if (updateOnly && !found) {
          fail(record, { status: 404, code: "0x80040217", message: `No ${stage.table} record with source key ${record.sourceKey} to update.`, retriable: false }, "write");
          continue;
        }
        const p = await prepare(record, address, metadata, ctx, found, updateOnly);
        // Another run's record that already holds what this run would write is left alone: no write, no before-image.
        (p.ledgerAs === "Update" && isUnchanged(p, metadata) ? unchanged : prepared).push(p);
      } catch (error) {
        fail(record, errorInfoOf(error), "attachment");
      }
    }
    for (const p of unchanged) callbacks.onWritten?.({ table: stage.table, id: p.existing!.id, sourceKey: p.record.sourceKey, action: "skip" });
    const reopened = await reopenClosed(client, address, writer, prepared, fail);
    const inline = prepared.filter((p) => !needsBlockUpload(p.record) && reopened(p));
    // With several identities, who each record's write went out as (the ledger rows are grouped by it).
    const writtenBy = new Map<Prepared, string>();
    const noteWriter = (ps: Prepared[]) => (who: string) => ps.forEach((p) => writtenBy.set(p, who));
    const creates = await writeIsolating(inline.filter((p) => !p.existing), (ps) => writeAtomically(client, address, "create", ps.map((p) => p.item), writer, false, noteWriter(ps)));
    const updates = await writeIsolating(inline.filter((p) => p.existing), (ps) => writeAtomically(client, address, "update", ps.map((p) => p.item), writer, updateOnly, noteWriter(ps)));
    const landed = [...creates.written, ...updates.written].map(({ item, id }) => ({ ...item, id, writtenBy: writtenBy.get(item) }));
    for (const p of prepared.filter((p) => needsBlockUpload(p.record))) {
      try {
        const id = await uploadInBlocks(client, ctx.attachments!, p.record, p.item.body, p.item.id, p.existing?.id);
        landed.push({ ...p, id, writtenBy: undefined });
      } catch (error) {
        fail(p.record, errorInfoOf(error), "attachment");
      }
    }
    for (const { item, error } of [...creates.failed, ...updates.failed]) fail(item.record, error, "write");
    const created = landed.filter((p) => p.ledgerAs === "Create");
    const updated = landed.filter((p) => p.ledgerAs === "Update");

    // Before-images are ledgered at once (they exist nowhere else); creates only once their activities are
    // closed: a create ledgered before its closing would be skipped as done by a resume after a crash in
    // between, and stay open. Until then the stamp (or, on notes, the derived id) finds it again.
    for (const [who, ps] of byWriter(updated)) await ledger.record(stage.table, "Update", ps.map(ledgerRecord), beforeImages(ps, metadata), true, who);
    await closeActivities(client, address, writer, [...created, ...updated], fail);
    for (const [who, ps] of byWriter(created)) await ledger.record(stage.table, "Create", ps.map(ledgerRecord), {}, !address.stamped, who);

    for (const p of created) callbacks.onWritten?.({ table: stage.table, id: p.id, sourceKey: p.record.sourceKey, action: "create" });
    for (const p of updated) callbacks.onWritten?.({ table: stage.table, id: p.id, sourceKey: p.record.sourceKey, action: "update" });
    const failedCount = records.length - created.length - updated.length - unchanged.length;
    tracker.add({ created: created.length, updated: updated.length, unchanged: unchanged.length, failed: failedCount }, true);
    const throttled = client.counters.throttles > throttlesBefore;
    tracker.state.throttled = throttled;
    if (creates.limited || updates.limited) sizer.limited();
    else if (failedCount > 0) sizer.failed();
    else sizer.succeeded(throttled);
    report();
  };

  // Chunks of one stage are independent (their lookups point at earlier stages), so several are written at
  // once: as many as the client lets run in parallel (it follows Dataverse's x-ms-dop-hint).
  const parallel = ctx.parallelChunks ?? client.concurrency ?? 1;
  const inFlight = new ChunkPool(parallel);
  // A stage others wait for (patients, for nearly every other stage) goes out in even chunks: 1,000 patients
  // as four chunks of 250 land in one round, where 200-record chunks would leave a fifth to go alone while
  // every waiting stage and three request slots stand idle. Its chunks may start above the sizer's ramp-up,
  // never above its maximum (which still halves on a timeout or a limit). And the run's last records go out
  // in even shares of what is left (down to MIN_TAIL_CHUNK), so its last round of requests ends together.
  const evenShare = (records: number) => Math.ceil(records / parallel);
  const chunkLimit = (gathered: number) => {
    const limit = ctx.awaited ? Math.min(sizer.max, Math.max(sizer.size, evenShare(stage.count))) : sizer.size;
    return ctx.backlog ? Math.min(limit, Math.max(MIN_TAIL_CHUNK, evenShare(ctx.backlog.left + gathered))) : limit;
  };
  let chunk: PlannedRecord[] = [];
  let bytes = 0;
  let cancelled = false;
  // The run's place for the chunk being gathered (when the run shares places between its stages).
  let release: (() => void) | undefined;
  const send = async (records: PlannedRecord[]) => {
    const done = release;
    release = undefined;
    await inFlight.start(done ? writeChunk(records).finally(done) : writeChunk(records));
  };
  report();
  try {
    for await (const record of stage.records()) {
      if (callbacks.signal?.aborted) {
        cancelled = true;
        break;
      }
      ctx.backlog?.take();
      const key = ledgerKey(record);
      const done = ctx.runLedger.get(key);
      if (done && done.table === stage.table && done.contentHash === record.contentHash) {
        tracker.add(done.operation === "Create" ? { created: 1 } : { updated: 1 }, false);
        callbacks.onWritten?.({ table: stage.table, id: done.id, sourceKey: record.sourceKey, action: "skip" });
        continue;
      }
      const before = ctx.lineage.get(key);
      if (!done && before && before.table === stage.table && before.contentHash === record.contentHash) {
        tracker.add({ unchanged: 1 }, false);
        callbacks.onWritten?.({ table: stage.table, id: before.id, sourceKey: record.sourceKey, action: "skip" });
        continue;
      }
      if (chunk.length === 0 && ctx.slots) release = await ctx.slots.acquire(ctx.chain);
      chunk.push(record);
      bytes += record.attachment && !needsBlockUpload(record) ? record.attachment.size : 0;
      if (chunk.length >= chunkLimit(chunk.length) || bytes >= MAX_CHUNK_BYTES) {
        await send(chunk);
        chunk = [];
        bytes = 0;
        if (callbacks.pause?.paused) await inFlight.drain();
        if (await pauseIfAsked(ledger, tracker, callbacks, report)) {
          cancelled = true;
          break;
        }
      }
    }
    if (!cancelled && chunk.length > 0) await send(chunk);
  } finally {
    // A chunk gathered but not sent (cancelled, or the stage failed) gives its place back.
    release?.();
  }
  await inFlight.drain();
  if (aborted) cancelled = true;
  if (cancelled) await ledger.flush();
  tracker.state.state = cancelled ? "cancelled" : "done";
  report();
  return { progress: tracker.snapshot(), failures, cancelled };
}

/** A chunk's records of an unkeyed table, each with the id the ledgers know or else the one derived for it. */
async function idsOf(records: PlannedRecord[], knownIds: Map<string, string>, organizationId: string, table: string): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (const r of records) ids.set(r.sourceKey, knownIds.get(r.sourceKey) ?? (await recordId(organizationId, table, r.sourceKey)));
  return ids;
}

/** Between chunks: on pause, write the pending ledger and wait. Returns true when the run was cancelled. */
async function pauseIfAsked(ledger: LedgerWriter, tracker: ProgressTracker, callbacks: LoadCallbacks, report: () => void): Promise<boolean> {
  if (callbacks.pause?.paused && !callbacks.signal?.aborted) {
    await ledger.flush();
    tracker.state.state = "paused";
    report();
    await callbacks.onPauseChange?.(true);
    await callbacks.pause.waitUntilResumed(callbacks.signal);
    await callbacks.onPauseChange?.(false);
    tracker.state.state = "running";
    report();
  }
  return callbacks.signal?.aborted ?? false;
}

/**
 * Before-images of the records a chunk updated. An activity the run closes keeps its previous state too:
 * the run may close it in another state than it had, and a rollback closes it again as it was.
 */
function beforeImages(updated: (Prepared & { id: string })[], metadata: EntityMetadata | undefined): Record<string, BeforeImage> {
  const images: Record<string, BeforeImage> = {};
  for (const p of updated) {
    if (!p.existing) continue;
    const { row } = p.existing;
    images[p.id] = beforeImageOf(row, p.item.body, metadata);
    if (p.record.finalState && typeof row.statecode === "number") Object.assign(images[p.id], { statecode: row.statecode, statuscode: row.statuscode ?? null });
  }
  return images;
}

/** Reopens the closed activities a chunk is about to update; returns whether a prepared record may be written. */
async function reopenClosed(
  client: DataverseClientApi,
  address: TableAddress,
  writer: WriterChoice,
  prepared: Prepared[],
  fail: (record: PlannedRecord, error: LoadFailure["error"], step: LoadFailure["step"]) => void,
): Promise<(p: Prepared) => boolean> {
  const reopen = (p: Prepared) => (p.record.finalState && p.existing ? reopening(address.logicalName, p.existing.row) : undefined);
  const closed = prepared.filter((p) => reopen(p));
  if (closed.length === 0) return () => true;
  const result = await writeIsolating(closed, (ps) =>
    writeAtomically(client, address, "update", ps.map((p) => ({ id: p.existing!.id, body: reopen(p)! })), writer, true),
  );
  for (const { item, error } of result.failed) fail(item.record, error, "final-state");
  const refused = new Set(result.failed.map((f) => f.item));
  return (p) => !refused.has(p);
}

/** Activities are created open, with every field set, then closed in their final state. */
async function closeActivities(
  client: DataverseClientApi,
  address: TableAddress,
  writer: WriterChoice,
  written: (Prepared & { id: string })[],
  fail: (record: PlannedRecord, error: LoadFailure["error"], step: LoadFailure["step"]) => void,
): Promise<void> {
  const closing = written.filter((p) => p.record.finalState);
  if (closing.length === 0) return;
  const result = await writeIsolating(closing, (ps) =>
    writeAtomically(client, address, "update", ps.map((p) => ({ id: p.id, body: { ...p.record.finalState! } })), writer, true),
  );
  for (const { item, error } of result.failed) fail(item.record, error, "final-state");
}

/** Landed records grouped by the identity they were written as (one group, keyed undefined, with a single identity). */
export function byWriter<T extends { writtenBy?: string }>(landed: T[]): Map<string | undefined, T[]> {
  const groups = new Map<string | undefined, T[]>();
  for (const p of landed) {
    const group = groups.get(p.writtenBy);
    if (group) group.push(p);
    else groups.set(p.writtenBy, [p]);
  }
  if (groups.size === 0) groups.set(undefined, []);
  return groups;
}
