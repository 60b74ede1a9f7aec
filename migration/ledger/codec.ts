/**
 * The ledger codec: how a `LedgerBatch` is stored in a `dxm_migrationbatch` row and read back.
 *
 * ROLLBACK DEPENDS ON THIS FORMAT (migration/rollback reads it through `decodeBatch` / `readLedger`):
 * - dxm_name "<table> #<sequence>", dxm_migrationrunid bound to the run, dxm_sequence monotonic per run,
 *   dxm_table the logical name, dxm_operation Create | Update, dxm_recordcount, dxm_batchstatus Written;
 * - dxm_recordids: JSON array of `[id, sourceKey, contentHash]`, one per record the chunk wrote;
 * - dxm_beforeimages: JSON object `{ [id]: { column: previousValue } }` for records the chunk UPDATED,
 *   holding only the columns the run wrote. Lookups appear as `"<navigationProperty>@odata.bind":
 *   "/<entitySet>(<guid>)"` (or null when the lookup was empty), ready to PATCH back.
 * Ids and source keys only, never patient data, with one exception by necessity: a before-image must hold
 * the previous values to restore them, which is why `dxm_beforeimages` is a secured column (a field security
 * profile of its own, for migration administrators) and why it lives only as long as the run can be rolled
 * back: a rollback purges the before-images of what it restored, finishing the run purges them all
 * (`purgeBeforeImages`).
 */
import type { BatchOperation, DataverseClientApi, Entity, QueryOptions } from "../../dataverse/types";
import { queryString, withQuery } from "../../dataverse/odata/query";
import { batchOperationOptions, batchStatusOptions, migrationBatch } from "../../solution/model";
import type { BeforeImage, LedgerBatch, LedgerOperation, LedgerRecord } from "./types";
import { createOnce } from "../../dataverse/operations/create-once";
import { pages } from "../../dataverse/operations/pages";
import { stampedWithRun } from "../model/tables";

export const BATCH_ENTITY_SET = migrationBatch.entitySetName;
export const RUN_ENTITY_SET = "dxm_migrationruns";

const operationValue = (op: LedgerOperation): number => optionValue(batchOperationOptions, op);
const statusValue = (status: LedgerBatch["status"]): number => optionValue(batchStatusOptions, status);

function optionValue(options: { value: number; label: string }[], label: string): number {
  const found = options.find((o) => o.label === label);
  if (!found) throw new Error(`Unknown option "${label}"`);
  return found.value;
}

function optionLabel<T extends string>(options: { value: number; label: string }[], value: unknown, fallback: T): T {
  return (options.find((o) => o.value === value)?.label as T | undefined) ?? fallback;
}

export function runBind(runId: string): string {
  return `/${RUN_ENTITY_SET}(${runId})`;
}

/** The `dxm_migrationbatch` row for a batch. */
export function encodeBatch(batch: LedgerBatch): Entity {
  return {
    // The id is chosen here so that a write whose answer was lost can be looked up instead of duplicated.
    dxm_migrationbatchid: batch.id ?? crypto.randomUUID(),
    dxm_name: `${batch.table} #${batch.sequence}`,
    "dxm_migrationrunid@odata.bind": runBind(batch.runId),
    dxm_sequence: batch.sequence,
    dxm_table: batch.table,
    dxm_operation: operationValue(batch.operation),
    dxm_recordcount: batch.records.length,
    dxm_recordids: JSON.stringify(batch.records),
    dxm_beforeimages: batch.operation === "Update" ? JSON.stringify(batch.beforeImages) : null,
    dxm_batchstatus: statusValue(batch.status),
    // Only with several identities: who the chunk's writes went out as (a systemuserid, never a secret).
    ...(batch.writtenBy ? { dxm_writtenby: batch.writtenBy } : {}),
  };
}

/** Columns `decodeBatch` needs. */
export const BATCH_COLUMNS = [
  "dxm_migrationbatchid", "_dxm_migrationrunid_value", "dxm_sequence", "dxm_table", "dxm_operation", "dxm_recordcount",
  "dxm_recordids", "dxm_beforeimages", "dxm_batchstatus", "createdon", "_createdby_value", "dxm_writtenby",
];

