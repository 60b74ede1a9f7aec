import { isDeepInsert } from "../../dataverse/odata/payload";
import type { BatchOperation, DataverseClientApi, Entity, EntityMetadata } from "../../dataverse/types";
import { filterGroups, inFilter, queryString, withQuery } from "../../dataverse/odata/query";
import type { TableAddress } from "../model/tables";
import type { PlannedRecord } from "../plan/types";
import { selectForImage } from "./columns";
import { needsBlockUpload } from "./attachments";

const BIND = "@odata.bind";

/** A record already in Dataverse that the run is about to update. */
export interface ExistingRecord {
  id: string;
  /** The run that stamped it last (`_dxm_migrationrunid_value`), if any. */
  runStamp?: string;
  /** The row as read, holding every column the run will write (for the before-image). */
  row: Entity;
  /**
   * Lookups the run binds by alternate key, as read: navigation property → the related record's source key
   * (null when empty). A bound GUID cannot be compared with a key; the key it points at can.
   */
  keyedLookups?: Record<string, string | null>;
  /** An activity's current parties, as read (role, party id, the party's source key, address used). */
  parties?: PartyState[];
  /** A note's current inline attachment (`documentbody`), read apart: it is compared, never imaged. */
  document?: string | null;
}

/** One current party of an activity. */
export interface PartyState {
  participationtypemask: number;
  partyid: string | null;
  /** The contact's `dxm_sourcekey` when the party is a migrated contact. */
  sourceKey: string | null;
  addressused: string | null;
}

/** `/contacts(dxm_sourcekey='patient:1')` → `patient:1` (undefined for a bind by id). */
export function keyOfBind(bind: unknown): string | undefined {
  const m = /^\/?[A-Za-z0-9_]+\(dxm_sourcekey='((?:[^']|'')*)'\)$/.exec(String(bind));
  return m ? m[1].replace(/''/g, "'") : undefined;
}

/** Keys per `In` filter: keeps each GET line short (a $batch part carries several). */
const KEYS_PER_QUERY = 100;

/**
 * Which stamped tables already hold migrated records from another run (or none): one `$batch` of
 * `$top=1` GETs for all tables. Tables not in the answer need no look-up before writing: every record the
 * run writes there is new.
 */
export async function tablesWithForeignRecords(client: DataverseClientApi, tables: TableAddress[], runId: string, signal?: AbortSignal): Promise<Set<string>> {
  const stamped = tables.filter((t) => t.stamped);
  if (stamped.length === 0) return new Set();
  const gets = stamped.map((t) => foreignRecordProbe(t, runId));
  const results = await client.executeBatch({ changeSets: [], gets }, { signal });
  const found = new Set<string>();
  results.forEach((result, i) => {
    if (result.error) throw Object.assign(new Error(result.error.message), result.error);
    if (valueOf(result.body).length > 0) found.add(stamped[i].logicalName);
  });
  return found;
}

/** `$top=1` GET of a record with a source key that another run (or none) stamped. */
export function foreignRecordProbe(table: TableAddress, runId: string): BatchOperation {
  return {
    method: "GET",
    url: withQuery(table.entitySet, queryString({
      select: [table.primaryId],
      filter: `dxm_sourcekey ne null and (_dxm_migrationrunid_value eq null or _dxm_migrationrunid_value ne ${runId})`,
      top: 1,
    })),
  };
}

/**
 * Reads the records of a chunk that already exist: by source key on stamped tables, by the id the
 * ledger lineage knows on notes. The select holds exactly the columns the run will write, so the rows
 * double as before-images; activities whose payload carries a party collection get their current parties
 * under that name too (`partiesImage`). Several key groups travel in one `$batch`.
 */
