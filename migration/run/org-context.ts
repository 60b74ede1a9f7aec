import type { BatchOperation, BatchOperationResult, BulkMessage, DataverseClientApi, Entity, EntityMetadata, WhoAmI } from "../../dataverse/types";
import { bulkSupportByTablePath } from "../../dataverse/operations/bulk";
import { entitiesMetadataPath, entityMetadataPath, optionSetPath, OPTION_SET_TYPES, toEntityMetadata, type RawOptionAttribute } from "../../dataverse/operations/metadata";
import type { ConfirmedMap } from "../mapping/types";
import { objectSpec } from "../model/objects";
import { migratedTables, tableAddress } from "../model/tables";
import { foreignRecordProbe } from "../load/existing";
import type { ObjectKind } from "../model/types";
import type { OrgContext } from "../plan/types";
import { tableLedgerFrom, tableLedgerGet } from "../ledger/codec";
import type { LedgerBatch } from "../ledger/types";
import { solutionStateFrom, solutionStateGets, type SolutionState } from "./custom-fields-solution";

const BULK_MESSAGES: BulkMessage[] = ["CreateMultiple", "UpsertMultiple", "UpdateMultiple"];

/** The tables a confirmed map's objects write to (connections and notes follow patients; activities follow communications). */
export function tablesForMap(map: ConfirmedMap): string[] {
  const objects = new Set<ObjectKind>(map.files.map((f) => f.object));
  const tables = new Set<string>();
  for (const kind of objects) {
    if (kind === "definition" || kind === "provider") continue;
    if (kind === "communication") ["phonecall", "email", "appointment"].forEach((t) => tables.add(t));
    else tables.add(objectSpec(kind).table);
  }
  if (objects.has("patient")) ["contact", "connection"].forEach((t) => tables.add(t));
  // Coverage rows write a policy (the object's table) and a coverage each.
  if (objects.has("insurance")) tables.add("dxm_coverage");
  if (objects.has("practice") || objects.has("patient")) tables.add("account");
  return [...tables].filter((t) => migratedTables.some((m) => m.logicalName === t));
}

export interface FetchedOrg {
  context: OrgContext;
  whoAmI: WhoAmI;
  /** Of `probe` tables: those holding migrated records from another run (records there must be looked up before writing). */
  tablesWithForeignRecords: Set<string>;
  /** Bulk-message support per table, read in the same request. */
  bulkSupport: Map<string, Partial<Record<BulkMessage, boolean>>>;
  /** The ledger of every run, for the tables asked for in `ledgerOf` (notes are found again through it). */
  tableLedgers: Map<string, LedgerBatch[]>;
  /** The solution that custom-field columns are created in, and its publisher, as the org holds them. */
  customFieldsSolution: SolutionState;
  /** Results of `input.extra`'s operations, change sets first, in order. */
  extraResults: BatchOperationResult[];
}

/**
 * Everything the plan needs to know about the org, in one `$batch` of GETs: users, table metadata (with
 * option sets), the upload size limit, the solution's connection roles, which tables take the bulk
 * messages, which hold records of other runs, and the ledgers asked for. One request instead of a hundred keeps the run within its request budget.
 */
