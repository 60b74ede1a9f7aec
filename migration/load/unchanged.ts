import { isDeepInsert } from "../../dataverse/odata/payload";
import type { Entity, EntityMetadata } from "../../dataverse/types";
import { sameValue } from "../model/same-value";
import { needsBlockUpload } from "./attachments";
import { lookupColumn } from "./columns";
import { keyOfBind, type PartyState } from "./existing";
import type { Prepared } from "./prepare";

const BIND = "@odata.bind";
const STAMP = `dxm_migrationrunid${BIND}`;
const GUID_BIND = /^\/?[A-Za-z0-9_]+\(([0-9a-fA-F-]{36})\)$/;

/**
 * Whether a record found in the org already holds everything the run would write: then it is left alone
 * (no write, no before-image, counted unchanged). A second full run of unchanged exports writes nothing.
 *
 * Compared as Dataverse returns values (`sameValue`): lookups bound by id against `_x_value`, lookups bound
 * by alternate key against the key of the record they point at (read with the record), an email's parties
 * by role, party and address, a note's inline attachment by its content, a closed activity by its state too.
 * The run stamp is not compared: an unchanged record keeps the stamp of the run that wrote it. Anything the
 * read cannot vouch for (an attachment uploaded in blocks, a column the read did not return) counts as changed.
 */
export function isUnchanged(p: Prepared, metadata: EntityMetadata | undefined): boolean {
  const { existing, item, record } = p;
  if (!existing || needsBlockUpload(record)) return false;
  const { row } = existing;
  for (const [key, expected] of Object.entries(item.body)) {
    if (key.startsWith("@") || key === "dxm_sourcekey" || key === STAMP) continue;
    if (isDeepInsert(item.body, key)) {
      if (!existing.parties || !sameParties(expected as Entity[], existing.parties)) return false;
    } else if (key.endsWith(BIND)) {
      if (!sameLookup(key.slice(0, -BIND.length), expected, existing.row, existing.keyedLookups, metadata)) return false;
    } else if (key === "documentbody") {
      if (existing.document === undefined || !sameValue(expected, existing.document)) return false;
    } else if (key === "overriddencreatedon") {
      // Dataverse moves a written overriddencreatedon into createdon (reconcile compares it the same way).
      if (!sameValue(expected, row.createdon)) return false;
    } else if (!(key in row) || !sameValue(expected, row[key])) return false;
  }
  for (const [key, expected] of Object.entries(record.finalState ?? {})) if (!sameValue(expected, row[key])) return false;
  return true;
}

function sameLookup(nav: string, bind: unknown, row: Entity, keyed: Record<string, string | null> | undefined, metadata: EntityMetadata | undefined): boolean {
  if (bind === null || bind === undefined) return sameValue(null, row[`_${lookupColumn(nav, metadata)}_value`]);
  const key = keyOfBind(bind);
  if (key !== undefined) return keyed !== undefined && nav in keyed && keyed[nav] === key;
  const id = GUID_BIND.exec(String(bind))?.[1];
  return id !== undefined && String(row[`_${lookupColumn(nav, metadata)}_value`] ?? "").toLowerCase() === id.toLowerCase();
}

/** The planned parties (an email's From and To) are exactly the current ones: same roles, parties and addresses. */
function sameParties(planned: Entity[], current: PartyState[]): boolean {
  if (planned.length !== current.length) return false;
  const pool = [...current];
  for (const party of planned) {
    const bind = Object.entries(party).find(([k]) => k.startsWith("partyid_") && k.endsWith(BIND))?.[1];
    const key = keyOfBind(bind);
    const id = GUID_BIND.exec(String(bind ?? ""))?.[1]?.toLowerCase();
    const at = pool.findIndex((c) =>
      c.participationtypemask === Number(party.participationtypemask) &&
      (bind === undefined ? c.partyid === null : key !== undefined ? c.sourceKey === key : String(c.partyid ?? "").toLowerCase() === id) &&
      (party.addressused === undefined || sameValue(party.addressused, c.addressused)));
    if (at < 0) return false;
    pool.splice(at, 1);
  }
  return true;
}
