import type { BatchOperation, DataverseClientApi, Entity } from "../../dataverse/types";
import { recordPath } from "../../dataverse/odata/keys";
import { idFromEntityUrl } from "../../dataverse/odata/keys";
import type { TableAddress } from "../model/tables";
import { dataverseFailure } from "./errors";

/** One record of a chunk, ready to send: `id` is the existing record's id or the one generated for it. */
export interface WriteItem {
  id: string;
  body: Entity;
}

export type WriteKind = "create" | "update";

/** Which writer a table gets: the bulk messages where the org supports them, `$batch` change sets otherwise. */
export interface WriterChoice {
  createMultiple: boolean;
  upsertMultiple: boolean;
  updateMultiple: boolean;
}

export async function chooseWriter(client: DataverseClientApi, table: string): Promise<WriterChoice> {
  const [createMultiple, upsertMultiple, updateMultiple] = await Promise.all([
    client.supportsBulk(table, "CreateMultiple"),
    client.supportsBulk(table, "UpsertMultiple"),
    client.supportsBulk(table, "UpdateMultiple"),
  ]);
  return { createMultiple, upsertMultiple, updateMultiple };
}

/**
 * Writes items as one atomic request: CreateMultiple for new records, UpsertMultiple (by primary id, so
 * a record deleted meanwhile is recreated rather than lost) for existing ones, or one `$batch` change set of
 * POSTs / PATCHes. Either every item lands or none does; the ids written come back in order. New records
 * carry a generated primary id, so the ledger knows their ids even when a message returns none.
 */
export async function writeAtomically(
  client: DataverseClientApi,
  address: TableAddress,
  kind: WriteKind,
  items: WriteItem[],
  writer: WriterChoice,
  /** Updates that must never create (a stage updating what an earlier one wrote): no upsert, `If-Match: *`. */
  mustExist = false,
): Promise<string[]> {
  const ids = items.map((i) => i.id);
  const withId = items.map((i) => ({ ...i.body, [address.primaryId]: i.id }));
  if (kind === "create" && writer.createMultiple) {
    const returned = await client.createMultiple(address.entitySet, address.logicalName, withId);
    return returned.length === ids.length ? returned : ids;
  }
  if (kind === "update" && writer.upsertMultiple && !mustExist) {
    await client.upsertMultiple(address.entitySet, address.logicalName, withId);
    return ids;
  }
  if (kind === "update" && writer.updateMultiple) {
    await client.updateMultiple(address.entitySet, address.logicalName, withId);
    return ids;
  }
  const operations: BatchOperation[] = items.map((item, i) =>
    kind === "create"
      ? { method: "POST", url: address.entitySet, body: withId[i] }
      : { method: "PATCH", url: recordPath(address.entitySet, item.id), body: item.body, headers: mustExist ? { "If-Match": "*" } : undefined },
  );
  const results = await client.executeBatch({ changeSets: [operations] });
  const failed = results.find((r) => r.error);
  if (failed?.error) throw dataverseFailure(failed.error);
  return results.map((r, i) => idFromEntityUrl(r.entityId) ?? r.entityId ?? ids[i]);
}
