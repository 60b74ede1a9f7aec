import { createHash } from "node:crypto";

/**
 * Stable GUIDs for solution components (forms, views, roles, ...). A component must keep its id from one
 * version to the next or an upgrade would create a duplicate, so ids are name-based (RFC 4122 version 5,
 * SHA-1) under the project's own namespace rather than random. Hand-written: uuid v5 is a few lines over
 * node:crypto, and `uuid` is not a declared dependency.
 */
const NAMESPACE = "6f1d9a52-3c4e-4b7a-9d0e-72410d3e0001";

export function componentGuid(name: string): string {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ""), "hex");
  const hash = createHash("sha1").update(ns).update(name, "utf8").digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** The braced form Dataverse writes in most XML: `{xxxxxxxx-...}`. */
export const braced = (guid: string): string => `{${guid}}`;
