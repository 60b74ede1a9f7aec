import type { DataverseClientApi, Entity, QueryOptions } from "../types";

/**
 * A query's rows a page at a time, following `@odata.nextLink`: what `retrieveAll` returns at once, for
 * readers that keep less than every row (a rollback at 100,000 patients reads about two million).
 */
export async function* pages<T = Entity>(client: DataverseClientApi, entitySet: string, query: QueryOptions, options: { signal?: AbortSignal } = {}): AsyncGenerator<T[]> {
  let page = await client.retrieveMultiple<T>(entitySet, query, options);
  for (;;) {
    yield page.value;
    if (!page.nextLink) return;
    page = await client.nextPage<T>(page.nextLink, { maxPageSize: query.maxPageSize, signal: options.signal });
  }
}