export async function fetchOrgContext(
  client: DataverseClientApi,
  input: {
    runId: string; tables: string[]; fallbackOwnerEmail?: string; previousHashes?: Map<string, string>; probe?: boolean; ledgerOf?: string[];
    /** Change sets and GETs to send along (the probe of what the org supports); their results come back in `extraResults`. */
    extra?: { changeSets: BatchOperation[][]; gets: BatchOperation[] };
    /** Table metadata read moments ago (the pre-flight's, which validated the plan the run loads): not read again. */
    knownMetadata?: Record<string, EntityMetadata>;
  },
  signal?: AbortSignal,
): Promise<FetchedOrg> {
  // An optional read that fails leaves its answer unknown instead of failing the run.
  const gets: { op: BatchOperation; read: (body: unknown) => void; optional?: boolean }[] = [];
  const get = (url: string, read: (body: unknown) => void) => gets.push({ op: { method: "GET", url }, read });

  let whoAmI: WhoAmI | undefined;
  get("WhoAmI", (b) => (whoAmI = b as WhoAmI));
  let users: OrgContext["users"] = [];
  let maxUploadFileSize = 5 * 1024 * 1024;
  const roles: Entity[] = [];
  get("systemusers?$select=systemuserid,internalemailaddress,isdisabled", (b) => {
    users = valueOf(b).map((u) => ({ id: String(u.systemuserid), email: String(u.internalemailaddress ?? ""), disabled: u.isdisabled === true }));
  });
  get("organizations?$select=maxuploadfilesize", (b) => {
    const size = valueOf(b)[0]?.maxuploadfilesize;
    if (typeof size === "number") maxUploadFileSize = size;
  });
  get(`connectionroles?$select=connectionroleid,name&$filter=${encodeURIComponent("name eq 'Patient' or name eq 'Practice location'")}`, (b) => roles.push(...valueOf(b)));

  const raw = new Map<string, { table?: Record<string, unknown>; options: RawOptionAttribute[] }>();
  const bulkSupport = new Map<string, Partial<Record<BulkMessage, boolean>>>();
  for (const table of input.tables) {
    const entry = { table: undefined as Record<string, unknown> | undefined, options: [] as RawOptionAttribute[] };
    bulkSupport.set(table, {});
    if (input.knownMetadata?.[table]) continue;
    raw.set(table, entry);
    for (const type of OPTION_SET_TYPES) get(optionSetPath(table, type), (b) => entry.options.push(...(valueOf(b) as unknown as RawOptionAttribute[])));
  }
  // Every table's definition in one query (its option sets are only reachable table by table, above).
  if (raw.size > 0) {
    get(entitiesMetadataPath([...raw.keys()]), (b) => {
      for (const row of valueOf(b)) {
        const entry = raw.get(String(row.LogicalName).toLowerCase());
        if (entry) entry.table = row as Record<string, unknown>;
      }
      const missing = [...raw].filter(([, e]) => !e.table).map(([t]) => t);
      if (missing.length > 0) throw new Error(`Reading the org failed: no table definition for ${missing.join(", ")}.`);
    });
  }
  // One query per message for all the tables (not one per table and message: three sub-requests instead of forty).
  for (const message of BULK_MESSAGES) {
    if (input.tables.length === 0) break;
    get(bulkSupportByTablePath(input.tables, message), (b) => {
      const supported = new Set(valueOf(b).map((f) => String(f.primaryobjecttypecode)));
      for (const [table, support] of bulkSupport) support[message] = supported.has(table);
    });
  }

  // Only needed when custom columns are to be created; then, unread, it is read again on its own.
  const solutionBodies: unknown[] = [];
  let solutionUnread = false;
  for (const op of solutionStateGets()) gets.push({ op, read: (b) => solutionBodies.push(b), optional: true });

  const foreign = new Set<string>();
  if (input.probe) {
    for (const table of input.tables.map(tableAddress).filter((t) => t.stamped)) {
      get(foreignRecordProbe(table, input.runId).url, (b) => valueOf(b).length > 0 && foreign.add(table.logicalName));
    }
  }

  const ledgerPages = new Map<string, unknown>();
  for (const table of input.ledgerOf ?? []) {
    const op = tableLedgerGet(table);
    gets.push({ op, read: (b) => ledgerPages.set(table, b) });
  }

  // Extra change sets (which may fail on purpose) go first, so the batch continues past their failures.
  const extra = input.extra;
  const all = await client.executeBatch(
    // The extra change sets roll back on purpose (their last operation fails): replaying them is harmless.
    extra ? { changeSets: extra.changeSets, gets: [...extra.gets, ...gets.map((g) => g.op)], continueOnError: true, replaySafe: true } : { changeSets: [], gets: gets.map((g) => g.op) },
    { signal },
  );
  const extraCount = extra ? extra.changeSets.reduce((n, set) => n + set.length, 0) + extra.gets.length : 0;
  const extraResults = all.slice(0, extraCount);
  const results = all.slice(extraCount);
  results.forEach((result, i) => {
    if (result.error && gets[i].optional) return void (solutionUnread = true);
    if (result.error) throw Object.assign(new Error(`Reading the org failed (${gets[i].op.url.split("?")[0]}): ${result.error.message}`), result.error);
    gets[i].read(result.body);
  });
  const tableLedgers = new Map<string, LedgerBatch[]>();
  for (const [table, page] of ledgerPages) tableLedgers.set(table, await tableLedgerFrom(client, page, signal));

  const metadata: Record<string, EntityMetadata> = { ...input.knownMetadata };
  for (const [table, entry] of raw) if (entry.table) metadata[table] = toEntityMetadata(entry.table, entry.options);
  const roleId = (name: string) => String(roles.find((r) => r.name === name)?.connectionroleid ?? "");
  const fallback = input.fallbackOwnerEmail?.toLowerCase();
  const fallbackOwnerId = fallback ? users.find((u) => u.email.toLowerCase() === fallback && !u.disabled)?.id : undefined;
  if (fallback && !fallbackOwnerId) throw new Error(`No enabled user has the fallback owner's email address ${input.fallbackOwnerEmail}.`);

  return {
    whoAmI: whoAmI ?? (await client.whoAmI()),
    tablesWithForeignRecords: foreign,
    bulkSupport,
    tableLedgers,
    customFieldsSolution: solutionUnread ? { unread: true } : solutionStateFrom(solutionBodies[0], solutionBodies[1]),
    extraResults,
    context: {
      users,
      metadata,
      maxUploadFileSize,
      fallbackOwnerId,
      connectionRoleIds: { patient: roleId("Patient"), practiceLocation: roleId("Practice location") },
      runId: input.runId,
      previousHashes: input.previousHashes,
    },
  };
}

