import type { LedgerBatch } from "./types";

/** What the ledger says about one source key: the record it became and the hash last written. */
export interface LedgerEntry {
  id: string;
  table: string;
  contentHash: string;
  operation: "Create" | "Update";
}

/**
 * Source key → last ledger entry, over one or more runs' ledgers (oldest first, later entries win).
 * Resume uses it to skip what a run already wrote; delta runs use the parent's hashes; notes, which have
 * no alternate key, find the record to update through it.
 */
export function indexLedger(batches: Iterable<LedgerBatch>): Map<string, LedgerEntry> {
  const index = new Map<string, LedgerEntry>();
  for (const batch of batches) {
    if (batch.status !== "Written") continue;
    for (const [id, sourceKey, contentHash] of batch.records) {
      if (sourceKey) index.set(sourceKey, { id, table: batch.table, contentHash, operation: batch.operation });
    }
  }
  return index;
}
