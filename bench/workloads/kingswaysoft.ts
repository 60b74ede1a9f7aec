import type { DataverseClientApi } from "../../dataverse/types";
import { runPeer, type PeerResult, type PeerSettings } from "./peer";

/**
 * KingswaySoft's Dynamics 365 / CDS Destination component (SSIS Integration Toolkit) as a user sets it up for
 * this migration, with its documented defaults and guidance:
 * - Action Create for new records (the target is empty), Update for the stages that update records an earlier
 *   stage wrote (addressed by the id the lookup pass read);
 * - Batch Size 100 (ExecuteMultiple; "when multi-threading is used it is recommended to use 100") with
 *   multi-threaded writing at its default 16 threads;
 * - notes (annotation, the attachment table) one at a time on one thread: batch size 1, no multi-threading, as
 *   its guidance for attachment entities says;
 * - lookups by Text Lookup on dxm_sourcekey with Full Cache: the component reads every record of the target
 *   table before it writes (bench/workloads/peer.ts).
 * Sources: kingswaysoft.com help manual, "Advanced Topics" (batch size and multi-threaded writing, attachments)
 * and "Using the CDS/CRM Destination Component" (actions); Magnetism Solutions, "SSIS KingswaySoft -
 * Multi-threading errors" (2019: default 16 threads, 100 per batch with threads, attachments 1 and no threads);
 * temmyraharjo.com, "Dynamics CRM Destination - How Text Lookup Works" (Full Cache reads the table first).
 */
export const KINGSWAYSOFT: PeerSettings = {
  batchSize: 100,
  threads: 16,
  newRecords: "create",
  updates: "by-id",
  perTable: { annotation: { batchSize: 1, threads: 1 } },
};

export function runKingswaySoft(dir: string, client: DataverseClientApi, fallbackOwnerEmail: string): Promise<PeerResult> {
  return runPeer(dir, client, fallbackOwnerEmail, KINGSWAYSOFT);
}
