import type { DataverseClientApi } from "../../dataverse/types";
import { batchStatusOptions } from "../../solution/model";
import { BATCH_ENTITY_SET } from "../ledger";

/** Marks a ledger batch as rolled back, so an interrupted rollback resumes past it. */
export async function markBatchRolledBack(client: DataverseClientApi, batchId: string, signal?: AbortSignal): Promise<void> {
  const rolledBack = batchStatusOptions.find((o) => o.label === "Rolled back")!.value;
  await client.update(BATCH_ENTITY_SET, batchId, { dxm_batchstatus: rolledBack }, { signal });
}
