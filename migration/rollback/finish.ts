import type { DataverseClientApi } from "../../dataverse/types";
import { addToRunReport, ledgerPages, purgeBeforeImages } from "../ledger";
import { readRun } from "./window";

/**
 * Statuses from which the admin may finish a run (the command bar's enable rule uses the same list): a run
 * that stopped with its data in place. A failed, paused or cancelled-midway run is resumed or rolled back
 * first; finishing a finished run purges again whatever an interrupted finish left.
 */
export const FINISH_ALLOWED: readonly string[] = ["Completed", "Completed with errors", "Rollback incomplete", "Finished"];

export class FinishRefused extends Error {
  override name = "FinishRefused";
}

export interface FinishResult {
  runId: string;
  /** Ledger rows whose before-images were purged. */
  purged: number;
}

/** Why finishing this run would be refused, if it would. */
export function finishRefusal(status: string): string | undefined {
  if (FINISH_ALLOWED.includes(status)) return undefined;
  return `The run is "${status}". Only a completed run (or one whose rollback did not finish) can be finished; resume it or roll it back first.`;
}

/**
 * Finishes a run: ends its rollback window. The status goes to Finished first (from then on a rollback is
 * refused), then the before-images its ledger keeps are purged: they hold the previous values of the
 * records the run updated (patient data), needed only to roll it back. Ids, source keys and content hashes
 * stay: delta runs build on them. Interrupted, it is run again.
 */
export async function finishRun(runId: string, client: DataverseClientApi, signal?: AbortSignal): Promise<FinishResult> {
  const run = await readRun(client, runId, signal);
  const refusal = finishRefusal(run.status ?? "");
  if (refusal) throw new FinishRefused(refusal);
  // The ids of the rows that hold before-images, a page of the ledger at a time (not the whole ledger at once).
  const withImages: string[] = [];
  for await (const page of ledgerPages(client, runId, signal)) {
    for (const batch of page) if (batch.id && Object.keys(batch.beforeImages).length > 0) withImages.push(batch.id);
  }
  await addToRunReport(client, runId, "Finished", { finish: { finishedOn: new Date().toISOString(), purgedBatches: withImages.length } });
  await purgeBeforeImages(client, withImages, {}, signal);
  return { runId, purged: withImages.length };
}
