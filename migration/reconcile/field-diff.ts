import { isDeepInsert } from "../../dataverse/odata/payload";
import type { Entity } from "../../dataverse/types";
import { sameValue } from "../model/same-value";

export { sameValue };

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

/** An activity party as re-read from `activityparties`. */
export interface PartyRead {
  participationtypemask: number;
  partyid: string | null;
  addressused: string | null;
}

const GUID_BIND = /^\/[A-Za-z_]+\(([0-9a-fA-F-]{36})\)$/;

/**
 * Whether an activity's re-read parties differ from the planned ones (an email's From and To): each role the plan
 * names held as many times as planned; a party bound by id pointing at that id; an address the plan kept, kept.
 * Parties bound by alternate key are matched by role only (the key, not a GUID, was written), as lookups are.
 * Roles the plan does not name (parties the platform adds) are not compared.
 */
export function partiesDiffer(planned: Entity[], actual: PartyRead[]): boolean {
  const roles = new Set(planned.map((p) => p.participationtypemask));
  const pool = actual.filter((a) => roles.has(a.participationtypemask));
  if (pool.length !== planned.length) return true;
  for (const party of planned) {
    const bind = Object.entries(party).find(([k]) => k.startsWith("partyid_") && k.endsWith("@odata.bind"))?.[1];
    const id = GUID_BIND.exec(String(bind ?? ""))?.[1]?.toLowerCase();
    const at = pool.findIndex((a) =>
      a.participationtypemask === party.participationtypemask &&
      (id === undefined || String(a.partyid ?? "").toLowerCase() === id) &&
      (party.addressused === undefined || sameValue(party.addressused, a.addressused)));
    if (at < 0) return true;
    pool.splice(at, 1);
  }
  return false;
}
