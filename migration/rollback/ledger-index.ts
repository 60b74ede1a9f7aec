import type { DataverseClientApi } from "../../dataverse/types";
import { BATCH_ENTITY_SET, decodeBatch, ledgerPages } from "../ledger";
import type { BeforeImage, LedgerBatch } from "../ledger/types";
import { ChunkPool } from "../load/pool";
import type { KeptRecord } from "./types";

/**
 * A ledger batch as the rollback keeps it: the ids it lists, without their source keys and content hashes.
 * At 100,000 patients a run's ledger lists about two million records; a rollback needs their ids, and the
 * source keys only of the few records it reports as kept (`fillSourceKeys` reads those again).
 */
export type LedgerIds = Omit<LedgerBatch, "records"> & { ids: string[] };

/** What the ledger says the run did, per table (batches not rolled back yet). */
export interface LedgerIndex {
  /**
   * Per table, the records the run created: id → whether the query for the run's stamp found it (set while the
   * rollback reads the current state, `current-state.ts`; those it did not find are read by id).
   */
  created: Map<string, Map<string, boolean>>;
  /** Per table, the records the run updated: id → the earliest before-image (a record updated twice goes back to before the first). */
  updated: Map<string, Map<string, BeforeImage>>;
  batches: LedgerIds[];
}

/** The run's ledger, read a page at a time and kept as ids. */
export async function readLedgerIndex(client: DataverseClientApi, runId: string, signal?: AbortSignal): Promise<LedgerIndex> {
  const batches: LedgerIds[] = [];
  for await (const page of ledgerPages(client, runId, signal)) {
    for (const { records, ...batch } of page) batches.push({ ...batch, ids: records.map(([id]) => id) });
  }
  return indexLedger(batches);
}

export function indexLedger(batches: LedgerIds[]): LedgerIndex {
  const created = new Map<string, Map<string, boolean>>();
  const updated = new Map<string, Map<string, BeforeImage>>();
  const at = <T>(map: Map<string, Map<string, T>>, table: string) => map.get(table) ?? map.set(table, new Map()).get(table)!;
  const sorted = [...batches].sort((a, b) => a.sequence - b.sequence);
  for (const batch of sorted) {
    if (batch.status === "Rolled back") continue;
    for (const id of batch.ids) {
      if (batch.operation === "Create") at(created, batch.table).set(id, false);
      else if (!at(updated, batch.table).has(id) && !created.get(batch.table)?.has(id)) at(updated, batch.table).set(id, batch.beforeImages[id] ?? {});
    }
  }
  return { created, updated, batches: sorted };
}

/** Ledger rows read at once when looking up source keys. */
const ROW_READS_AT_ONCE = 4;

/**
 * Gives the kept records the ledger lists their source keys, read again from the ledger rows that list them
 * (a row at a time: one holds up to a thousand records). A record the ledger does not list keeps what it has.
 */
export async function fillSourceKeys(client: DataverseClientApi, ledger: LedgerIndex, kept: KeptRecord[], signal?: AbortSignal): Promise<void> {
  const wanted = new Map(kept.filter((k) => !k.sourceKey).map((k) => [k.id, k]));
  if (wanted.size === 0) return;
  const rows = ledger.batches.filter((b) => b.id && b.ids.some((id) => wanted.has(id))).map((b) => b.id!);
  const pool = new ChunkPool(ROW_READS_AT_ONCE);
  for (const rowId of rows) {
    await pool.start((async () => {
      const row = await client.retrieve(BATCH_ENTITY_SET, rowId, { select: ["dxm_migrationbatchid", "dxm_recordids"], signal });
      for (const [id, sourceKey] of row ? decodeBatch(row).records : []) {
        const record = wanted.get(id);
        if (record && sourceKey) record.sourceKey = sourceKey;
      }
    })());
  }
  await pool.drain();
}
