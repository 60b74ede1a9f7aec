import type { BatchOperation, BatchRequest, Entity } from "../../dataverse/types";
import { parseRecordPath } from "../../dataverse/odata/keys";

/**
 * The pure pieces the peer writers (KingswaySoft's destination, Azure Data Factory's Dataverse sink) share:
 * grouping requests into ExecuteMultiple-sized batches, the Web API form of one ExecuteMultiple, and the
 * lookup pass that turns the plan's alternate-key binds into record ids. No I/O here.
 */

/** `items` in groups of `size` (the last one shorter), in order. */
export function inBatches<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new Error(`A batch size must be a whole number of at least 1 (got ${size}).`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** ExecuteMultiple accepts at most 1,000 requests (Microsoft: "Execute multiple requests using the SDK for .NET", run-time limitations). */
export const MAX_EXECUTE_MULTIPLE = 1000;

/**
 * One SDK `ExecuteMultipleRequest` (ContinueOnError true, as both peers send it) in the Web API's terms.
 * The Web API has no ExecuteMultiple action; its equivalent is a `$batch` of up to 1,000 requests. Each
 * request of an ExecuteMultiple "is processed in a separate database transaction" (Microsoft), so each is a
 * change set of its own here, and `Prefer: odata.continue-on-error` keeps one failure from stopping the rest.
 */
export function executeMultiple(requests: BatchOperation[]): BatchRequest {
  if (requests.length === 0) throw new Error("An ExecuteMultiple needs at least one request.");
  if (requests.length > MAX_EXECUTE_MULTIPLE) throw new Error(`An ExecuteMultiple holds at most ${MAX_EXECUTE_MULTIPLE} requests (got ${requests.length}).`);
  if (requests.some((r) => r.method === "GET")) throw new Error("The peer writers batch writes only.");
  return { changeSets: requests.map((r) => [r]), continueOnError: true };
}

/** A lookup bound by alternate key in a planned payload: `/accounts(dxm_sourcekey='location:3')`. */
export interface KeyBind {
  entitySet: string;
  sourceKey: string;
}

const BIND = "@odata.bind";

/** The alternate-key bind a `@odata.bind` value makes, or undefined (a bind by id, e.g. an owner). */
export function keyBindOf(value: unknown): KeyBind | undefined {
  if (typeof value !== "string") return undefined;
  const path = value.replace(/^\/+/, "");
  let parsed;
  try {
    parsed = parseRecordPath(path);
  } catch {
    return undefined;
  }
  const ref = parsed.ref;
  if (!ref || typeof ref === "string" || typeof ref.dxm_sourcekey !== "string") return undefined;
  return { entitySet: parsed.entitySet, sourceKey: ref.dxm_sourcekey };
}

/** Every alternate-key bind in a payload, nested ones (activity parties) included. */
export function keyBinds(payload: unknown): KeyBind[] {
  const out: KeyBind[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === "object") {
      for (const [name, inner] of Object.entries(value)) {
        const bind = name.endsWith(BIND) ? keyBindOf(inner) : undefined;
        if (bind) out.push(bind);
        else walk(inner);
      }
    }
  };
  walk(payload);
  return out;
}

/** Source key → record id, per entity set: what a lookup pass read. Keys compare case-insensitively, as Dataverse's do. */
export type LookupCache = Map<string, Map<string, string>>;

export function cacheKey(sourceKey: string): string {
  return sourceKey.toLowerCase();
}

/**
 * The payload with every alternate-key bind replaced by a bind by id from `cache` (what a writer that looks
 * lookups up on the client sends). A key the cache does not hold stays bound by key, and is counted.
 */
export function resolveBinds(payload: Entity, cache: LookupCache): { payload: Entity; unresolved: number } {
  let unresolved = 0;
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (!value || typeof value !== "object") return value;
    const out: Entity = {};
    for (const [name, inner] of Object.entries(value)) {
      const bind = name.endsWith(BIND) ? keyBindOf(inner) : undefined;
      if (!bind) {
        out[name] = walk(inner);
        continue;
      }
      const id = cache.get(bind.entitySet)?.get(cacheKey(bind.sourceKey));
      if (id) out[name] = `/${bind.entitySet}(${id})`;
      else {
        unresolved++;
        out[name] = inner;
      }
    }
    return out;
  };
  return { payload: walk(payload) as Entity, unresolved };
}
