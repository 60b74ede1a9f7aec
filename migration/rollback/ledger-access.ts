import type { DataverseClientApi } from "../../dataverse/types";
import { batchStatusOptions } from "../../solution/model";
import { purgeBeforeImages } from "../ledger";

/**
 * Marks ledger batches as rolled back, so an interrupted rollback resumes past them, and purges their
 * before-images in the same write: the records they describe are restored (or deleted), so the previous
 * values they hold (patient data) have served their purpose.
 */
export async function markBatchesRolledBack(client: DataverseClientApi, batchIds: string[], signal?: AbortSignal): Promise<void> {
  const rolledBack = batchStatusOptions.find((o) => o.label === "Rolled back")!.value;
  await purgeBeforeImages(client, batchIds, { dxm_batchstatus: rolledBack }, signal);
}
