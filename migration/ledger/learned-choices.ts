/**
 * What an org's admins taught the proposal, read back from the org itself: the confirmed maps on its
 * `dxm_migrationrun` rows. Nothing is kept anywhere else, so nothing learned in one org reaches another.
 */
import type { DataverseClientApi, Entity, Page } from "../../dataverse/types";
import { learnedChoices } from "../mapping/learned";
import { storedMapOf } from "../mapping/serialize";
import type { ConfirmedMap, LearnedChoice } from "../mapping/types";
import { RUN_ENTITY_SET } from "./codec";

/** Run rows per page: a confirmed map can run to tens of kilobytes. */
const PAGE_SIZE = 50;
/** The newest runs read by default: older confirmations than these are not consulted. */
export const LEARN_FROM_RUNS = 500;

export interface ReadConfirmedMapsOptions {
  signal?: AbortSignal;
  /** At most this many runs, newest first (default LEARN_FROM_RUNS). */
  maxRuns?: number;
}

/**
 * The confirmed maps of the org's runs, newest run first, page by page with only the map column selected.
 * A row whose map is not one this engine reads (hand-edited, a newer version) is passed over, not an error:
 * it only means less is learned.
 */
export async function readConfirmedMaps(client: DataverseClientApi, options: ReadConfirmedMapsOptions = {}): Promise<ConfirmedMap[]> {
  const { signal, maxRuns = LEARN_FROM_RUNS } = options;
  const maps: ConfirmedMap[] = [];
  let read = 0;
  let page: Page<Entity> = await client.retrieveMultiple(
    RUN_ENTITY_SET,
    { select: ["dxm_confirmedmap"], filter: "dxm_confirmedmap ne null", orderby: "createdon desc", maxPageSize: PAGE_SIZE },
    { signal },
  );
  for (;;) {
    for (const row of page.value.slice(0, maxRuns - read)) {
      const map = storedMapOf(row.dxm_confirmedmap);
      if (map) maps.push(map);
    }
    read += page.value.length;
    if (!page.nextLink || read >= maxRuns) return maps;
    page = await client.nextPage<Entity>(page.nextLink, { maxPageSize: PAGE_SIZE, signal });
  }
}

/** The org's learned choices (learnedChoices over its runs' confirmed maps), for proposeMapping's `learned`. */
export async function readLearnedChoices(client: DataverseClientApi, options: ReadConfirmedMapsOptions = {}): Promise<LearnedChoice[]> {
  return learnedChoices(await readConfirmedMaps(client, options));
}
