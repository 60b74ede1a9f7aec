/**
 * Ids chosen before the write, for the tables that cannot carry `dxm_sourcekey` (notes: Dataverse takes no
 * custom columns on annotation, so no alternate key either).
 *
 * Why: a stamped table finds its records again by the alternate key, whatever happened to the ledger. A note
 * has only its id. If the id were random, a note that landed while its ledger row did not (the process
 * killed between the two, the answer to the create lost, the run stopped by a gateway error and started
 * again as a new run) could not be found again, and the next attempt would write it a second time.
 *
 * The scheme: a note's id is the name-based UUID (RFC 9562 version 5, SHA-1) of
 * `<organization id>|<table>|<source key>` under the project's namespace. The same note of the same export
 * into the same org always gets the same id, across attempts, resumes and runs; another org gets another id,
 * so no two orgs share ids by construction (an org restored from another's backup keeps its own org id).
 * Every attempt to create a note first looks the id up (with the ids the ledgers know, for notes written
 * before this scheme), so a repeated create finds the record instead of making a second one, and a lost
 * answer to a create is settled by the same look-up. A note deleted by a rollback frees its id; the next run
 * creates it again under the same id.
 *
 * Web Crypto's SHA-1 is used because it is present in browsers and Node 20 alike (the engine runs in both).
 */

/** The project's namespace for name-based ids (itself a random v4 UUID, fixed forever). */
export const RECORD_ID_NAMESPACE = "6f1c0d2e-8a47-4b8e-9d53-2f7a0c9e4b61";

function guidBytes(guid: string): Uint8Array {
  const hex = guid.replace(/-/g, "");
  if (!/^[0-9a-f]{32}$/i.test(hex)) throw new Error(`Not a GUID: ${guid}`);
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16));
}

function guidText(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** RFC 9562 version-5 UUID of `name` in `namespace`. */
export async function nameBasedUuid(namespace: string, name: string): Promise<string> {
  const ns = guidBytes(namespace);
  const text = new TextEncoder().encode(name);
  const input = new Uint8Array(ns.length + text.length);
  input.set(ns);
  input.set(text, ns.length);
  const digest = new Uint8Array(await globalThis.crypto.subtle.digest("SHA-1", input)).slice(0, 16);
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  return guidText(digest);
}

/** The id a record of an unkeyed table gets in an org: the same for the same source key, every time. */
export function recordId(organizationId: string, table: string, sourceKey: string): Promise<string> {
  return nameBasedUuid(RECORD_ID_NAMESPACE, `${organizationId.toLowerCase()}|${table}|${sourceKey}`);
}
