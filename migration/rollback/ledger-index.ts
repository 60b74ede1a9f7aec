import type { DataverseClientApi } from "../../dataverse/types";
import { eqFilter, inFilter } from "../../dataverse/odata/query";
import { BATCH_ENTITY_SET, decodeBatch, ledgerIdPages, type LedgerBatchIds } from "../ledger";
import { RecordIds } from "./record-ids";
import type { BeforeImage } from "../ledger/types";
import { ChunkPool } from "../load/pool";
import { migratedTables, stampedWithRun } from "../model/tables";
import type { KeptRecord } from "./types";

/**
 * A ledger batch as the rollback keeps it: where its records sit in its table's `created`, without their
 * source keys and content hashes. At 100,000 patients a run's ledger lists about two million records; a
 * rollback needs their ids, and the source keys only of the few records it reports as kept (`fillSourceKeys`
 * reads those again).
 */
export type LedgerIds = Omit<LedgerBatchIds, "ids"> & {
  /** The records this batch created first are `created`'s places `from` up to `to`. */
  from: number;
  to: number;
  /** Its other records: those of an update or a rolled-back batch, and any an earlier batch listed too. */
  others: string[];
};

/** What the ledger says the run did in one table. */
export interface TableLedger {
  /**
   * The records the run created, flagged once the query for the run's stamp finds them (`current-state.ts`;
   * those it does not find are read by id).
   */
  created: RecordIds;
  /** The records the run updated: id → the earliest before-image (a record updated twice goes back to before the first). */
  updated: Map<string, BeforeImage>;
  /** Every batch of the table, rolled back or not, in sequence order. */
  batches: LedgerIds[];
}

/** The run's ledger, per table. */
export type LedgerIndex = Map<string, TableLedger>;

/** The ledger being read: each table's part as soon as it is in, and the whole. */
export interface LedgerRead {
  table(name: string): Promise<TableLedger | undefined>;
  all: Promise<LedgerIndex>;
}

/**
 * Reads the run's ledger a table at a time, side by side (one query each, 100 rows a page): a table's records
 * can be judged as soon as its own part is in, and no table waits for one long sequence of pages. A batch of a
 * table this rollback does not know stops it before it changes anything.
 */
export function readLedgerIndex(client: DataverseClientApi, runId: string, signal?: AbortSignal): LedgerRead {
  const names = migratedTables.map((t) => t.logicalName);
  const parts = new Map(names.map((name) => [name, readTable(client, runId, eqFilter("dxm_table", name), signal)]));
  const unknown = readTable(client, runId, `not ${inFilter("dxm_table", names)}`, signal).then(({ batches }) => {
    if (batches.length > 0) throw new Error(`The run's ledger lists records of "${batches[0].table}", a table this rollback does not know; nothing was rolled back.`);
  });
  const all = Promise.all([unknown, ...[...parts].map(async ([name, part]) => [name, await part] as const)]).then(([, ...tables]) => new Map(tables));
  // Each part is awaited by its table's reads and by `all`; a failure surfaces there, never unhandled.
  for (const part of parts.values()) part.catch(() => undefined);
  all.catch(() => undefined);
  return { table: (name) => parts.get(name) ?? Promise.resolve(undefined), all };
}

/** One table's part of the ledger, indexed page by page as it arrives (the query reads it in sequence order). */
async function readTable(client: DataverseClientApi, runId: string, where: string, signal?: AbortSignal): Promise<TableLedger> {
  const table = emptyTable();
  for await (const page of ledgerIdPages(client, runId, signal, where)) for (const batch of page) addBatch(table, batch);
  return table;
}

function emptyTable(): TableLedger {
  return { created: new RecordIds(), updated: new Map(), batches: [] };
}

/**
 * Adds one batch, read after every batch of a lower sequence: a record's first creating batch holds it (a
 * rolled-back batch holds nothing); an update counts only for a record the run did not create, with the
 * before-image of its first update.
 */
function addBatch({ created, updated, batches }: TableLedger, { ids, ...batch }: LedgerBatchIds): void {
  const last = batches.at(-1);
  if (last && batch.sequence < last.sequence) throw new Error(`The ledger was read out of sequence order (${batch.sequence} after ${last.sequence}).`);
  const from = created.size;
  const others: string[] = [];
  for (const id of ids) {
    if (batch.status === "Rolled back") {
      others.push(detached(id));
    } else if (batch.operation === "Create") {
      const before = created.size;
      if (created.add(id) < before) others.push(detached(id));
    } else {
      others.push(detached(id));
      if (!updated.has(id) && !created.has(id)) updated.set(detached(id), batch.beforeImages[id] ?? {});
    }
  }
  batches.push({ ...batch, from, to: created.size, others });
}

