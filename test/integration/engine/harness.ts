import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { defaultSeed, SEED_IDS, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../../emulator";
import { generateExports, seedUsers } from "../../../scripts/generate";
import { confirmMap, proposeMapping } from "../../../migration/mapping";
import type { ConfirmedMap } from "../../../migration/mapping/types";
import { readExports } from "../../../migration/source";
import type { ExportSet } from "../../../migration/source/types";
import { nodeFiles } from "../../../scripts/dxm/node-files";
import { connect } from "../../../scripts/dxm/connect";
import type { DataverseClientApi, Entity } from "../../../dataverse/types";
import { migratedTables } from "../../../migration/model/tables";

export const SEED = 11;
export const FALLBACK_OWNER = "migration.admin@example.com";

/** Emulator users: the default seed plus the generator's Dynamics users (providers matched by email). */
export function users() {
  return seedUsers(SEED).map((u, i) => ({
    systemuserid: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
    ...u,
    domainname: u.internalemailaddress,
    "businessunitid@odata.bind": `businessunits(${SEED_IDS.businessUnit})`,
  }));
}

/** `profile` / `refusals`: an org that says no (emulator/limits/refusals.ts). */
export async function emulator(options: { bulk: boolean } & Pick<EmulatorOptions, "profile" | "refusals">): Promise<RunningEmulator> {
  const seed = { ...defaultSeed, records: { ...defaultSeed.records, systemuser: [...defaultSeed.records.systemuser, ...users()] } };
  return startEmulator({ port: 0, seed, bulkTables: options.bulk ? undefined : [], profile: options.profile, refusals: options.refusals });
}

export interface Exports {
  dir: string;
  set: ExportSet;
  map: ConfirmedMap;
  cleanup(): void;
}

export async function exportsOf(patients: number, dirty = 0, dir?: string): Promise<Exports> {
  const root = dir ?? mkdtempSync(join(tmpdir(), "dxm-engine-"));
  if (!dir) await generateExports({ out: root, patients, seed: SEED, dirty });
  const set = await readExports(await nodeFiles(root));
  const proposal = proposeMapping(set.inventory);
  // A small file may show no day above 12: the admin then says how the export was written, as here (the
  // generator writes month first). A file whose values show both orders is left undecided: that is an error
  // the admin must look at, and confirming the map refuses it.
  const conflicting = new Set(set.inventory.files.filter((f) => f.dateOrder?.conflict).map((f) => f.name));
  const orders = Object.fromEntries(
    proposal.files.filter((f) => f.object && f.dateOrder === null && !conflicting.has(f.file)).map((f) => [f.file, { dateOrder: "MDY" as const }]),
  );
  const map = confirmMap(proposal, { files: orders }, { confirmedBy: "integration-test", timeZone: "America/Chicago" });
  return { dir: root, set, map, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export async function clientFor(emu: RunningEmulator): Promise<DataverseClientApi> {
  return connect(emu.url);
}

const VOLATILE = /^(createdon|modifiedon|versionnumber|overriddencreatedon|timezoneruleversionnumber|utcconversiontimezonecode|importsequencenumber|_createdby_value|_modifiedby_value|_createdonbehalfby_value|_modifiedonbehalfby_value|_dxm_migrationrunid_value)$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An activity party as read back: its activity, role (participationtypemask), party and address. */
export interface PartyRow {
  activityid: string;
  mask: number;
  partyid: string;
  addressused: string | null;
}

export async function activityParties(client: DataverseClientApi): Promise<PartyRow[]> {
  const rows = await client.retrieveAll<Entity>("activityparties", { select: ["_activityid_value", "participationtypemask", "_partyid_value", "addressused"] });
  return rows.map((r) => ({
    activityid: String(r._activityid_value),
    mask: Number(r.participationtypemask),
    partyid: String(r._partyid_value),
    addressused: (r.addressused as string | null | undefined) ?? null,
  }));
}

/**
 * Every migrated table's records, comparable across runs: ids replaced by the source key of the record
 * they name (or kept when they are seed ids such as users), volatile columns and the run stamp dropped,
 * rows sorted. Two orgs that hold the same data give equal dumps whatever their GUIDs. Activity parties
 * (an email's From and To) come along, named by their activity and party.
 */
export async function dump(client: DataverseClientApi): Promise<Record<string, string[]>> {
  const tables = await Promise.all(migratedTables.map(async (t) => ({ t, rows: await client.retrieveAll<Entity>(t.entitySet) })));
  const nameOf = new Map<string, string>();
  for (const { t, rows } of tables) {
    for (const r of rows) nameOf.set(String(r[t.primaryId]).toLowerCase(), t.stamped ? `${t.logicalName}:${String(r.dxm_sourcekey)}` : `${t.logicalName}:${String(r.subject ?? "")}`);
  }
  const out: Record<string, string[]> = {};
  for (const { t, rows } of tables) {
    out[t.logicalName] = rows
      .filter((r) => r.objecttypecode !== "dxm_migrationrun") // the run's own rebuild-reference note documents the run
      .map((r) => {
        const clean: Entity = {};
        for (const key of Object.keys(r).sort()) {
          if (key === t.primaryId || key === "activityid" || VOLATILE.test(key) || key.includes("@")) continue;
          const value = r[key];
          clean[key] = typeof value === "string" && GUID.test(value) ? (nameOf.get(value.toLowerCase()) ?? value) : value;
        }
        return JSON.stringify(clean);
      })
      .sort();
  }
  const name = (id: string) => nameOf.get(id.toLowerCase()) ?? id;
  out.activityparty = (await activityParties(client))
    .map((p) => JSON.stringify({ activity: name(p.activityid), mask: p.mask, party: name(p.partyid), addressused: p.addressused }))
    .sort();
  return out;
}

export function countRecords(d: Record<string, string[]>): number {
  return Object.values(d).reduce((n, rows) => n + rows.length, 0);
}
