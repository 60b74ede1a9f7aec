import { randomUUID } from "node:crypto";
import { errors } from "../records/errors";
import type { Entity } from "../records/payload";
import { json, noContent, type ApiContext, type ApiRequest, type ApiResponse } from "../api/types";

interface PendingUpload {
  target: Entity;
  blocks: Map<string, Buffer>;
}

/**
 * The annotation chunked-upload messages: InitializeAnnotationBlocksUpload → UploadBlock (base64 blocks,
 * each ≤ 4 MB) → CommitAnnotationBlocksUpload, which creates the note with the joined blocks as its
 * document body, refusing files over the organization's MaxUploadFileSize.
 */
export class AnnotationUploads {
  private readonly pending = new Map<string, PendingUpload>();

  initialize(ctx: ApiContext, request: ApiRequest): ApiResponse {
    const target = (request.body as { Target?: Entity } | undefined)?.Target;
    if (!target || typeof target !== "object") throw errors.badRequest("InitializeAnnotationBlocksUpload: the parameter 'Target' is required.", "0x80040203");
    const token = randomUUID();
    this.pending.set(token, { target, blocks: new Map() });
    return json(200, { "@odata.context": `${ctx.apiBase}$metadata#Microsoft.Dynamics.CRM.InitializeAnnotationBlocksUploadResponse`, FileContinuationToken: token });
  }

  uploadBlock(_ctx: ApiContext, request: ApiRequest): ApiResponse {
    const body = (request.body ?? {}) as { BlockId?: string; BlockData?: string; FileContinuationToken?: string };
    const upload = this.pending.get(body.FileContinuationToken ?? "");
    if (!upload) throw errors.badRequest("UploadBlock: unknown FileContinuationToken.", "0x80040203");
    if (!body.BlockId || typeof body.BlockData !== "string") throw errors.badRequest("UploadBlock: BlockId and BlockData are required.", "0x80040203");
    const data = Buffer.from(body.BlockData, "base64");
    if (data.length > 4 * 1024 * 1024) throw errors.badRequest("UploadBlock: a block cannot exceed 4 MB.", "0x80040203");
    upload.blocks.set(body.BlockId, data);
    return noContent();
  }

  commit(ctx: ApiContext, request: ApiRequest): ApiResponse {
    const body = (request.body ?? {}) as { Target?: Entity; BlockList?: string[]; FileContinuationToken?: string };
    const upload = this.pending.get(body.FileContinuationToken ?? "");
    if (!upload) throw errors.badRequest("CommitAnnotationBlocksUpload: unknown FileContinuationToken.", "0x80040203");
    const blocks = (body.BlockList ?? []).map((id) => {
      const block = upload.blocks.get(id);
      if (!block) throw errors.badRequest(`CommitAnnotationBlocksUpload: block '${id}' was not uploaded.`, "0x80040203");
      return block;
    });
    const file = Buffer.concat(blocks);
    if (file.length > ctx.maxUploadFileSize()) throw errors.fileTooLarge();
    const table = ctx.schema.tables.get("annotation")!;
    const target = Object.fromEntries(Object.entries({ ...upload.target, ...(body.Target ?? {}) }).filter(([k]) => k !== "@odata.type"));
    const id = ctx.records.create(table, { ...target, documentbody: file.toString("base64") });
    this.pending.delete(body.FileContinuationToken!);
    return {
      ...json(200, { "@odata.context": `${ctx.apiBase}$metadata#Microsoft.Dynamics.CRM.CommitAnnotationBlocksUploadResponse`, AnnotationId: id, FileSizeInBytes: file.length }),
      operations: 1, table: "annotation",
    };
  }

  clear(): void {
    this.pending.clear();
  }
}
