/**
 * No patient data in any log line or ledger row. A dirty export set (so that error and warning lines
 * are printed too) is migrated, reconciled, changed and migrated again as a delta run, rolled back, migrated
 * as a delta again and finished, with `dxm` as child processes; everything they printed and every run and
 * ledger row the org holds after each step is searched for the generated patients' names, birth dates (as
 * written in the export and as YYYY-MM-DD), phones, e-mails and policy numbers. The one place patient data
 * may be is the before-images of a run that can still be rolled back (a secured column): after a rollback or
 * a finish, not even there.
 */
import { cp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import Papa from "papaparse";
import type { RunningEmulator } from "../../../emulator";
import { announcedRunId, dump, fallbackOwner, emulatorFor, generatedSet, runDxm, size } from "../../resilience/harness";

async function csvRows(dir: string, file: string): Promise<Record<string, string>[]> {
  return Papa.parse<Record<string, string>>(await readFile(join(dir, file), "utf8"), { header: true, skipEmptyLines: true }).data;
}

/** MM/DD/YYYY → YYYY-MM-DD (as Dataverse stores a date-only value). */
const iso = (date: string): string | undefined => {
  const m = date.match(/^(\d{2})\/(\d{2})\/(\d{4})$/);
  return m ? `${m[3]}-${m[1]}-${m[2]}` : undefined;
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Where each needle occurs in the text, as whole words (a name inside a longer word is not a leak). */
function findNeedles(text: string, needles: Set<string>): string[] {
  const found: string[] = [];
  for (const needle of needles) if (new RegExp(`(^|[^\\p{L}\\p{N}])${escape(needle)}($|[^\\p{L}\\p{N}])`, "u").test(text)) found.push(needle);
  return found;
}

type Rows = Record<string, unknown>[];
/** The run and ledger rows at one step. */
interface LedgerState {
  runRows: Rows;
  batchRows: Rows;
}

/** A row without its before-images (the secured column that may hold patient data while a run can be rolled back). */
const withoutBeforeImages = (rows: Rows) => rows.map(({ dxm_beforeimages: _, ...rest }) => rest);

describe("patient data in logs and ledger", () => {
  let dir: string;
  let changedDir: string;
  let emulator: RunningEmulator;
  const printed: string[] = [];
  let runRows: Rows = [];
  let batchRows: Rows = [];
  let afterDelta: LedgerState;
  let afterRollback: LedgerState;
  let afterFinish: LedgerState;
  let refusedAfterFinish: { code: number | null; stderr: string };
  let deltaUpdated = 0;
  const needles = new Set<string>();
  /** Full names of staff (providers, Dynamics users): the run and ledger rows name people by id only. */
  const staffNames = new Set<string>();

  beforeAll(async () => {
    const set = await generatedSet(size.patients, 61, 0.05);
    dir = set.dir;
    // Staff names (providers, Dynamics users, referring dentists) may rightly appear in run reports; a
    // patient's single first or last name that is also a staff name is searched only as part of the full name.
    const staff = new Set<string>();
    for (const row of await csvRows(dir, "providers.csv")) for (const value of Object.values(row)) value.split(/[\s,]+/).forEach((w) => staff.add(w));
    for (const u of set.users) [u.firstname, u.lastname].forEach((w) => staff.add(w));
    for (const row of await csvRows(dir, "providers.csv")) staffNames.add(`${row["First Name"]} ${row["Last Name"]}`);
    for (const u of set.users) staffNames.add(`${u.firstname} ${u.lastname}`);
    const patients = await csvRows(dir, "patients.csv");
    for (const p of patients) (p["Referring Dentist"] ?? "").split(/[\s,.]+/).forEach((w) => staff.add(w));
    for (const p of patients) {
      for (const name of [p["First Name"], p["Last Name"], p["Preferred Name"]]) if (name && name.length >= 3 && !staff.has(name)) needles.add(name);
      if (p["First Name"] && p["Last Name"]) needles.add(`${p["First Name"]} ${p["Last Name"]}`);
      if (p["Birth Date"]) {
        needles.add(p["Birth Date"]);
        const isoDate = iso(p["Birth Date"]);
        if (isoDate) needles.add(isoDate);
      }
    }
    for (const c of await csvRows(dir, "insurance.csv")) if (c["Policy Number"]) needles.add(c["Policy Number"]);
    for (const p of patients) for (const v of [p["Home Phone"], p["Cell Phone"], p["Work Phone"], p.Email]) if (v && v.length >= 7) needles.add(v);

    // The same exports with some patients' phones and e-mails changed: a delta run updates them, and its
    // ledger keeps their previous values (before-images) for a rollback. Replaced in the raw bytes (latin1
    // in, latin1 out), so no other byte of a dirty file changes.
    changedDir = `${dir}-changed`;
    await cp(dir, changedDir, { recursive: true });
    let text = await readFile(join(changedDir, "patients.csv"), "latin1");
    for (const p of patients.filter((p) => p["Home Phone"] && p.Email).slice(0, 8)) {
      const phone = p["Home Phone"].replace(/\d{4}$/, (d) => String((Number(d) + 1) % 10000).padStart(4, "0"));
      const email = p.Email.replace("@", ".new@");
      text = text.replace(p["Home Phone"], phone).replace(p.Email, email);
      needles.add(phone).add(email);
    }
    await writeFile(join(changedDir, "patients.csv"), text, "latin1");

    emulator = await emulatorFor(set.users);
    const common = ["--target", emulator.url, "--yes", "--skip-errored", "--time-zone", "America/Chicago", "--fallback-owner", fallbackOwner(set.users)];
    const migrate = async (from: string, ...more: string[]) => {
      const migrated = await runDxm(["migrate", from, ...common, ...more]);
      printed.push(migrated.stdout, migrated.stderr);
      const id = announcedRunId(migrated.stderr);
      if (!id) throw new Error(`dxm migrate announced no run: ${migrated.stderr.slice(-500)}`);
      return id;
    };
    const ledgerState = async (): Promise<LedgerState> => {
      const tables = await dump(emulator);
      return { runRows: tables.dxm_migrationrun, batchRows: tables.dxm_migrationbatch };
    };
    const dxm = async (...args: string[]) => {
      const result = await runDxm(args);
      printed.push(result.stdout, result.stderr);
      return result;
    };

    const runId = await migrate(dir);
    await dxm("reconcile", dir, "--run", runId, "--target", emulator.url);
    ({ runRows, batchRows } = await ledgerState());

    const deltaId = await migrate(changedDir, "--mode", "delta", "--parent", runId);
    afterDelta = await ledgerState();
    deltaUpdated = afterDelta.batchRows.filter((b) => b.dxm_migrationrunid === deltaId && b.dxm_table === "contact").reduce((n, b) => n + Number(b.dxm_recordcount), 0);
    await dxm("rollback", "--run", deltaId, "--target", emulator.url, "--yes");
    afterRollback = await ledgerState();

    const againId = await migrate(changedDir, "--mode", "delta", "--parent", runId);
    await dxm("finish", "--run", againId, "--target", emulator.url, "--yes");
    afterFinish = await ledgerState();
    refusedAfterFinish = await dxm("rollback", "--run", againId, "--target", emulator.url, "--yes");
  }, size.timeoutMs);

  afterAll(async () => {
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
    if (changedDir) await rm(changedDir, { recursive: true, force: true });
  });

  it("has needles to look for, and the run printed and stored something (preconditions)", () => {
    expect(needles.size).toBeGreaterThan(size.patients * 2);
    expect(printed.join("").length).toBeGreaterThan(200);
    expect(runRows.length).toBe(1);
    expect(batchRows.length).toBeGreaterThan(5);
    // dxm_beforeimages is not empty even on a first run into an empty org (the contact-coverage update
    // records the columns it changes), so it is searched like every other column.
    expect(batchRows.some((b) => typeof b.dxm_beforeimages === "string" && b.dxm_beforeimages.length > 2)).toBe(true);
    // The search does find a needle where one is: a guard against a search that cannot fail.
    const [one] = needles;
    expect(findNeedles(`x ${one} y`, needles)).toContain(one);
  });

  it("after a delta run, holds patient data only in the before-images of the run that can still be rolled back (preconditions: it does there)", () => {
    expect(deltaUpdated).toBeGreaterThanOrEqual(8);
    const images = afterDelta.batchRows.map((b) => String(b.dxm_beforeimages ?? "")).join("\n");
    expect(findNeedles(images, needles).length).toBeGreaterThan(0);
    expect(findNeedles(JSON.stringify(afterDelta.runRows), needles)).toEqual([]);
    expect(findNeedles(JSON.stringify(withoutBeforeImages(afterDelta.batchRows)), needles)).toEqual([]);
  });

  it("after the delta run is rolled back, holds no patient data in the run rows or the ledger, before-images included", () => {
    expect(afterRollback.runRows.length).toBe(2);
    expect(findNeedles(JSON.stringify(afterRollback.runRows), needles)).toEqual([]);
    expect(findNeedles(JSON.stringify(afterRollback.batchRows), needles)).toEqual([]);
  });

  it("after a delta run is finished, holds no patient data in the run rows or the ledger, and refuses to roll it back", () => {
    expect(afterFinish.runRows.length).toBe(3);
    expect(findNeedles(JSON.stringify(afterFinish.runRows), needles)).toEqual([]);
    expect(findNeedles(JSON.stringify(afterFinish.batchRows), needles)).toEqual([]);
    expect(refusedAfterFinish.code).not.toBe(0);
    expect(refusedAfterFinish.stderr).toMatch(/The run was finished: its rollback window is closed/);
  });

  it("prints no patient data (migrate, reconcile, delta, rollback, finish)", () => {
    expect(findNeedles(printed.join("\n"), needles)).toEqual([]);
  });

  it("stores no patient data in the run row or the ledger rows", () => {
    expect(findNeedles(JSON.stringify(runRows), needles)).toEqual([]);
    expect(findNeedles(JSON.stringify(batchRows), needles)).toEqual([]);
  });

  // A patient may share a provider's name (seed 61 has one): rows that name no person at all, staff
  // included, cannot leak a patient's name by coincidence, and the check above need not guess whose it is.
  it("names no person, staff included, in the run row or the ledger rows (people by id only)", () => {
    expect(staffNames.size).toBeGreaterThan(3);
    for (const state of [{ runRows, batchRows }, afterRollback, afterFinish]) {
      expect(findNeedles(JSON.stringify(state.runRows), staffNames)).toEqual([]);
      expect(findNeedles(JSON.stringify(state.batchRows), staffNames)).toEqual([]);
    }
  });
});
