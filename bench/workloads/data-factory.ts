import type { DataverseClientApi } from "../../dataverse/types";
import { runPeer, type PeerResult, type PeerSettings } from "./peer";

/**
 * Azure Data Factory's copy activity with the Dynamics 365 / Dataverse sink, with its documented defaults:
 * - writeBehavior Upsert (the only value the copy sink allows), alternateKeyName dxm_sourcekey, so every record
 *   (the stages that update earlier records included) is an upsert by alternate key; notes, which have no
 *   alternate key, are created;
 * - writeBatchSize 10 (requests per ExecuteMultiple) × parallelCopies 10: "the default value for both the sink
 *   writeBatchSize and the copy activity parallelCopies for the Dynamics sink is 10. Therefore, 100 records are
 *   concurrently submitted by default to Dynamics";
 * - lookups: the copy sink takes a lookup as a GUID (writing lookups by alternate key is for mapping data flows
 *   in inline mode only), so the pipeline resolves source keys to ids first: the lookup pass of
 *   bench/workloads/peer.ts.
 * Source: learn.microsoft.com/azure/data-factory/connector-dynamics-crm-office-365 ("Dynamics as a sink type",
 * "Writing data to a lookup field", "Writing data to a lookup field via alternative keys").
 */
export const DATA_FACTORY: PeerSettings = {
  batchSize: 10,
  threads: 10,
  newRecords: "upsert",
  updates: "by-key",
};

export function runDataFactory(dir: string, client: DataverseClientApi, fallbackOwnerEmail: string): Promise<PeerResult> {
  return runPeer(dir, client, fallbackOwnerEmail, DATA_FACTORY);
}
