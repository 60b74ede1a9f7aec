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
  const rows: Entity[] = [];
  await eachIn(client, entitySet, column, values, select, (page) => rows.push(...page), signal);
  return rows;
}

/** `readIn`, handing each GET's rows to `onRows` as they arrive instead of keeping them all. */
export async function eachIn(client: DataverseClientApi, entitySet: string, column: string, values: string[], select: string[], onRows: (rows: Entity[]) => void, signal?: AbortSignal): Promise<void> {
  const readBatch = async (batch: BatchOperation[]) => {
    for (const result of await client.executeBatch({ changeSets: [], gets: batch }, { signal })) {
      if (result.error) throw Object.assign(new Error(`Reading ${entitySet} failed: ${result.error.message}`), result.error);
      const value = (result.body as { value?: Entity[] } | undefined)?.value;
      if (Array.isArray(value)) onRows(value);
    }
  };
  const pool = new ChunkPool(client.concurrency ?? 1);
  // Each `$batch`'s GETs are written when it goes out: two million ids make about 75 MB of URLs.
  const groups = filterGroups(values, VALUES_PER_GET);
  for (let i = 0; i < groups.length; i += GETS_PER_BATCH) {
    const gets = groups.slice(i, i + GETS_PER_BATCH).map((group): BatchOperation => ({ method: "GET", url: withQuery(entitySet, queryString({ select, filter: inFilter(column, group) })) }));
    await pool.start(readBatch(gets));
  }
  await pool.drain();
}
