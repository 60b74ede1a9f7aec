import { isDeepInsert } from "../../dataverse/odata/payload";
import type { Entity } from "../../dataverse/types";

/**
 * The columns of a planned payload whose re-read value differs. Compared as Dataverse returns them:
 * numbers by value (money to the cent), date-only columns by their date, date-times by instant, text
 * exactly; lookups bound by alternate key are left out (the key, not a GUID, was written), owners bound
 * by id are compared by id. Deep-inserted related records (an email's parties) are not columns: compared apart.
 */
export function differingColumns(payload: Entity, row: Entity): string[] {
  const out: string[] = [];
  for (const [key, expected] of Object.entries(payload)) {
    if (key.startsWith("@") || isDeepInsert(payload, key)) continue;
    if (key.endsWith("@odata.bind")) {
      const id = /^\/[A-Za-z_]+\(([0-9a-fA-F-]{36})\)$/.exec(String(expected))?.[1];
      if (id === undefined) continue;
      const nav = key.slice(0, -"@odata.bind".length);
      const column = nav.startsWith("ownerid") ? "ownerid" : nav;
      if (String(row[`_${column}_value`] ?? "").toLowerCase() !== id.toLowerCase()) out.push(key);
      continue;
    }
    if (key === "documentbody") continue;
    // Dataverse moves a written overriddencreatedon into createdon, and overriddencreatedon then holds
    // the time the record was really created (the import).
    const actual = key === "overriddencreatedon" ? row.createdon : row[key];
    if (!sameValue(expected, actual)) out.push(key);
  }
  return out;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;

export function sameValue(expected: unknown, actual: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === "";
  if (empty(expected) || empty(actual)) return empty(expected) && empty(actual);
  if (typeof expected === "number" || typeof actual === "number") return Math.abs(Number(expected) - Number(actual)) < 0.005;
  if (typeof expected === "boolean" || typeof actual === "boolean") return String(expected) === String(actual);
  const e = String(expected);
  const a = String(actual);
  if (DATE_ONLY.test(e)) return a.slice(0, 10) === e;
  if (DATE_TIME.test(e) && DATE_TIME.test(a)) return Date.parse(e) === Date.parse(a);
  return e === a;
}
