import type { BatchOperation, DataverseClientApi } from "../../dataverse/types";
import { MAX_BATCH_OPERATIONS } from "../../dataverse/batch/limits";
import { inFilter } from "../../dataverse/odata/query";
import { BATCH_ENTITY_SET, encodeBatch } from "../ledger/codec";
import type { LedgerWriter } from "../ledger/writer";
import type { BeforeImage, LedgerBatch } from "../ledger/types";
import { tableAddress, type TableAddress } from "../model/tables";
import type { PlanStage } from "../plan/types";
import { needsBlockUpload } from "./attachments";
import { MAX_CHUNK } from "./chunk-size";
import { beforeImageOf, lookupColumnsOf, rowAsCreated } from "./columns";
import { ledgerRecord, prepare, type Prepared } from "./prepare";
import { ProgressTracker } from "./progress";
import type { LoadCallbacks, LoadContext } from "./types";
import { chooseWriter, inChangeSet, writeOperations } from "./writers";
import type { StageResult } from "./load-stage";

/**
 * The run's opening request. While the first stages of the plan are small, they go out together in one
 * `$batch`: each stage in its own change set holding its records, the closing of its activities and the
 * ledger row that lists them, so records and ledger land together or not at all. Dataverse runs a batch's
 * parts in order and stops at the first failure, so dependency order holds (patients after the accounts
 * and referring providers they bind to), and what landed is always a prefix of the stages. A sample run
 * lands in one round trip or a few (`migrate` sends such requests while the next stages fit); a large run
 * sends its small first stages (accounts, referring providers) at once.
 *
 * Only records that need no look-up qualify: a first run into tables holding no migrated records, nothing
 * to resume, no attachment above the inline limit. Anything else, and every stage after the first that
 * does not qualify or fit, loads the usual way (`loadStage`): chunked, isolated, retried.
 */

/** What one opening request may carry: about one full chunk (records), a chunk's attachment bytes, and Dataverse's part limit. */
export interface TogetherLimits {
  records: number;
  bytes: number;
  operations: number;
}

export const DEFAULT_TOGETHER_LIMITS: TogetherLimits = { records: MAX_CHUNK, bytes: 16 * 1024 * 1024, operations: MAX_BATCH_OPERATIONS };

/** One stage made ready for the opening request. */
export interface TogetherStage {
  stage: PlanStage;
  kind: "create" | "update";
  prepared: Prepared[];
  /** Before-images of an update stage, from the creates earlier in the same request. */
  beforeImages: Record<string, BeforeImage>;
  operations: BatchOperation[];
}

/**
 * The first stages that qualify and fit, prepared (ids chosen, bodies built). Stops at the first stage that
 * does not: stages load in dependency order, so nothing after it may go ahead of it.
 */
export async function collectTogether(client: DataverseClientApi, stages: PlanStage[], ctx: LoadContext, limits: TogetherLimits = DEFAULT_TOGETHER_LIMITS): Promise<TogetherStage[]> {
  if (ctx.resuming || ctx.runLedger.size > 0 || limits.records <= 0) return [];
  const lineageTables = new Set([...ctx.lineage.values(), ...(ctx.ledgered?.values() ?? [])].map((e) => e.table));
  const created = new Map<string, Prepared & { table: string }>();
  const out: TogetherStage[] = [];
  let records = 0;
  let bytes = 0;
  let operations = 0;
  for (const stage of stages) {
    if (records + stage.count > limits.records) break;
    const kind = stage.operation === "update" ? "update" : "create";
    if (kind === "create" && (ctx.tablesWithForeignRecords.has(stage.table) || lineageTables.has(stage.table))) break;
    const ready = await prepareStage(stage, kind);
    if (!ready) break;
    const stageBytes = ready.prepared.reduce((n, p) => n + (p.record.attachment?.size ?? 0), 0);
    if (bytes + stageBytes > limits.bytes || operations + ready.operations.length > limits.operations) break;
    for (const p of ready.prepared) if (kind === "create") created.set(p.record.sourceKey, { ...p, table: stage.table });
    records += stage.count;
    bytes += stageBytes;
    operations += ready.operations.length;
    out.push(ready);
  }
  return out;

  async function prepareStage(stage: PlanStage, kind: "create" | "update"): Promise<TogetherStage | undefined> {
    const address = tableAddress(stage.table);
    const metadata = ctx.metadata.get(stage.table);
    const prepared: Prepared[] = [];
    const beforeImages: Record<string, BeforeImage> = {};
    for await (const record of stage.records()) {
      if (needsBlockUpload(record)) return undefined;
      if (kind === "create") {
        const p = await prepare(record, address, metadata, ctx, undefined, false).catch(() => undefined);
        if (!p) return undefined;
        prepared.push(p);
        continue;
      }
      const target = created.get(record.sourceKey);
      if (!target || target.table !== stage.table) return undefined;
      const { row, unknown } = rowAsCreated(target.item.body, metadata);
      const p = await prepare(record, address, metadata, ctx, { id: target.item.id, runStamp: ctx.runId, row }, true);
      if (lookupColumnsOf(p.item.body, metadata).some((c) => unknown.has(c))) return undefined;
      beforeImages[p.item.id] = beforeImageOf(row, p.item.body, metadata);
      prepared.push(p);
    }
    if (prepared.length !== stage.count) return undefined;
    return { stage, kind, prepared, beforeImages, operations: await stageOperations(client, address, kind, prepared, ctx) };
  }
}

