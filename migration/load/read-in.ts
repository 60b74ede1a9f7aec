import type { BatchOperation, DataverseClientApi, Entity } from "../../dataverse/types";
import { filterGroups, inFilter, queryString, withQuery } from "../../dataverse/odata/query";
import { ChunkPool } from "./pool";

/** Values per `In` filter at most (fewer when the URL budget says so: `filterGroups`), and such GETs per `$batch`. */
const VALUES_PER_GET = 100;
const GETS_PER_BATCH = 100;

/**
 * The rows of `entitySet` whose `column` is one of `values` (`select` only; by id, the ones that still exist):
 * `In` GETs of 100 values, 100 GETs in a `$batch`, as many batches at once as the client runs (x-ms-dop-hint).
 * Rollback and reconciliation read through it.
 */
export async function readIn(client: DataverseClientApi, entitySet: string, column: string, values: string[], select: string[], signal?: AbortSignal): Promise<Entity[]> {
  const gets: BatchOperation[] = [];
  for (const group of filterGroups(values, VALUES_PER_GET)) {
    gets.push({ method: "GET", url: withQuery(entitySet, queryString({ select, filter: inFilter(column, group) })) });
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
