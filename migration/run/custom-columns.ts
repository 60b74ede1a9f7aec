import type { DataverseClientApi, EntityMetadata, NewColumn } from "../../dataverse/types";
import { createColumnOperation, publishOperation } from "../../dataverse/operations/metadata";
import type { ConfirmedMap } from "../mapping/types";
import type { OrgSupport } from "../load/types";
import type { OrgContext } from "../plan/types";
import { fetchMetadata, metadataFrom, metadataGets } from "./org-context";
import { CUSTOM_FIELDS_SOLUTION, ensureCustomFieldsSolution, readSolutionState, SOLUTION_HEADER, solutionChangeSet, type SolutionState } from "./custom-fields-solution";

/**
 * Custom columns the admin confirmed for Dental-Exec custom fields and the org lacks: created in the
 * custom-fields solution (itself created first when the org lacks it: `solution` is what the org read found),
 * published and read back in one `$batch` (each in its own change set, so one the org refuses stops the rest,
 * as Dataverse stops a batch at its first failure). Should that request fail, the solution is made sure of and
 * the columns still missing are created one by one, each checked against the org's metadata when its answer
 * is lost.
 */
export async function createCustomColumns(client: DataverseClientApi, map: ConfirmedMap, org: OrgContext, solution: SolutionState, support?: Pick<OrgSupport, "metadataInChangeSet">): Promise<string[]> {
  const wanted: NewColumn[] = map.files.flatMap((f) => f.columns.flatMap((c) => (c.custom ? [c.custom] : [])));
  const exists = (c: NewColumn, metadata: Record<string, EntityMetadata>) => metadata[c.table]?.Attributes.some((a) => a.LogicalName === c.logicalName) ?? false;
  const missing = wanted.filter((c) => !exists(c, org.metadata));
  if (missing.length === 0) return [];
  const tables = [...new Set(missing.map((c) => c.table))];
  const headers = { [SOLUTION_HEADER]: CUSTOM_FIELDS_SOLUTION.uniqueName };
  try {
    // An org that refuses metadata inside a change set gets each column on its own request (below).
    if (support?.metadataInChangeSet === false) throw new Error("Metadata inside change sets is refused by this org.");
    const first = solutionChangeSet(solution.unread ? await readSolutionState(client) : solution);
    const columns = missing.map((c) => [createColumnOperation(c, headers)]);
    const results = await client.executeBatch({ changeSets: [...(first.length ? [first] : []), ...columns, [publishOperation(tables)]], gets: metadataGets(tables) });
    const failed = results.find((r) => r.error);
    if (failed?.error) throw Object.assign(new Error(failed.error.message), failed.error);
    Object.assign(org.metadata, metadataFrom(tables, results));
  } catch {
    const name = await ensureCustomFieldsSolution(client);
    const now = await fetchMetadata(client, tables);
    for (const column of missing.filter((c) => !exists(c, now))) await createColumnOnce(client, column, name);
    await client.publish(tables);
    Object.assign(org.metadata, await fetchMetadata(client, tables));
  }
  return missing.map((c) => `${c.table}.${c.logicalName}`);
}

/**
 * Creating a column is not idempotent, so the client does not resend it after a dropped connection; the
 * column may have been created all the same. Read the table's metadata to find out, then try again if not.
 */
async function createColumnOnce(client: DataverseClientApi, column: NewColumn, solutionUniqueName: string, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.createColumn(column, { solutionUniqueName });
      return;
    } catch (error) {
      const lost = (error as { status?: number; retriable?: boolean }).status === 0 || (error as { retriable?: boolean }).retriable;
      if (!lost || attempt >= attempts) throw error;
      const metadata = await fetchMetadata(client, [column.table]);
      if (metadata[column.table]?.Attributes.some((a) => a.LogicalName === column.logicalName)) return;
    }
  }
}
