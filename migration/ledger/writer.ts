import type { DataverseClientApi } from "../../dataverse/types";
import { writeBatch } from "./codec";
import type { BeforeImage, LedgerBatch, LedgerOperation, LedgerRecord } from "./types";

/** About one ledger write per this many records: small chunks are grouped until they reach it. */
export const LEDGER_GROUP_RECORDS = 1000;

/**
 * Appends to a run's ledger. Each written chunk is handed over right after it lands; chunks of the same
 * table and operation are grouped until they hold `groupRecords` records, then written as one row. The run
 * stamp on every record covers the short window in which a grouped entry is not yet written.
 * Ledger writes deliberately take no cancel signal: a cancelled run still records what it wrote.
 */
export class LedgerWriter {
  private pending = new Map<string, LedgerBatch>();
  private sequence: number;
  readonly written: LedgerBatch[] = [];

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

  async record(table: string, operation: LedgerOperation, records: LedgerRecord[], beforeImages: Record<string, BeforeImage> = {}): Promise<void> {
    if (records.length === 0) return;
    const key = `${table}|${operation}`;
    let batch = this.pending.get(key);
    if (!batch) {
      batch = { runId: this.runId, sequence: -1, table, operation, records: [], beforeImages: {}, status: "Written" };
      this.pending.set(key, batch);
    }
    batch.records.push(...records);
    Object.assign(batch.beforeImages, beforeImages);
    if (batch.records.length >= this.groupRecords) await this.flushKey(key);
  }

  /** Writes every pending group (end of a stage, pause, cancel, failure). */
  async flush(): Promise<void> {
    for (const key of [...this.pending.keys()]) await this.flushKey(key);
  }

  private async flushKey(key: string): Promise<void> {
    const batch = this.pending.get(key);
    if (!batch) return;
    this.pending.delete(key);
    batch.sequence = this.sequence++;
    batch.id = await writeBatch(this.client, batch);
    this.written.push(batch);
  }
}
