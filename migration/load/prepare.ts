import type { Entity, EntityMetadata } from "../../dataverse/types";
import { runBind } from "../ledger/codec";
import type { LedgerRecord } from "../ledger/types";
import type { TableAddress } from "../model/tables";
import type { PlannedRecord } from "../plan/types";
import { needsBlockUpload, withInlineAttachment } from "./attachments";
import { updatePayload } from "./columns";
import { recordId } from "./record-ids";
import type { ExistingRecord } from "./existing";
import type { LoadContext } from "./types";
import type { WriteItem } from "./writers";

/** A planned record made ready to send. */
export interface Prepared {
  record: PlannedRecord;
  item: WriteItem;
  /** The record as it was before the run, when it already existed. */
  existing?: ExistingRecord;
  /** How the ledger lists it: `Update` only for a record the run did not create. */
  ledgerAs: "Create" | "Update";
}

/** The body to send for one record: run stamp, generated id for a new record, create-only columns dropped on update. */
export async function prepare(record: PlannedRecord, address: TableAddress, metadata: EntityMetadata | undefined, ctx: LoadContext, existing: ExistingRecord | undefined, updateOnly: boolean): Promise<Prepared> {
  let body: Entity = { ...record.payload };
  if (address.stamped) body["dxm_migrationrunid@odata.bind"] = runBind(ctx.runId);
  if (record.attachment && !needsBlockUpload(record) && ctx.attachments) body = await withInlineAttachment(ctx.attachments, record, body);
  if (existing) {
    const own = !updateOnly && !ctx.runLedger.has(ledgerKey(record)) && (address.stamped ? existing.runStamp === ctx.runId : !ctx.lineage.has(ledgerKey(record)) && !ctx.ledgered?.has(ledgerKey(record)));
    return { record, existing, ledgerAs: own ? "Create" : "Update", item: { id: existing.id, body: updatePayload(body, metadata) } };
  }
  return { record, ledgerAs: "Create", item: { id: address.stamped ? crypto.randomUUID() : await recordId(ctx.organizationId, address.logicalName, record.sourceKey), body } };
}

/*
 * Which found record is the run's own (ledgered as created, never given a before-image of the run's own
 * values): one the ledger has not listed yet (the crash window between a write and its ledger row) that
 * nobody else claims. On a stamped table that is a record stamped with this run. An unkeyed table (notes)
 * has no stamp: its record was found by the id record-ids.ts derives from the org and the source key, and
 * it is the run's own unless another run's ledger lists it (then this run updates it and keeps a
 * before-image). A note another run wrote without ever ledgering it is claimed by this one, which is what
 * lets a run stopped short and started again as a new run end with each note once.
 */

/** The key a record's ledger entry and content hash go under (a stage updating another's records has its own). */
export function ledgerKey(record: PlannedRecord): string {
  return record.hashKey ?? record.sourceKey;
}

export function ledgerRecord(p: Prepared & { id: string }): LedgerRecord {
  return [p.id, ledgerKey(p.record), p.record.contentHash];
}