export function decodeBatch(row: Entity): LedgerBatch {
  const records = parseJson<LedgerRecord[]>(row.dxm_recordids, []).map(
    (r): LedgerRecord => [String(r[0]), String(r[1] ?? ""), String(r[2] ?? "")],
  );
  return { ...batchFields(row), records };
}

/** A ledger batch with only its records' ids: what a rollback needs of the ledger. */
export type LedgerBatchIds = Omit<LedgerBatch, "records"> & { ids: string[] };

/** `decodeBatch` for a rollback: the records' ids, read without their source keys and content hashes (`idsOfRecords`). */
export function decodeBatchIds(row: Entity): LedgerBatchIds {
  return { ...batchFields(row), ids: idsOfRecords(row.dxm_recordids) };
}

/** A ledger row's columns but its records. */
function batchFields(row: Entity): Omit<LedgerBatch, "records"> {
  return {
    id: row.dxm_migrationbatchid as string | undefined,
    runId: String(row._dxm_migrationrunid_value ?? ""),
    sequence: Number(row.dxm_sequence ?? 0),
    table: String(row.dxm_table ?? ""),
    operation: optionLabel<LedgerOperation>(batchOperationOptions, row.dxm_operation, "Create"),
    beforeImages: parseJson<Record<string, BeforeImage>>(row.dxm_beforeimages, {}),
    status: optionLabel<LedgerBatch["status"]>(batchStatusOptions, row.dxm_batchstatus, "Written"),
    writtenOn: row.createdon as string | undefined,
    writtenBy: ((row.dxm_writtenby as string | null | undefined) || (row._createdby_value as string | undefined)) ?? undefined,
    recordedBy: row._createdby_value as string | undefined,
  };
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPENING = new Set([0x5b, 0x7b]); // [ {
const CLOSING = new Set([0x5d, 0x7d]); // ] }
const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);

/**
 * The first item of each record of `dxm_recordids` (`[[id, sourceKey, hash], ...]`), found by JSON's string and
 * bracket rules without parsing the rest. Written by hand because JSON.parse makes a string of every source key
 * and hash: at 100,000 patients four million strings a rollback drops at once, and no JSON library reads one
 * item of each array. Anything but a string in first place is read by JSON.parse, as `decodeBatch` reads it.
 */
export function idsOfRecords(text: unknown): string[] {
  if (typeof text !== "string" || text === "") return [];
  const ids: string[] = [];
  let depth = 0;
  let item = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      let escaped = false;
      for (; end < text.length && text.charCodeAt(end) !== QUOTE; end++) {
        if (text.charCodeAt(end) === BACKSLASH) {
          escaped = true;
          end++;
        }
      }
      if (end >= text.length) return firstItems(text); // unterminated: JSON.parse says how
      if (depth === 2 && item === 0) ids.push(escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end));
      i = end;
    } else if (OPENING.has(c)) {
      depth++;
      if (depth === 2) item = 0;
    } else if (CLOSING.has(c)) {
      depth--;
    } else if (c === COMMA) {
      if (depth === 2) item++;
    } else if (depth === 2 && item === 0 && !SPACE.has(c)) {
      return firstItems(text);
    }
  }
  return ids;
}

function firstItems(text: string): string[] {
  return (JSON.parse(text) as unknown[][]).map((r) => String(r[0]));
}

function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== "string" || text === "") return fallback;
  return JSON.parse(text) as T;
}

/**
 * Ledger rows per page: a row lists up to about a thousand records (100 KB of JSON), so a page of 100 rows is
 * about 10 MB, where Dataverse's default of 5,000 could be half a gigabyte at 100,000 patients.
 */
const LEDGER_PAGE_ROWS = 100;

/** A run's ledger batches (those `where` also matches, when given), a page at a time, in sequence order. */
export async function* ledgerPages(client: DataverseClientApi, runId: string, signal?: AbortSignal, where?: string): AsyncGenerator<LedgerBatch[]> {
  for await (const rows of ledgerRows(client, runId, signal, where)) yield rows.map(decodeBatch);
}