/** Table metadata (with option sets) for a few tables in one `$batch`, e.g. again after columns were created. */
export async function fetchMetadata(client: DataverseClientApi, tables: string[], signal?: AbortSignal): Promise<Record<string, EntityMetadata>> {
  const gets = metadataGets(tables);
  return metadataFrom(tables, await client.executeBatch({ changeSets: [], gets }, { signal }));
}

/** The GETs that read tables' metadata and option sets, in the order `metadataFrom` reads their results. */
export function metadataGets(tables: string[]): BatchOperation[] {
  return tables.flatMap((table) => [
    { method: "GET" as const, url: entityMetadataPath(table) },
    ...OPTION_SET_TYPES.map((type) => ({ method: "GET" as const, url: optionSetPath(table, type) })),
  ]);
}

/** Metadata from the results of `metadataGets(tables)` (the last results of a batch that holds them last). */
export function metadataFrom(tables: string[], results: BatchOperationResult[]): Record<string, EntityMetadata> {
  const per = 1 + OPTION_SET_TYPES.length;
  const own = results.slice(results.length - tables.length * per);
  const out: Record<string, EntityMetadata> = {};
  tables.forEach((table, t) => {
    const parts = own.slice(t * per, (t + 1) * per);
    const failed = parts.find((r) => r.error);
    if (failed?.error) throw Object.assign(new Error(`Reading the metadata of ${table} failed: ${failed.error.message}`), failed.error);
    out[table] = toEntityMetadata(parts[0].body as Record<string, unknown>, parts.slice(1).flatMap((r) => valueOf(r.body) as unknown as RawOptionAttribute[]));
  });
  return out;
}

function valueOf(body: unknown): Entity[] {
  const value = (body as { value?: unknown } | undefined)?.value;
  return Array.isArray(value) ? (value as Entity[]) : [];
}

