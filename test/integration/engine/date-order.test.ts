/**
 * A DD/MM/YYYY export (issue 16): the generator writes the same seed's data day first, the reader finds
 * the order from the values, and every date lands as the month-first set of the same seed says it is. No
 * date is swapped: a day-first file's dates with a day of 12 or below land on the right day, and a value
 * impossible day first is refused (skipped with --skip-errored, named), never read month first.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import type { RunningEmulator } from "../../../emulator";
import type { Entity } from "../../../dataverse/types";
import { confirmMap, proposeMapping } from "../../../migration/mapping";
import { migrate } from "../../../migration/run/migrate";
import type { RunIssue } from "../../../migration/run/types";
import { readExports } from "../../../migration/source";
import { localToUtcIso, parseLocalTime } from "../../../migration/time";
import { nodeFiles } from "../../../scripts/dxm/node-files";
import { generateExports } from "../../../scripts/generate";
import { dxm } from "./dxm-cli";
import { FALLBACK_OWNER, SEED, clientFor, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(180_000);

const PATIENTS = 25;
const ZONE = "America/Chicago";

function csvRows(dir: string, file: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(join(dir, file), "utf8"), { header: true, skipEmptyLines: true }).data;
}

/** The month-first set's `MM/DD/YYYY` as its parts: the generator's truth, read without the engine. */
const truthDate = (us: string): { year: number; month: number; day: number } => {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(us)!;
  return { year: Number(m[3]), month: Number(m[1]), day: Number(m[2]) };
};
const iso = (d: { year: number; month: number; day: number }): string => `${d.year}-${String(d.month).padStart(2, "0")}-${String(d.day).padStart(2, "0")}`;

