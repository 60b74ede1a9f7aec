import type { DataverseClientApi } from "../../dataverse/types";
import { mayHaveLanded } from "../../dataverse/operations/create-once";
import { inFilter } from "../../dataverse/odata/query";
import { BATCH_ENTITY_SET, encodeBatch, writeBatch } from "./codec";
import type { BeforeImage, LedgerBatch, LedgerOperation, LedgerRecord } from "./types";

/** About one ledger write per this many records: small chunks are grouped until they reach it. */
export const LEDGER_GROUP_RECORDS = 1000;

/**
 * Appends to a run's ledger. Each written chunk is handed over right after it lands. Creates of stamped
 * tables are grouped (per table) until all pending entries hold `groupRecords` records, then every pending
 * row is written in one request: the run stamp on each record covers the short window before that, and a
 * resume ledgers any stamped record it finds without an entry. Entries the stamp cannot cover are written
 * at once (`immediate`): updates (their before-images exist nowhere else) and notes (no stamp, no key).
 * Ledger writes deliberately take no cancel signal: a cancelled run still records what it wrote. Written
 * rows are not kept: the ledger in Dataverse is the record (`readLedger`), and a run's memory must not
 * grow with the records it writes.
 */
export class LedgerWriter {
  private pending = new Map<string, LedgerBatch>();
  private pendingRecords = 0;
  private sequence: number;

  constructor(
    private readonly client: DataverseClientApi,
    private readonly runId: string,
    firstSequence: number,
    private readonly groupRecords = LEDGER_GROUP_RECORDS,
  ) {
    this.sequence = firstSequence;
  }

  get nextSequence(): number {
    return this.sequence;
  }

  /** `writtenBy`: with several identities, the one the records' writes went out as (rows are grouped per identity). */
  async record(table: string, operation: LedgerOperation, records: LedgerRecord[], beforeImages: Record<string, BeforeImage> = {}, immediate = operation === "Update", writtenBy?: string): Promise<void> {
    if (records.length === 0) return;
    const key = `${table}|${operation}|${writtenBy ?? ""}`;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { runId: this.runId, sequence: -1, table, operation, records: [], beforeImages: {}, status: "Written", ...(writtenBy ? { writtenBy } : {}) };
      this.pending.set(key, batch);
    }
    batch.records.push(...records);
    Object.assign(batch.beforeImages, beforeImages);
    this.pendingRecords += records.length;
    if (immediate || this.pendingRecords >= this.groupRecords) await this.flush();
  }

  /**
   * A ledger row to be written by the caller in the same change set as the records it lists (so they land
   * together or not at all): its sequence and id are taken now. A row that never lands leaves a gap in the
   * sequence, which nothing relies on.
   */
  reserve(table: string, operation: LedgerOperation, records: LedgerRecord[], beforeImages: Record<string, BeforeImage> = {}): LedgerBatch {
    return { id: crypto.randomUUID(), runId: this.runId, sequence: this.sequence++, table, operation, records, beforeImages, status: "Written" };
  }

  /**
   * Several ledger rows in one atomic change set. Their ids are chosen up front, so when the answer is lost
   * the rows are looked up: all there means the write landed (it is all-or-nothing), none means send again.
   */
  private async writeTogether(batches: LedgerBatch[], attempts = 3): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        const results = await this.client.executeBatch({
          changeSets: [batches.map((b) => ({ method: "POST" as const, url: BATCH_ENTITY_SET, body: encodeBatch(b) }))],
        });
        const failed = results.find((r) => r.error);
        if (failed?.error) throw Object.assign(new Error(failed.error.message), failed.error);
        return;
      } catch (error) {
        if (!mayHaveLanded(error) || attempt >= attempts) throw error;
        const ids = batches.map((b) => b.id!);
        const found = await this.client.retrieveAll(BATCH_ENTITY_SET, { select: ["dxm_migrationbatchid"], filter: inFilter("dxm_migrationbatchid", ids) });
        if (found.length === ids.length) return;
      }
    }
  }

  /** Writes every pending group in one request (end of run, pause, cancel, failure). */
  async flush(): Promise<void> {
    const batches = [...this.pending.values()];
    if (batches.length === 0) return;
    this.pending.clear();
    this.pendingRecords = 0;
    for (const batch of batches) batch.sequence = this.sequence++;
    if (batches.length === 1) {
      batches[0].id = await writeBatch(this.client, batches[0]);
    } else {
      for (const batch of batches) batch.id ??= crypto.randomUUID();
      await this.writeTogether(batches);
    }
  }
}
