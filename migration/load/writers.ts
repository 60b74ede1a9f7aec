import type { BatchOperation, BulkMessage, DataverseClientApi, Entity, WriteOptions } from "../../dataverse/types";
import { recordPath } from "../../dataverse/odata/keys";
import { bulkActionPath, bulkPayload } from "../../dataverse/operations/bulk";
import { idFromEntityUrl } from "../../dataverse/odata/keys";
import { filterGroups, inFilter } from "../../dataverse/odata/query";
import { mayHaveLanded } from "../../dataverse/operations/create-once";
import type { TableAddress } from "../model/tables";
import type { OrgSupport } from "./types";
import { dataverseFailure } from "./errors";

/** One record of a chunk, ready to send: `id` is the existing record's id or the one generated for it. */
export interface WriteItem {
  id: string;
  body: Entity;
}

export type WriteKind = "create" | "update";

/**
 * Whether to send a bulk message: the table supports it (known up front when the run read it with the org
 * context, else asked of the client on first need, which caches the answer), and, for targets that
 * deep-insert activity parties, the org takes parties inside the bulk messages (`support.partiesInBulk`).
 */
export type WriterChoice = (message: BulkMessage, items?: readonly WriteItem[]) => Promise<boolean>;

export function chooseWriter(client: DataverseClientApi, table: string, known?: Partial<Record<BulkMessage, boolean>>, support?: OrgSupport): WriterChoice {
  return async (message, items = []) => {
    if (support?.partiesInBulk === false && message !== "UpdateMultiple" && items.some((i) => carriesParties(i.body))) return false;
    return known?.[message] ?? client.supportsBulk(table, message);
  };
}

/** A payload that deep-inserts an activity's parties (`email_activity_parties: [...]`). */
export function carriesParties(body: Entity): boolean {
  return Object.keys(body).some((k) => k.endsWith("_activity_parties") && Array.isArray(body[k]));
}

/** The writer for operations inside a change set: no bulk message when the org refuses them there. */
export function inChangeSet(writer: WriterChoice, support?: OrgSupport): WriterChoice {
  return support?.bulkInChangeSet === false ? async () => false : writer;
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
  for (const chunk of filterGroups(ids, 50)) {
    const found = await client.retrieveAll(address.entitySet, { select: [address.primaryId], filter: inFilter(address.primaryId, chunk) });
    if (found.length !== chunk.length) return false;
  }
  return true;
}

async function send(client: DataverseClientApi, address: TableAddress, kind: WriteKind, items: WriteItem[], writer: WriterChoice, mustExist: boolean, options: WriteOptions): Promise<string[]> {
  const ids = items.map((i) => i.id);
  const withId = items.map((i) => ({ ...i.body, [address.primaryId]: i.id }));
  if (kind === "create" && (await writer("CreateMultiple", items))) {
    const returned = await client.createMultiple(address.entitySet, address.logicalName, withId, options);
    return returned.length === ids.length ? returned : ids;
  }
  if (kind === "update" && !mustExist && (await writer("UpsertMultiple", items))) {
    await client.upsertMultiple(address.entitySet, address.logicalName, withId, options);
    return ids;
  }
  if (kind === "update" && (await writer("UpdateMultiple", items))) {
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
  if (kind === "create" && (await writer("CreateMultiple", items))) return [bulk("CreateMultiple")];
  if (kind === "update" && !mustExist && (await writer("UpsertMultiple", items))) return [bulk("UpsertMultiple")];
  if (kind === "update" && (await writer("UpdateMultiple", items))) return [bulk("UpdateMultiple")];
  return itemOperations(address, kind, items, mustExist);
}
