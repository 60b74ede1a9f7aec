/** An OData string literal: single quotes, inner single quotes doubled (`O'Brien` → `'O''Brien'`). */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** `{guid}` or `guid` → lower-case guid; anything else unchanged. */
export function normalizeGuid(value: string): string {
  const bare = value.replace(/^\{|\}$/g, "");
  return isGuid(bare) ? bare.toLowerCase() : value;
}
