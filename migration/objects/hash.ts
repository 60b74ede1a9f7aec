/**
 * Hashes. `contentHash` detects change for delta runs (not security): a synchronous 64-bit hash over a canonical
 * JSON form, hand-written because no hashing library ships for both the browser and Node
 * synchronously and Web Crypto is async-only. `opaqueKey` turns patient data that must identify a record
 * (carrier + policy number) into a key with SHA-256 from Web Crypto, present in browsers and Node 20.
 */

/** JSON with object keys sorted, so equal payloads hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") return JSON.stringify(value) ?? "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  // A loop over sorted keys rather than entries/filter/map/join: it runs for every record of a plan, twice.
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object).sort();
  let out = "{";
  for (const key of keys) {
    const v = object[key];
    if (v === undefined) continue;
    out += `${out.length > 1 ? "," : ""}${JSON.stringify(key)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/**
 * 64-bit hash as 16 hex digits: two 32-bit multiply-xorshift lanes (the cyrb53 construction) over the UTF-16
 * code units, with Math.imul so it stays fast in every engine.
 */
export function hash64(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, "0") + (h1 >>> 0).toString(16).padStart(8, "0");
}

export function contentHash(payload: unknown): string {
  return hash64(canonicalJson(payload));
}

/** First 16 hex digits of SHA-256 over the text: a key that names a record without carrying its data. */
export async function opaqueKey(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest).slice(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}
