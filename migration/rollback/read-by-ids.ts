import type { BatchOperation, DataverseClientApi, Entity } from "../../dataverse/types";
import { filterGroups, inFilter, queryString, withQuery } from "../../dataverse/odata/query";
import { ChunkPool } from "../load/pool";

/** Ids per `In` filter at most (fewer when the URL budget says so: `filterGroups`), and such GETs per `$batch`. */
const IDS_PER_GET = 100;
const GETS_PER_BATCH = 100;

/**
 * The rows of `ids` that still exist: GETs of 100 ids each, 100 GETs in a `$batch`, as many batches at once
 * as the client runs (x-ms-dop-hint). One GET at a time took a request per 100 records, in sequence.
 */
export async function retrieveByIds(client: DataverseClientApi, entitySet: string, primaryId: string, ids: string[], select: string[], signal?: AbortSignal): Promise<Entity[]> {
  const gets: BatchOperation[] = [];
  for (const group of filterGroups(ids, IDS_PER_GET)) {
    gets.push({ method: "GET", url: withQuery(entitySet, queryString({ select, filter: inFilter(primaryId, group) })) });
  }
  const rows: Entity[] = [];
  const readBatch = async (batch: BatchOperation[]) => {
    for (const result of await client.executeBatch({ changeSets: [], gets: batch }, { signal })) {
      if (result.error) throw Object.assign(new Error(`Reading ${entitySet} failed: ${result.error.message}`), result.error);
      const value = (result.body as { value?: Entity[] } | undefined)?.value;
      if (Array.isArray(value)) rows.push(...value);
    }
  };
  const pool = new ChunkPool(client.concurrency ?? 1);
  for (let i = 0; i < gets.length; i += GETS_PER_BATCH) await pool.start(readBatch(gets.slice(i, i + GETS_PER_BATCH)));
  await pool.drain();
  return rows;
}