describe("a DD/MM/YYYY export against the emulator", () => {
  let root: string;
  let dmy: Exports;
  let emu: RunningEmulator | undefined;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), "dxm-dmy-"));
    await generateExports({ out: join(root, "mdy"), patients: PATIENTS, seed: SEED });
    await generateExports({ out: join(root, "dmy"), patients: PATIENTS, seed: SEED, dateStyle: "DMY" });
    dmy = await exportsOf(0, 0, join(root, "dmy"));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("finds every dated file day first and lands birth dates and appointment times exactly as the generator's truth", async () => {
    const dated = dmy.map.files.filter((f) => f.columns.some((c) => /Date|Start|End/.test(c.source) && c.field));
    expect(dated.map((f) => [f.file, f.dateOrder])).toEqual(dated.map((f) => [f.file, "DMY"]));

    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const result = await migrate({ exports: dmy.set, map: dmy.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER }, client);
    expect(result.status).toBe("Completed");
    expect(result.complete).toBe(true);

    const truthPatients = csvRows(join(root, "mdy"), "patients.csv");
    const contacts = new Map((await client.retrieveAll<Entity>("contacts", { select: ["dxm_sourcekey", "birthdate"] })).map((c) => [String(c.dxm_sourcekey), c.birthdate]));
    const births = truthPatients.filter((p) => p["Birth Date"]).map((p) => ({ key: `patient:${p["Patient ID"]}`, date: truthDate(p["Birth Date"]) }));
    // The set holds both kinds: days above 12, and days of 12 or below that a swap would have moved unseen.
    expect(births.some((b) => b.date.day > 12)).toBe(true);
    expect(births.some((b) => b.date.day <= 12 && b.date.day !== b.date.month)).toBe(true);
    for (const b of births) expect([b.key, contacts.get(b.key)]).toEqual([b.key, iso(b.date)]);

    const truthVisits = csvRows(join(root, "mdy"), "appointments.csv");
    const appointments = new Map((await client.retrieveAll<Entity>("dxm_appointments", { select: ["dxm_sourcekey", "dxm_start", "dxm_end"] })).map((a) => [String(a.dxm_sourcekey), a]));
    expect(appointments.size).toBe(truthVisits.length);
    const at = (date: string, time: string) => localToUtcIso(truthDate(date), parseLocalTime(time)!, ZONE);
    expect(truthVisits.some((v) => truthDate(v["Appointment Date"]).day <= 12)).toBe(true);
    for (const v of truthVisits) {
      const a = appointments.get(`appointment:${v["Appointment ID"]}`);
      expect(a).toBeDefined();
      expect([v["Appointment ID"], a!.dxm_start]).toEqual([v["Appointment ID"], at(v["Appointment Date"], v["Start Time"])]);
      if (v["End Time"]) expect([v["Appointment ID"], a!.dxm_end]).toEqual([v["Appointment ID"], at(v["Appointment Date"], v["End Time"])]);
    }
  });

  it("refuses a map that reads a day-first file month first (a map reused on another export), even with errored rows skipped", async () => {
    const wrong = { ...dmy.map, files: dmy.map.files.map((f) => ({ ...f, dateOrder: f.dateOrder === "DMY" ? ("MDY" as const) : f.dateOrder })) };
    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const issues: RunIssue[] = [];
    const result = await migrate({ exports: dmy.set, map: wrong, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client, { onIssue: (i) => issues.push(i) });
    expect(result.blockedBy?.length).toBeGreaterThan(0);
    expect(issues).toContainEqual(expect.objectContaining({ kind: "validation", severity: "error", code: "date-order-mismatch", file: "patients.csv" }));
    expect((await client.retrieveAll<Entity>("contacts", { select: ["dxm_sourcekey"] })).filter((c) => String(c.dxm_sourcekey).startsWith("patient:"))).toEqual([]);
  });

  it("with skipped errored rows, refuses a date impossible day first and names its row; it never reads it month first", async () => {
    const dir = join(root, "dmy-typo");
    await generateExports({ out: dir, patients: PATIENTS, seed: SEED, dateStyle: "DMY" });
    const parsed = Papa.parse<Record<string, string>>(readFileSync(join(dir, "patients.csv"), "utf8"), { header: true, skipEmptyLines: true });
    // A birth date written month first in a day-first file: 03/25/1990 is no day-first date.
    const typo = parsed.data[3];
    typo["Birth Date"] = "03/25/1990";
    writeFileSync(join(dir, "patients.csv"), `${Papa.unparse(parsed.data, { columns: parsed.meta.fields })}\r\n`);
    const exports = await exportsOf(0, 0, dir).catch((error: unknown) => error);
    // Values showing both orders: the reader names the file, column and line, and the admin must choose.
    expect(exports).toBeInstanceOf(Error);
    const set = await readExports(await nodeFiles(dir));
    const patients = set.inventory.files.find((f) => f.name === "patients.csv")!;
    expect(patients.problems).toContainEqual(expect.objectContaining({ code: "date-order-conflict", severity: "error", lines: expect.arrayContaining([5]) }));
    expect(patients.problems.find((p) => p.code === "date-order-conflict")!.message).toContain("'Birth Date' line 5");
    const proposal = proposeMapping(set.inventory);
    expect(proposal.files.find((f) => f.file === "patients.csv")?.dateOrder).toBeNull();
    const map = confirmMap(proposal, { files: { "patients.csv": { dateOrder: "DMY" } } }, { confirmedBy: "integration-test", timeZone: ZONE });

    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const issues: RunIssue[] = [];
    const result = await migrate({ exports: set, map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client, { onIssue: (i) => issues.push(i) });
    expect(result.status).toBe("Completed with errors");
    expect(issues).toContainEqual(expect.objectContaining({ kind: "validation", severity: "error", code: "impossible-date", file: "patients.csv", line: 5, column: "Birth Date" }));
    const contacts = await client.retrieveAll<Entity>("contacts", { select: ["dxm_sourcekey", "birthdate"] });
    expect(contacts.find((c) => c.dxm_sourcekey === `patient:${typo["Patient ID"]}`)).toBeUndefined();
    expect(contacts.some((c) => c.birthdate === "1990-03-25")).toBe(false);
  });

  it("asks when no date has a day above 12: dxm propose says so, dxm migrate refuses until --date-order decides", async () => {
    const dir = join(root, "dmy-undecided");
    await generateExports({ out: dir, patients: 4, seed: SEED, dateStyle: "DMY" });
    // Every day moved to 12 or below, so no value tells day from month (the month stays as written).
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".csv"))) {
      const text = readFileSync(join(dir, file), "utf8");
      writeFileSync(join(dir, file), text.replace(/\b(\d{2})\/(\d{2})\/(\d{4})\b/g, (_, d: string, m: string, y: string) => `${String(((Number(d) - 1) % 12) + 1).padStart(2, "0")}/${m}/${y}`));
    }
    const births = csvRows(dir, "patients.csv").filter((p) => p["Birth Date"]).map((p) => {
      const [d, m, y] = p["Birth Date"].split("/").map(Number);
      return { key: `patient:${p["Patient ID"]}`, date: { year: y, month: m, day: d } };
    });
    expect(births.some((b) => b.date.day !== b.date.month)).toBe(true);

    const proposed = await dxm(["propose", dir, "--no-relationships"]);
    expect(proposed.code).toBe(0);
    expect(proposed.stdout).toMatch(/patients\.csv → patient[\s\S]*?dates: NEEDS YOUR CHOICE, DMY \(DD\/MM\/YYYY\) or MDY \(MM\/DD\/YYYY\): no date has a day above 12/);
    const json = JSON.parse((await dxm(["propose", dir, "--json", "--no-relationships"])).stdout) as { files: { file: string; dateOrder: string | null }[] };
    expect(json.files.find((f) => f.file === "patients.csv")?.dateOrder).toBeNull();

    emu = await emulator({ bulk: true });
    const common = ["migrate", dir, "--target", emu.url, "--yes", "--time-zone", ZONE, "--fallback-owner", FALLBACK_OWNER, "--skip-errored"];
    const refused = await dxm(common);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/BLOCKING patients\.csv: the order of day and month in its dates is undecided/);
    expect(refused.stderr).toContain("--date-order DMY");
    const client = await clientFor(emu);
    expect(await client.retrieveAll("dxm_migrationruns")).toEqual([]);

    const migrated = await dxm([...common, "--date-order", "DMY"]);
    expect(migrated.stderr).toMatch(/status: Completed/);
    expect(migrated.code).toBe(0);
    const contacts = new Map((await client.retrieveAll<Entity>("contacts", { select: ["dxm_sourcekey", "birthdate"] })).map((c) => [String(c.dxm_sourcekey), c.birthdate]));
    for (const b of births) expect([b.key, contacts.get(b.key)]).toEqual([b.key, iso(b.date)]);
  });
});