/** The writes of one stage: its records, then the closing of its activities (created open, then closed). */
async function stageOperations(client: DataverseClientApi, address: TableAddress, kind: "create" | "update", prepared: Prepared[], ctx: LoadContext): Promise<BatchOperation[]> {
  // These operations go inside a change set: without bulk messages there when the org refuses them.
  const writer = inChangeSet(chooseWriter(client, address.logicalName, ctx.bulkSupport?.get(address.logicalName), ctx.orgSupport), ctx.orgSupport);
  const items = prepared.map((p) => p.item);
  const writes = await writeOperations(address, kind, items, writer, kind === "update");
  const closing = prepared.filter((p) => p.record.finalState).map((p) => ({ id: p.item.id, body: { ...p.record.finalState! } }));
  const closes = closing.length > 0 ? await writeOperations(address, "update", closing, writer, true) : [];
  return [...writes, ...closes];
}

export interface TogetherOutcome {
  /** Stages that landed (a prefix of those sent), with their results. */
  landed: { stage: PlanStage; result: StageResult }[];
  /** The opening change sets are known to have landed. */
  opened: boolean;
  /** The closing change sets are known to have landed. */
  closed: boolean;
}

/**
 * Sends the opening request: `opening` change sets (the run's status, its rebuild-reference note), one
 * change set per stage with its ledger row, then `closing` (the run's final status; pass it only when every
 * stage of the plan is in the request). Sent without the cancel signal, like every ledger write: it is one
 * short request, and a run that wrote records must record them. When the answer is lost, the reserved
 * ledger rows are looked up: the stages whose row exists landed (with their records), the rest did not.
 */
export async function sendTogether(
  client: DataverseClientApi,
  stages: TogetherStage[],
  ledger: LedgerWriter,
  extra: { opening: BatchOperation[][]; closing: BatchOperation[][] },
  callbacks: LoadCallbacks = {},
): Promise<TogetherOutcome> {
  const trackers = stages.map((s) => new ProgressTracker(s.stage.object, s.stage.table, s.stage.count));
  for (const t of trackers) callbacks.onProgress?.(t.snapshot());
  const rows = stages.map((s) => ledger.reserve(s.stage.table, s.kind === "create" ? "Create" : "Update", s.prepared.map((p) => ledgerRecord({ ...p, id: p.item.id })), s.kind === "update" ? s.beforeImages : {}));
  const stageSets = stages.map((s, i) => [...s.operations, ledgerOperation(rows[i])]);
  const changeSets = [...extra.opening, ...stageSets, ...extra.closing];

  let landed: boolean[];
  try {
    const results = await client.executeBatch({ changeSets });
    let offset = 0;
    landed = changeSets.map((set) => {
      const own = results.slice(offset, (offset += set.length));
      return own.length === set.length && own.every((r) => r.status > 0 && r.status < 400 && !r.error);
    });
  } catch (error) {
    const found = await landedRows(client, rows).catch(() => {
      throw error;
    });
    landed = [...extra.opening.map(() => false), ...rows.map((r) => found.has(r.id!.toLowerCase())), ...extra.closing.map(() => false)];
  }

  const opened = landed.slice(0, extra.opening.length).every(Boolean);
  const stageLanded = landed.slice(extra.opening.length, extra.opening.length + stages.length);
  const closed = extra.closing.length > 0 && landed.slice(extra.opening.length + stages.length).every(Boolean);
  const out: TogetherOutcome = { landed: [], opened, closed };
  stages.forEach((s, i) => {
    if (!stageLanded[i]) return;
    const created = s.kind === "create" ? s.prepared.length : 0;
    const updated = s.prepared.length - created;
    trackers[i].add({ created, updated }, true);
    trackers[i].state.state = "done";
    for (const p of s.prepared) callbacks.onWritten?.({ table: s.stage.table, id: p.item.id, sourceKey: p.record.sourceKey, action: s.kind });
    callbacks.onProgress?.(trackers[i].snapshot());
    out.landed.push({ stage: s.stage, result: { progress: trackers[i].snapshot(), failures: [], cancelled: false } });
  });
  return out;
}

function ledgerOperation(batch: LedgerBatch): BatchOperation {
  return { method: "POST", url: BATCH_ENTITY_SET, body: encodeBatch(batch) };
}

async function landedRows(client: DataverseClientApi, rows: LedgerBatch[]): Promise<Set<string>> {
  const found = await client.retrieveAll(BATCH_ENTITY_SET, { select: ["dxm_migrationbatchid"], filter: inFilter("dxm_migrationbatchid", rows.map((r) => r.id!)) });
  return new Set(found.map((r) => String(r.dxm_migrationbatchid).toLowerCase()));
}
