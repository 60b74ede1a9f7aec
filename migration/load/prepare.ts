import type { Entity, EntityMetadata } from "../../dataverse/types";
import { runBind } from "../ledger/codec";
import type { LedgerRecord } from "../ledger/types";
import type { TableAddress } from "../model/tables";
import type { PlannedRecord } from "../plan/types";
import { needsBlockUpload, withInlineAttachment } from "./attachments";
import { updatePayload } from "./columns";
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
  // A record this run stamped but whose ledger entry was lost (crash window) is the run's own: it is
  // written again and ledgered as created, never given a before-image of the run's own values.
  if (existing) {
    const own = !updateOnly && existing.runStamp === ctx.runId && !ctx.runLedger.has(ledgerKey(record));
    return { record, existing, ledgerAs: own ? "Create" : "Update", item: { id: existing.id, body: updatePayload(body, metadata) } };
  }
  return { record, ledgerAs: "Create", item: { id: crypto.randomUUID(), body } };
}

/** The key a record's ledger entry and content hash go under (a stage updating another's records has its own). */
export function ledgerKey(record: PlannedRecord): string {
  return record.hashKey ?? record.sourceKey;
}

export function ledgerRecord(p: Prepared & { id: string }): LedgerRecord {
  return [p.id, ledgerKey(p.record), p.record.contentHash];
}