export async function findExisting(
  client: DataverseClientApi,
  address: TableAddress,
  records: PlannedRecord[],
  knownIds: Map<string, string>,
  metadata: EntityMetadata | undefined,
  signal?: AbortSignal,
  /** Columns to read beyond those the run writes (e.g. an activity's statecode). */
  extra: string[] = [],
): Promise<Map<string, ExistingRecord>> {
  const keyColumn = address.stamped ? "dxm_sourcekey" : address.primaryId;
  const keyOf = (r: PlannedRecord): string | undefined => (address.stamped ? r.sourceKey : knownIds.get(r.sourceKey));
  const wanted = records.filter((r) => keyOf(r) !== undefined);
  if (wanted.length === 0) return new Map();

  const select = new Set([address.primaryId, ...(address.stamped ? ["dxm_sourcekey", "_dxm_migrationrunid_value"] : [])]);
  for (const r of wanted) for (const c of selectForImage(r.payload, metadata)) select.add(c);
  for (const c of extra) select.add(c);
  // Lookups bound by alternate key are read with the key of the record they point at (to tell an unchanged
  // record from a changed one); a note's inline attachment is read to compare it.
  const keyed = new Set(wanted.flatMap((r) => Object.keys(r.payload).filter((k) => k.endsWith(BIND) && keyOfBind(r.payload[k]) !== undefined)).map((k) => k.slice(0, -BIND.length)));
  const readsDocument = wanted.some((r) => r.attachment && !needsBlockUpload(r));
  if (readsDocument) select.add("documentbody");
  if (select.has("overriddencreatedon")) select.add("createdon");
  const expand = [...keyed].map((nav) => `${nav}($select=dxm_sourcekey)`).join(",") || undefined;

  const keys = wanted.map((r) => keyOf(r)!);
  const groups = filterGroups(keys, KEYS_PER_QUERY);
  const queries = groups.map((g) => ({ select: [...select], filter: inFilter(keyColumn, g), expand }));

  let rows: Entity[];
  if (queries.length === 1) {
    rows = (await client.retrieveMultiple(address.entitySet, queries[0], { signal })).value;
  } else {
    const results = await client.executeBatch(
      { changeSets: [], gets: queries.map((q) => ({ method: "GET", url: withQuery(address.entitySet, queryString(q)) })) },
      { signal },
    );
    rows = results.flatMap((result) => {
      if (result.error) throw Object.assign(new Error(result.error.message), result.error);
      return valueOf(result.body);
    });
  }

  // Only the chunk's own ids: inverting every id the ledger knows, chunk after chunk, would copy a
  // resumed run's whole ledger index a thousand records at a time.
  const sourceKeyById = new Map(address.stamped ? [] : wanted.map((r) => [keyOf(r)!, r.sourceKey]));
  const existing = new Map<string, ExistingRecord>();
  for (const row of rows) {
    const id = String(row[address.primaryId]);
    const sourceKey = address.stamped ? String(row.dxm_sourcekey) : sourceKeyById.get(id);
    if (!sourceKey) continue;
    const found: ExistingRecord = { id, runStamp: (row._dxm_migrationrunid_value as string | null) ?? undefined, row };
    if (keyed.size > 0) {
      found.keyedLookups = {};
      for (const nav of keyed) {
        const related = row[nav] as Entity | null | undefined;
        found.keyedLookups[nav] = (related?.dxm_sourcekey as string | null | undefined) ?? null;
        delete row[nav];
      }
    }
    if (readsDocument) {
      // Kept out of the row, so a before-image never carries a patient's document into the ledger.
      found.document = (row.documentbody as string | null | undefined) ?? null;
      delete row.documentbody;
    }
    existing.set(sourceKey, found);
  }
  const partyKey = wanted.flatMap((r) => Object.keys(r.payload).filter((k) => k.endsWith("_activity_parties") && isDeepInsert(r.payload, k)))[0];
  if (partyKey && existing.size > 0) {
    const found = [...existing.values()];
    const parties = await readParties(client, found.map((e) => e.id), signal);
    // By activity once: filtering every party for each activity is a chunk's square.
    const byActivity = new Map<string, Entity[]>();
    for (const p of parties) {
      const activity = String(p._activityid_value).toLowerCase();
      const list = byActivity.get(activity);
      if (list) list.push(p);
      else byActivity.set(activity, [p]);
    }
    for (const e of found) {
      const own = byActivity.get(e.id.toLowerCase()) ?? [];
      const image = partiesImage(own);
      if (image) e.row[partyKey] = image;
      e.parties = own.map((p) => ({
        participationtypemask: Number(p.participationtypemask),
        partyid: (p._partyid_value as string | null | undefined) ?? null,
        sourceKey: ((p.partyid_contact as Entity | null | undefined)?.dxm_sourcekey as string | null | undefined) ?? null,
        addressused: (p.addressused as string | null | undefined) ?? null,
      }));
    }
  }
  return existing;
}

/** The tables a migrated activity's parties point at, by the navigation a party binds through. */
const PARTY_TABLES: Record<string, { entitySet: string; primaryId: string }> = {
  partyid_contact: { entitySet: "contacts", primaryId: "contactid" },
  partyid_systemuser: { entitySet: "systemusers", primaryId: "systemuserid" },
};

/** Activities per party GET: keeps the `or` filter short. */
const ACTIVITIES_PER_QUERY = 50;

/** The parties of some activities, each with its party expanded through every navigation in PARTY_TABLES. */
async function readParties(client: DataverseClientApi, activityIds: string[], signal?: AbortSignal): Promise<Entity[]> {
  const gets: BatchOperation[] = [];
  // Each id costs an `_activityid_value eq … or ` term, about 30 characters more than in an In list.
  for (const ids of filterGroups(activityIds, ACTIVITIES_PER_QUERY, undefined, 33)) {
    gets.push({
      method: "GET",
      url: withQuery("activityparties", queryString({
        select: ["_activityid_value", "participationtypemask", "_partyid_value", "addressused"],
        expand: Object.entries(PARTY_TABLES).map(([nav, t]) => `${nav}($select=${[t.primaryId, ...(nav === "partyid_contact" ? ["dxm_sourcekey"] : [])].join(",")})`).join(","),
        filter: ids.map((id) => `_activityid_value eq ${id}`).join(" or "),
      })),
    });
  }
  const results = await client.executeBatch({ changeSets: [], gets }, { signal });
  return results.flatMap((result) => {
    if (result.error) throw Object.assign(new Error(result.error.message), result.error);
    return valueOf(result.body);
  });
}

/**
 * An activity's parties as the collection value that puts them back (`[{ participationtypemask, partyid_contact@odata.bind }]`),
 * for its before-image. Ids only: the before-image is stored in the ledger, which carries no patient data, so the
 * address a party used (a patient's email address) is not kept; Dataverse fills it from the party's own address
 * when the rollback writes the list back. Undefined when a party is unresolved (an address alone) or points at a
 * table the migration never names (an account, a queue): such a list is not imaged, and a rollback leaves the
 * parties as the run set them.
 */
export function partiesImage(parties: Entity[]): Entity[] | undefined {
  const image: Entity[] = [];
  for (const p of parties) {
    const entry: Entity = { participationtypemask: p.participationtypemask };
    const nav = Object.keys(PARTY_TABLES).find((n) => p[n] !== null && typeof p[n] === "object");
    if (!nav) return undefined;
    entry[`${nav}@odata.bind`] = `/${PARTY_TABLES[nav].entitySet}(${String(p._partyid_value)})`;
    image.push(entry);
  }
  return image;
}

function valueOf(body: unknown): Entity[] {
  const value = (body as { value?: unknown } | undefined)?.value;
  return Array.isArray(value) ? (value as Entity[]) : [];
}
