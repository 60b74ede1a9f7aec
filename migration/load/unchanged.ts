import { isDeepInsert } from "../../dataverse/odata/payload";
import type { Entity, EntityMetadata } from "../../dataverse/types";
import { sameValue } from "../model/same-value";
import { needsBlockUpload } from "./attachments";
import { lookupColumn } from "./columns";
import { keyOfBind, type ExistingRecord, type PartyState } from "./existing";
import type { Prepared } from "./prepare";

const BIND = "@odata.bind";
const STAMP = `dxm_migrationrunid${BIND}`;
const GUID_BIND = /^\/?[A-Za-z0-9_]+\(([0-9a-fA-F-]{36})\)$/;

/**
 * Whether a record found in the org already holds everything the run would write: then it is left alone
 * (no write, no before-image, counted unchanged). A second full run of unchanged exports writes nothing.
 * Anything the read cannot vouch for (an attachment uploaded in blocks, a column the read did not return)
 * counts as changed. The rules are `columnDifferences`'.
 */
export function isUnchanged(p: Prepared, metadata: EntityMetadata | undefined): boolean {
  const { existing, item, record } = p;
  if (!existing || needsBlockUpload(record)) return false;
  return columnDifferences(item.body, existing, metadata, record.finalState).next().done === true;
}

/**
 * A column whose value in the org is not the one a payload writes: the column as Dataverse names it
 * (a lookup by its column, `dxm_patientid`, not its navigation), and both values as compared: a lookup
 * bound by alternate key by the source key of the record it points at, one bound by id by that id, an
 * activity's parties as `role:party` lines. These values are patient data: they go to the admin's report,
 * never to a log.
 */
export interface ColumnDifference {
  column: string;
  expected: unknown;
  found: unknown;
}

/**
 * The columns of `body` (and of the final state an activity closes in) that the record as read does not hold,
 * compared as Dataverse returns values (`sameValue`): lookups bound by id against `_x_value`, lookups bound
 * by alternate key against the key of the record they point at (read with the record), an email's parties
 * by role, party and address, a note's inline attachment by its content, `overriddencreatedon` against
 * `createdon` (where Dataverse moves it). The key and the run stamp are not compared: an unchanged record
 * keeps the stamp of the run that wrote it. A column the read did not return differs (found: undefined).
 * Lazy: the load stops at the first difference, a full verification takes them all.
 */
export function* columnDifferences(
  body: Entity,
  existing: ExistingRecord,
  metadata: EntityMetadata | undefined,
  finalState?: Record<string, unknown>,
): Generator<ColumnDifference> {
  const { row } = existing;
  for (const [key, expected] of Object.entries(body)) {
    if (key.startsWith("@") || key === "dxm_sourcekey" || key === STAMP) continue;
    if (isDeepInsert(body, key)) {
      if (!existing.parties || !sameParties(expected as Entity[], existing.parties)) {
        yield { column: key, expected: (expected as Entity[]).map(plannedParty), found: existing.parties?.map(currentParty) };
      }
    } else if (key.endsWith(BIND)) {
      const nav = key.slice(0, -BIND.length);
      const found = lookupFound(nav, expected, row, existing.keyedLookups, metadata);
      if (!sameLookup(nav, expected, row, existing.keyedLookups, metadata)) yield { column: lookupColumn(nav, metadata), expected: lookupExpected(expected), found };
    } else if (key === "documentbody") {
      if (existing.document === undefined || !sameValue(expected, existing.document)) yield { column: key, expected: "(the attachment's content)", found: existing.document === undefined ? undefined : "(another content)" };
    } else if (key === "overriddencreatedon") {
      // Dataverse moves a written overriddencreatedon into createdon (reconcile compares it the same way).
      if (!sameValue(expected, row.createdon)) yield { column: key, expected, found: row.createdon };
    } else if (!(key in row) || !sameValue(expected, row[key])) yield { column: key, expected, found: row[key] };
  }
  for (const [key, expected] of Object.entries(finalState ?? {})) if (!sameValue(expected, row[key])) yield { column: key, expected, found: row[key] };
}

function sameLookup(nav: string, bind: unknown, row: Entity, keyed: Record<string, string | null> | undefined, metadata: EntityMetadata | undefined): boolean {
  if (bind === null || bind === undefined) return sameValue(null, row[`_${lookupColumn(nav, metadata)}_value`]);
  const key = keyOfBind(bind);
  if (key !== undefined) return keyed !== undefined && nav in keyed && keyed[nav] === key;
  const id = GUID_BIND.exec(String(bind))?.[1];
  return id !== undefined && String(row[`_${lookupColumn(nav, metadata)}_value`] ?? "").toLowerCase() === id.toLowerCase();
}

/** What a bind points at: the source key of a bind by alternate key, else the id. */
function lookupExpected(bind: unknown): unknown {
  if (bind === null || bind === undefined) return null;
  return keyOfBind(bind) ?? GUID_BIND.exec(String(bind))?.[1] ?? bind;
}

/** What the record's lookup points at, in the terms of its bind: the related record's source key, else its id. */
function lookupFound(nav: string, bind: unknown, row: Entity, keyed: Record<string, string | null> | undefined, metadata: EntityMetadata | undefined): unknown {
  if (bind !== null && bind !== undefined && keyOfBind(bind) !== undefined && keyed && nav in keyed) return keyed[nav];
  return row[`_${lookupColumn(nav, metadata)}_value`] ?? null;
}

/** A planned party as `role:party`: `1:systemuser <id>`, `2:patient:1 <address>`. */
function plannedParty(party: Entity): string {
  const bind = Object.entries(party).find(([k]) => k.startsWith("partyid_") && k.endsWith(BIND))?.[1];
  return [`${String(party.participationtypemask)}:${String(lookupExpected(bind) ?? "")}`, party.addressused].filter((s) => s !== undefined && s !== null).join(" ");
}

function currentParty(party: PartyState): string {
  return [`${party.participationtypemask}:${party.sourceKey ?? party.partyid ?? ""}`, party.addressused].filter((s) => s !== undefined && s !== null).join(" ");
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
