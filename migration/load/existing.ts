import { isDeepInsert } from "../../dataverse/odata/payload";
import type { BatchOperation, DataverseClientApi, Entity, EntityMetadata } from "../../dataverse/types";
import { inFilter, queryString, withQuery } from "../../dataverse/odata/query";
import type { TableAddress } from "../model/tables";
import type { PlannedRecord } from "../plan/types";
import { selectForImage } from "./columns";

/** A record already in Dataverse that the run is about to update. */
export interface ExistingRecord {
  id: string;
  /** The run that stamped it last (`_dxm_migrationrunid_value`), if any. */
  runStamp?: string;
  /** The row as read, holding every column the run will write (for the before-image). */
  row: Entity;
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

  const keys = wanted.map((r) => keyOf(r)!);
  const groups: string[][] = [];
  for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) groups.push(keys.slice(i, i + KEYS_PER_QUERY));
  const queries = groups.map((g) => ({ select: [...select], filter: inFilter(keyColumn, g) }));

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
    existing.set(sourceKey, { id, runStamp: (row._dxm_migrationrunid_value as string | null) ?? undefined, row });
  }
  const partyKey = wanted.flatMap((r) => Object.keys(r.payload).filter((k) => k.endsWith("_activity_parties") && isDeepInsert(r.payload, k)))[0];
  if (partyKey && existing.size > 0) {
    const found = [...existing.values()];
    const parties = await readParties(client, found.map((e) => e.id), signal);
    for (const e of found) {
      const image = partiesImage(parties.filter((p) => String(p._activityid_value).toLowerCase() === e.id.toLowerCase()));
      if (image) e.row[partyKey] = image;
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
  for (let i = 0; i < activityIds.length; i += ACTIVITIES_PER_QUERY) {
    const ids = activityIds.slice(i, i + ACTIVITIES_PER_QUERY);
    gets.push({
      method: "GET",
      url: withQuery("activityparties", queryString({
        select: ["_activityid_value", "participationtypemask", "_partyid_value"],
        expand: Object.entries(PARTY_TABLES).map(([nav, t]) => `${nav}($select=${t.primaryId})`).join(","),
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
