/**
 * No patient data in any log line or ledger row. A dirty export set (so that error and warning lines
 * are printed too) is migrated, reconciled and rolled back with `dxm` as child processes; everything they
 * printed and every run and ledger row the org holds is searched for the generated patients' names,
 * birth dates (as written in the export and as YYYY-MM-DD) and policy numbers.
 */
import { readFile, rm } from "node:fs/promises";
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

describe("patient data in logs and ledger", () => {
  let dir: string;
  let emulator: RunningEmulator;
  const printed: string[] = [];
  let runRows: Record<string, unknown>[] = [];
  let batchRows: Record<string, unknown>[] = [];
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

    emulator = await emulatorFor(set.users);
    const migrated = await runDxm(["migrate", dir, "--target", emulator.url, "--yes", "--skip-errored", "--time-zone", "America/Chicago", "--fallback-owner", fallbackOwner(set.users)]);
    printed.push(migrated.stdout, migrated.stderr);
    const runId = announcedRunId(migrated.stderr);
    if (!runId) throw new Error(`dxm migrate announced no run: ${migrated.stderr.slice(-500)}`);
    const reconciled = await runDxm(["reconcile", dir, "--run", runId, "--target", emulator.url]);
    printed.push(reconciled.stdout, reconciled.stderr);
    const tables = await dump(emulator);
    runRows = tables.dxm_migrationrun;
    batchRows = tables.dxm_migrationbatch;
    const rolledBack = await runDxm(["rollback", "--run", runId, "--target", emulator.url, "--yes"]);
    printed.push(rolledBack.stdout, rolledBack.stderr);
  }, size.timeoutMs);

  afterAll(async () => {
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
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

  it("prints no patient data (migrate, reconcile, rollback)", () => {
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
    expect(findNeedles(JSON.stringify(runRows), staffNames)).toEqual([]);
    expect(findNeedles(JSON.stringify(batchRows), staffNames)).toEqual([]);
  });
});
