/**
 * The run ledger as data. One `LedgerBatch` is one `dxm_migrationbatch` row: the records a written chunk
 * (or a few small chunks grouped) created or updated, and the before-images of the ones it updated.
 * Ids, source keys and content hashes only; before-images are the one exception (see codec.ts).
 */

export type LedgerOperation = "Create" | "Update";

/** One record a chunk wrote: its Dataverse id, its source key and the content hash of what was written. */
export type LedgerRecord = [id: string, sourceKey: string, contentHash: string];

/** Column values of an updated record before the run changed it: `{ column: previousValue }`. */
export type BeforeImage = Record<string, unknown>;

export interface LedgerBatch {
  /** Dataverse id of the `dxm_migrationbatch` row (set once written or read back). */
  id?: string;
  runId: string;
  /** Monotonic per run. */
  sequence: number;
  /** Logical name of the table written (`contact`, `dxm_treatmenthistory`, `annotation`, ...). */
  table: string;
  operation: LedgerOperation;
  records: LedgerRecord[];
  /** Keyed by record id; only for `Update` batches. */
  beforeImages: Record<string, BeforeImage>;
  status: "Written" | "Rolled back";
  /** When the row was written (read back from `createdon`). */
  writtenOn?: string;
  /**
   * Who wrote the chunk's records: with several identities, the identity the writes went out as (its
   * systemuserid, `dxm_writtenby`, written with the row); otherwise, and when read back without it, the row's
   * own `_createdby_value`.
   */
  writtenBy?: string;
  /** Who wrote the ledger row itself (read back from `_createdby_value`). */
  recordedBy?: string;
}

/** Per-table counters kept on the run row (`dxm_counters`). */
export interface TableCounters {
  total: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  skipped: number;
}

export type RunCounters = Record<string, TableCounters>;

export function emptyCounters(total = 0): TableCounters {
  return { total, created: 0, updated: 0, unchanged: 0, failed: 0, skipped: 0 };
}
