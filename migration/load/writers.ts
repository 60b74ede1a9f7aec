import type { BatchOperation, BulkMessage, DataverseClientApi, Entity, WriteOptions } from "../../dataverse/types";
import { recordPath } from "../../dataverse/odata/keys";
import { bulkActionPath, bulkPayload } from "../../dataverse/operations/bulk";
import { idFromEntityUrl } from "../../dataverse/odata/keys";
import { inFilter } from "../../dataverse/odata/query";
import { mayHaveLanded } from "../../dataverse/operations/create-once";
import type { TableAddress } from "../model/tables";
import { dataverseFailure } from "./errors";

/** One record of a chunk, ready to send: `id` is the existing record's id or the one generated for it. */
export interface WriteItem {
  id: string;
  body: Entity;
}

export type WriteKind = "create" | "update";

/**
 * Which bulk messages a table supports. Known up front when the run read them with the org context (one
 * `$batch`), else asked of the client on first need (it caches the answer).
 */
export type WriterChoice = (message: BulkMessage) => Promise<boolean>;

export function chooseWriter(client: DataverseClientApi, table: string, known?: Partial<Record<BulkMessage, boolean>>): WriterChoice {
  return async (message) => known?.[message] ?? client.supportsBulk(table, message);
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
  /** With several identities: told who the write went out as (the ledger says which identity wrote what). */
  sentAs?: (identity: string) => void,
): Promise<string[]> {
  try {
    return await send(client, address, kind, items, writer, mustExist, sentAs ? { sentAs } : {});
  } catch (error) {
    // A create whose response was lost (dropped connection) may have landed: sent again, it meets its own
    // records as duplicates. The ids are ours alone (generated for this write), so if they all exist, the
    // write landed; the request is all-or-nothing, so otherwise nothing did.
    if (kind === "create" && mayHaveLanded(error) && (await allExist(client, address, items.map((i) => i.id)))) return items.map((i) => i.id);
    throw error;
  }
}

async function allExist(client: DataverseClientApi, address: TableAddress, ids: string[]): Promise<boolean> {
  for (let i = 0; i < ids.length; i += 50) {
    const chunk = ids.slice(i, i + 50);
    const found = await client.retrieveAll(address.entitySet, { select: [address.primaryId], filter: inFilter(address.primaryId, chunk) });
    if (found.length !== chunk.length) return false;
  }
  return true;
}

async function send(client: DataverseClientApi, address: TableAddress, kind: WriteKind, items: WriteItem[], writer: WriterChoice, mustExist: boolean, options: WriteOptions): Promise<string[]> {
  const ids = items.map((i) => i.id);
  const withId = items.map((i) => ({ ...i.body, [address.primaryId]: i.id }));
  if (kind === "create" && (await writer("CreateMultiple"))) {
    const returned = await client.createMultiple(address.entitySet, address.logicalName, withId, options);
    return returned.length === ids.length ? returned : ids;
  }
  if (kind === "update" && !mustExist && (await writer("UpsertMultiple"))) {
    await client.upsertMultiple(address.entitySet, address.logicalName, withId, options);
    return ids;
  }
  if (kind === "update" && (await writer("UpdateMultiple"))) {
    await client.updateMultiple(address.entitySet, address.logicalName, withId, options);
    return ids;
  }
  const results = await client.executeBatch({ changeSets: [itemOperations(address, kind, items, mustExist)] }, options);
  const failed = results.find((r) => r.error);
  if (failed?.error) throw dataverseFailure(failed.error);
  return results.map((r, i) => idFromEntityUrl(r.entityId) ?? r.entityId ?? ids[i]);
}

/** One `$batch` operation per item: POST for new records, PATCH by id for existing ones. */
function itemOperations(address: TableAddress, kind: WriteKind, items: WriteItem[], mustExist: boolean): BatchOperation[] {
  return items.map((item) =>
    kind === "create"
      ? { method: "POST", url: address.entitySet, body: { ...item.body, [address.primaryId]: item.id } }
      : { method: "PATCH", url: recordPath(address.entitySet, item.id), body: item.body, headers: mustExist ? { "If-Match": "*" } : undefined },
  );
}

/**
 * The write `writeAtomically` would send, as operations for a change set of a larger `$batch`: one bulk
 * message where the table takes it, else one operation per item. Used by the run's opening request.
 */
export async function writeOperations(address: TableAddress, kind: WriteKind, items: WriteItem[], writer: WriterChoice, mustExist = false): Promise<BatchOperation[]> {
  const bulk = (message: BulkMessage): BatchOperation => ({
    method: "POST",
    url: bulkActionPath(address.entitySet, message),
    body: bulkPayload(address.logicalName, items.map((i) => ({ ...i.body, [address.primaryId]: i.id }))),
  });
  if (kind === "create" && (await writer("CreateMultiple"))) return [bulk("CreateMultiple")];
  if (kind === "update" && !mustExist && (await writer("UpsertMultiple"))) return [bulk("UpsertMultiple")];
  if (kind === "update" && (await writer("UpdateMultiple"))) return [bulk("UpdateMultiple")];
  return itemOperations(address, kind, items, mustExist);
}
