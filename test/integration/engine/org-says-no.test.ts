/**
 * Issue 19 item 2: an org that says no to an assumption of the engine. For each switch of the emulator
 * (emulator/limits/refusals.ts), and for all of them at once (`profile: "strict"`), the same generated set
 * is migrated and must end exactly as on the default profile: the same records, links, owners, dates and
 * parties (harness `dump`), the same ledger (records per table and operation), a reconcile that passes,
 * and a rollback that gives back the org as it was before the run. The run row says what the probe found.
 */
import { migrate } from "../../../migration/run/migrate";
import { rollback } from "../../../migration/rollback";
import { reconcile } from "../../../migration/reconcile";
import { readRunRecord } from "../../../migration/ledger";
import { readLedger } from "../../../migration/ledger/codec";
import { orgSupportOf, type OrgSupport } from "../../../migration/run/org-support";
import type { EmulatorOptions, RunningEmulator } from "../../../emulator";
import type { DataverseClientApi } from "../../../dataverse/types";
import { FALLBACK_OWNER, clientFor, dump, emulator, exportsOf, type Exports } from "./harness";
import { comparable } from "../rollback/ledger-fixture";

jest.setTimeout(180_000);

type Profile = Pick<EmulatorOptions, "profile" | "refusals">;

interface Outcome {
  records: Record<string, string[]>;
  ledger: string[];
  support: OrgSupport | undefined;
}

/** The ledger as the records it lists: table, operation, source key (chunking may differ between orgs). */
async function ledgerOf(client: DataverseClientApi, runId: string): Promise<string[]> {
  return (await readLedger(client, runId)).flatMap((b) => b.records.map(([, sourceKey, hash]) => `${b.table}|${b.operation}|${sourceKey}|${hash}`)).sort();
}

/** The org's data as `/_admin/dump` gives it, without the run's rows and without what every write changes. */
async function snapshotOf(emu: RunningEmulator): Promise<Record<string, Record<string, unknown>[]>> {
  return comparable(((await (await fetch(`${emu.url}/_admin/dump`)).json()) as { tables: Record<string, Record<string, unknown>[]> }).tables);
}

/** Columns the run created stay after a rollback (empty), with the solution they are filed in: set those aside. */
function withoutRunMetadata(before: Record<string, Record<string, unknown>[]>, after: Record<string, Record<string, unknown>[]>): Record<string, Record<string, unknown>[]> {
  const out: Record<string, Record<string, unknown>[]> = {};
  for (const [table, rows] of Object.entries(after)) {
    if (["publisher", "solution", "solutioncomponent"].includes(table)) continue;
    const known = new Set(Object.keys(before[table]?.[0] ?? rows[0] ?? {}));
    out[table] = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => known.has(k))));
  }
  return out;
}

/**
 * `opening: false` turns the run's opening request off: a set this small otherwise lands whole in it (one
 * `$batch` of change sets), and the chunked path (load/load-stage.ts) would never meet the org's refusals.
 */
async function migrateOn(profile: Profile, exports: Exports, opening = true): Promise<Outcome> {
  const emu = await emulator({ bulk: true, ...profile });
  try {
    const client = await clientFor(emu);
    const before = await snapshotOf(emu);
    const run = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true, chunk: opening ? undefined : { opening: 0 } }, client);
    expect(run.complete).toBe(true);
    const records = await dump(client);
    const ledger = await ledgerOf(client, run.runId);
    const support = orgSupportOf((await readRunRecord(client, run.runId))!.report);

    const report = await reconcile(run.runId, exports.set, client);
    expect(report.ok).toBe(true);

    const undone = await rollback(run.runId, client);
    expect(undone).toMatchObject({ complete: true, failures: [], remaining: [] });
    const after = await snapshotOf(emu);
    const strip = (t: Record<string, Record<string, unknown>[]>) => Object.fromEntries(Object.entries(t).filter(([k]) => !["publisher", "solution", "solutioncomponent"].includes(k)));
    expect(withoutRunMetadata(before, after)).toEqual(strip(before));
    return { records, ledger, support };
  } finally {
    await emu.close();
  }
}

const SWITCHES: [string, Profile, Partial<OrgSupport>][] = [
  ["bulk messages inside change sets", { refusals: { bulkInChangeSet: true } }, { bulkInChangeSet: false }],
  ["activity parties deep-inserted in CreateMultiple", { refusals: { partiesInBulk: true } }, { partiesInBulk: false }],
  ["column creation inside a change set", { refusals: { metadataInChangeSet: true } }, { metadataInChangeSet: false }],
  ["an update with the party collection appends", { refusals: { partyUpdateAppends: true } }, {}],
  ["In on sdkmessagefilters", { refusals: { inOnMessageFilters: true } }, {}],
  ["GET URLs longer than 4,096 characters", { refusals: { maxGetUrlLength: 4096 } }, { inFilterOf100: false }],
  ["no bulk messages on email", { refusals: { noBulkTables: ["email"] } }, {}],
  ["a 1 MB MaxUploadFileSize", { refusals: { maxUploadFileSize: 1024 * 1024 } }, {}],
  ["x-ms-dop-hint 1", { refusals: { dopHint: 1 } }, {}],
  ["--profile strict (every no at once)", { profile: "strict" }, { bulkInChangeSet: false, partiesInBulk: false, metadataInChangeSet: false, inFilterOf100: false }],
];

describe("an org that says no: the engine finds out and adapts", () => {
  let exports: Exports;
  let reference: Outcome;

  beforeAll(async () => {
    exports = await exportsOf(20);
    reference = await migrateOn({}, exports);
  });
  afterAll(() => exports?.cleanup());

  it("the default profile says yes to everything, and the run row says so", () => {
    expect(reference.support).toEqual({ bulkInChangeSet: true, partiesInBulk: true, metadataInChangeSet: true, inFilterOf100: true });
    expect(reference.records.activityparty.length).toBeGreaterThan(0);
    expect(reference.records.contact.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(SWITCHES)("%s", (_name, profile, found) => {
    it.each([["in chunks", false], ["in the opening request", true]])("%s: ends with the same records, links, owners, dates, parties and ledger; reconciles; rolls back to the snapshot", async (_how, opening) => {
      const outcome = await migrateOn(profile, exports, opening as boolean);
      expect(outcome.support).toMatchObject({ ...reference.support, ...found });
      expect(outcome.records).toEqual(reference.records);
      expect(outcome.ledger).toEqual(reference.ledger);
    });
  });
});
