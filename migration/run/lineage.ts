import type { DataverseClientApi } from "../../dataverse/types";
import { readLedger } from "../ledger/codec";
import { indexLedger, type LedgerEntry } from "../ledger/index-of-runs";
import { readRunRecord } from "../ledger/run-record";
import type { LedgerBatch } from "../ledger/types";

/** How far back a chain of delta runs is followed. */
const MAX_ANCESTORS = 100;

/**
 * What the ancestors of a run wrote (its parent, the parent's parent, ...), oldest first, indexed by
 * source key: a delta run compares content hashes against it, and notes find the record to update in it.
 */
export async function readLineage(client: DataverseClientApi, parentRunId: string | undefined, signal?: AbortSignal): Promise<Map<string, LedgerEntry>> {
  const chain: LedgerBatch[][] = [];
  const seen = new Set<string>();
  for (let id = parentRunId; id && !seen.has(id) && chain.length < MAX_ANCESTORS; ) {
    seen.add(id);
    const [batches, run] = await Promise.all([readLedger(client, id, signal), readRunRecord(client, id)]);
    if (!run) throw new Error(`Parent run ${id} does not exist.`);
    chain.unshift(batches);
    id = run.parentRunId;
  }
  return indexLedger(chain.flat());
}

export function hashesOf(index: Map<string, LedgerEntry>): Map<string, string> {
  return new Map([...index].map(([key, entry]) => [key, entry.contentHash]));
}
