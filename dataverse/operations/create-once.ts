import { isGatewayStatus } from "../errors";
import type { DataverseClientApi, Entity, WriteOptions } from "../types";

/**
 * A create that survives a dropped connection. A POST is not safe to resend blindly (the first may have
 * landed), so the record gets its id up front; when no answer comes back (or a resend meets a duplicate
 * key), the id is looked up: found means the create landed, not found means it is sent again.
 */
export async function createOnce(client: DataverseClientApi, entitySet: string, primaryId: string, body: Entity, options: WriteOptions & { attempts?: number } = {}): Promise<string> {
  const id = typeof body[primaryId] === "string" ? (body[primaryId] as string) : crypto.randomUUID();
  const { attempts = 3, ...writeOptions } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await client.create(entitySet, { ...body, [primaryId]: id }, writeOptions);
    } catch (error) {
      if (!mayHaveLanded(error)) throw error;
      if (await client.retrieve(entitySet, id, { select: [primaryId], signal: writeOptions.signal })) return id;
      if (attempt >= attempts) throw error;
    }
  }
}

/** Codes of a create that met a record already there: a resend of one that landed. */
const DUPLICATE_CODES = new Set(["0x80040237", "0x80060892"]);

/** No response (dropped connection, timeout), a gateway's answer instead of Dataverse's, or a duplicate key met by a resend. */
export function mayHaveLanded(error: unknown): boolean {
  const e = error as { status?: number; code?: string };
  return e.status === 0 || isGatewayStatus(e.status ?? -1) || DUPLICATE_CODES.has(String(e.code ?? "").toLowerCase());
}