/** `ledgerPages` with the records' ids only (`decodeBatchIds`). */
export async function* ledgerIdPages(client: DataverseClientApi, runId: string, signal?: AbortSignal, where?: string): AsyncGenerator<LedgerBatchIds[]> {
  for await (const rows of ledgerRows(client, runId, signal, where)) yield rows.map(decodeBatchIds);
}

function ledgerRows(client: DataverseClientApi, runId: string, signal?: AbortSignal, where?: string): AsyncGenerator<Entity[]> {
  const filter = `${stampedWithRun(runId)}${where ? ` and (${where})` : ""}`;
  return pages(client, BATCH_ENTITY_SET, { select: BATCH_COLUMNS, filter, orderby: "dxm_sequence asc", maxPageSize: LEDGER_PAGE_ROWS }, { signal });
}

/** Every ledger batch of a run, in sequence order. */
export async function readLedger(client: DataverseClientApi, runId: string, signal?: AbortSignal): Promise<LedgerBatch[]> {
  const batches: LedgerBatch[] = [];
  for await (const page of ledgerPages(client, runId, signal)) batches.push(...page);
  return batches.sort((a, b) => a.sequence - b.sequence);
}

const tableLedgerQuery = (table: string): QueryOptions => ({
  select: BATCH_COLUMNS, filter: `dxm_table eq '${table.replace(/'/g, "''")}'`, orderby: "createdon asc", maxPageSize: 5000,
});

/**
 * Every written ledger batch of one table across all runs, oldest first (notes: the only way to find them
 * again), read as a GET inside the run's `$batch` of org reads; `tableLedgerFrom` reads its answer.
 */
export function tableLedgerGet(table: string): BatchOperation {
  const query = tableLedgerQuery(table);
  return { method: "GET", url: withQuery(BATCH_ENTITY_SET, queryString(query)), headers: { Prefer: `odata.maxpagesize=${query.maxPageSize}` } };
}

/** The ledger from the answer to `tableLedgerGet`, following its next pages. */
export async function tableLedgerFrom(client: DataverseClientApi, firstPage: unknown, signal?: AbortSignal): Promise<LedgerBatch[]> {
  const page = firstPage as { value?: Entity[]; "@odata.nextLink"?: string } | undefined;
  const rows = [...(page?.value ?? [])];
  for (let next = page?.["@odata.nextLink"]; next; ) {
    const more = await client.nextPage(next, { maxPageSize: 5000, signal });
    rows.push(...more.value);
    next = more.nextLink;
  }
  return rows.map(decodeBatch);
}

/** Ledger rows per `$batch` when purging: each its own change set, so one failure leaves the others purged. */
const PURGES_PER_BATCH = 100;

/**
 * Empties the before-images of some ledger rows (with `also`, other columns set in the same PATCH, such as the
 * batch's status). Update only (`If-Match: *`): a row deleted meanwhile is not re-created. Throws on the first
 * row that could not be purged, after the rest of its `$batch` was tried.
 */
export async function purgeBeforeImages(client: DataverseClientApi, batchIds: string[], also: Entity = {}, signal?: AbortSignal): Promise<void> {
  for (let i = 0; i < batchIds.length; i += PURGES_PER_BATCH) {
    const ids = batchIds.slice(i, i + PURGES_PER_BATCH);
    const results = await client.executeBatch({
      changeSets: ids.map((id) => [{ method: "PATCH" as const, url: `${BATCH_ENTITY_SET}(${id})`, body: { ...also, dxm_beforeimages: null }, headers: { "If-Match": "*" } }]),
      continueOnError: true,
    }, { signal });
    const failed = results.find((r) => r.error);
    if (failed?.error) throw Object.assign(new Error(`Purging the before-images of ledger row ${ids[failed.index] ?? ""} failed: ${failed.error.message}`), failed.error);
  }
}

/** Writes one ledger row; returns its id. */
export async function writeBatch(client: DataverseClientApi, batch: LedgerBatch, signal?: AbortSignal): Promise<string> {
  return createOnce(client, BATCH_ENTITY_SET, "dxm_migrationbatchid", encodeBatch(batch), { signal });
}