/**
 * A copy of an id that does not hold the ledger row it was cut from: `idsOfRecords` cuts ids out of each row's
 * text, and V8 keeps the whole text (about 100 KB) alive for as long as any such cut is (2,000 rows with one id
 * kept from each held 127 MB; copied, 3 MB). Created ids are packed at once and need none.
 */
const detached = (id: string): string => ` ${id}`.slice(1);

/** The batches of `table` that list any of `ids`. */
export function batchesListing(table: TableLedger, ids: Set<string>): Set<LedgerIds> {
  const listing = new Set<LedgerIds>();
  for (const id of ids) {
    const place = table.created.placeOf(id);
    if (place >= 0) listing.add(batchHolding(table.batches, place));
  }
  for (const batch of table.batches) if (batch.others.some((id) => ids.has(id))) listing.add(batch);
  return listing;
}

/** The batch whose places hold `place` (batches hold consecutive places, in sequence order). */
function batchHolding(batches: LedgerIds[], place: number): LedgerIds {
  let low = 0;
  let high = batches.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (batches[middle].to <= place) low = middle + 1;
    else high = middle;
  }
  return batches[low];
}

/** Who wrote the run's ledger rows (each identity the run's writes went out as, and who recorded them) and when the last was written. */
export interface LedgerWriters {
  writers: string[];
  lastWrite?: string;
}

/**
 * The run's writers and last ledger write, from one aggregate query (a few rows: one per writer), so that
 * judging what the rollback reads does not wait for the whole ledger.
 */
export async function readLedgerWriters(client: DataverseClientApi, runId: string, signal?: AbortSignal): Promise<LedgerWriters> {
  const rows = await client.retrieveAll(BATCH_ENTITY_SET, {
    apply: `filter(${stampedWithRun(runId)})/groupby((dxm_writtenby,_createdby_value),aggregate(createdon with max as lastwrite))`,
  }, { signal });
  const writers = new Set<string>();
  let lastWrite: string | undefined;
  for (const row of rows) {
    for (const writer of [row.dxm_writtenby, row._createdby_value]) if (typeof writer === "string" && writer) writers.add(writer);
    const at = typeof row.lastwrite === "string" ? row.lastwrite : undefined;
    if (at && (!lastWrite || Date.parse(at) > Date.parse(lastWrite))) lastWrite = at;
  }
  return { writers: [...writers], ...(lastWrite ? { lastWrite } : {}) };
}

/** Ledger rows read per request (each lists up to a thousand records) and such requests at once, when looking up source keys. */
const ROWS_PER_READ = 10;
const READS_AT_ONCE = 4;

/**
 * Gives the kept records the ledger lists their source keys, read again from the ledger rows that list them
 * (ten rows a request). A record the ledger does not list keeps what it has.
 */
export async function fillSourceKeys(client: DataverseClientApi, ledger: LedgerIndex, kept: KeptRecord[], signal?: AbortSignal): Promise<void> {
  const wanted = new Map(kept.filter((k) => !k.sourceKey).map((k) => [k.id, k]));
  if (wanted.size === 0) return;
  const ids = new Set(wanted.keys());
  const rows = [...ledger.values()].flatMap((t) => [...batchesListing(t, ids)]).filter((b) => b.id).map((b) => b.id!);
  const pool = new ChunkPool(READS_AT_ONCE);
  for (let i = 0; i < rows.length; i += ROWS_PER_READ) {
    const filter = inFilter("dxm_migrationbatchid", rows.slice(i, i + ROWS_PER_READ));
    await pool.start((async () => {
      for (const row of await client.retrieveAll(BATCH_ENTITY_SET, { select: ["dxm_migrationbatchid", "dxm_recordids"], filter }, { signal })) {
        for (const [id, sourceKey] of decodeBatch(row).records) {
          const record = wanted.get(id);
          if (record && sourceKey) record.sourceKey = sourceKey;
        }
      }
    })());
  }
  await pool.drain();
}
