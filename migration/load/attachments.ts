import type { DataverseClientApi, Entity } from "../../dataverse/types";
import type { PlannedRecord } from "../plan/types";
import { bytesToBase64 } from "./base64";
import type { AttachmentSource } from "./types";

/** Attachments above this size go through the block upload messages instead of an inline documentbody. */
export const INLINE_ATTACHMENT_LIMIT = 4 * 1024 * 1024;
/** Size of each uploaded block (a multiple of 3, so every block's base64 stands alone). */
const BLOCK_SIZE = 3 * 1024 * 1024;

export function needsBlockUpload(record: PlannedRecord): boolean {
  return (record.attachment?.size ?? 0) > INLINE_ATTACHMENT_LIMIT;
}

async function readBytes(source: AttachmentSource, name: string, start: number, end: number): Promise<Uint8Array> {
  const file = source.file(name);
  if (!file) throw Object.assign(new Error(`Attachment file not found in the export set: ${name}`), { status: 0, code: "AttachmentMissing", retriable: false });
  return new Uint8Array(await file.slice(start, Math.min(end, file.size)).arrayBuffer());
}

function fileFields(record: PlannedRecord, payload: Entity): Entity {
  const attachment = record.attachment!;
  return {
    filename: payload.filename ?? attachment.file.split("/").pop(),
    mimetype: payload.mimetype ?? attachment.mimeType,
  };
}

/** The note's payload with its (small) attachment inline as base64 `documentbody`. */
export async function withInlineAttachment(source: AttachmentSource, record: PlannedRecord, payload: Entity): Promise<Entity> {
  if (!record.attachment) return payload;
  const bytes = await readBytes(source, record.attachment.file, 0, record.attachment.size);
  return { ...payload, ...fileFields(record, payload), documentbody: bytesToBase64(bytes) };
}

/**
 * Creates (or, given `existingId`, updates) a note with a large attachment through
 * InitializeAnnotationBlocksUpload / UploadBlock / CommitAnnotationBlocksUpload. Returns the note's id.
 */
export async function uploadInBlocks(client: DataverseClientApi, source: AttachmentSource, record: PlannedRecord, payload: Entity, id: string, existingId?: string): Promise<string> {
  const target: Entity = {
    "@odata.type": "Microsoft.Dynamics.CRM.annotation",
    ...payload,
    ...fileFields(record, payload),
    annotationid: existingId ?? id,
  };
  delete target.documentbody;
  const init = await client.execute<{ FileContinuationToken: string }>("POST", "InitializeAnnotationBlocksUpload", { Target: target });
  const blockIds: string[] = [];
  const size = record.attachment!.size;
  for (let start = 0, n = 0; start < size; start += BLOCK_SIZE, n++) {
    const bytes = await readBytes(source, record.attachment!.file, start, start + BLOCK_SIZE);
    const blockId = btoa(`block-${String(n).padStart(6, "0")}`);
    await client.execute("POST", "UploadBlock", { BlockId: blockId, BlockData: bytesToBase64(bytes), FileContinuationToken: init.FileContinuationToken });
    blockIds.push(blockId);
  }
  const commit = await client.execute<{ AnnotationId?: string }>("POST", "CommitAnnotationBlocksUpload", {
    Target: target,
    BlockList: blockIds,
    FileContinuationToken: init.FileContinuationToken,
  });
  return commit.AnnotationId ?? existingId ?? id;
}
