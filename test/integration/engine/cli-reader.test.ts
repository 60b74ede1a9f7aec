/**
 * The command line repeats what the reader and the planner find: `dxm inspect --json` shows shapes and
 * counts, never the values of person columns; `dxm preflight` reports the errors `dxm migrate` refuses on
 * (and exits non-zero when it would refuse); both repeat the reader's problems; rows the reader refuses
 * are left out only with --skip-errored, each named in the audit.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import type { RunningEmulator } from "../../../emulator";
import { generateExports } from "../../../scripts/generate";
import { damagePatients, type DamagedPatients } from "../../fixtures/source/damaged-patients";
import { dxm } from "./dxm-cli";
import { FALLBACK_OWNER, SEED, clientFor, emulator } from "./harness";

jest.setTimeout(180_000);
const CONFIRM = ["--yes", "--time-zone", "America/Chicago", "--fallback-owner", FALLBACK_OWNER];
const DIRTY = join(__dirname, "../../../samples/dirty");

/** Whether `value` occurs in `text` as a whole word (letters or digits on neither side), case-sensitively. */
function occurs(text: string, value: string): boolean {
  const escaped = value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "u").test(text);
}

describe("dxm inspect --json", () => {
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dxm-inspect-"));
    await generateExports({ out: dir, patients: 40, seed: SEED, attachments: false });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints no generated person's names, city, birth date or phone (and profiles without examples, min or max)", async () => {
    const result = await dxm(["inspect", dir, "--json"]);
    expect(result.code).toBe(0);
    const personColumns: Record<string, string[]> = {
      "patients.csv": ["First Name", "Last Name", "Preferred Name", "City", "Birth Date", "Home Phone", "Cell Phone", "Work Phone", "Email", "Address 1"],
      "providers.csv": ["First Name", "Last Name", "Email", "Phone"],
    };
    const values = new Set<string>();
    for (const [file, columns] of Object.entries(personColumns)) {
      const text = readFileSync(join(dir, file), "utf8");
      const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
      const inFile = new Set(rows.flatMap((row) => columns.map((c) => row[c]?.trim() ?? "").filter(Boolean)));
      // The search finds every one of them where they are: it cannot miss them in the output by its own fault.
      expect([...inFile].filter((v) => !occurs(text, v))).toEqual([]);
      for (const v of inFile) values.add(v);
    }
    expect(values.size).toBeGreaterThan(100);
    expect([...values].filter((v) => occurs(result.stdout, v))).toEqual([]);

    type Profile = { name: string; topValues: { value: string }[] } & Record<string, unknown>;
    const { inventory } = JSON.parse(result.stdout) as { inventory: { files: { name: string; profiles: Profile[] }[] } };
    const profiles = inventory.files.flatMap((f) => f.profiles.map((p) => ({ file: f.name, ...p })));
    expect(profiles.filter((p) => "examples" in p || "min" in p || "max" in p)).toEqual([]);
    // Middle initials and every other patient column: no values at all (a letter cannot be searched for).
    expect(profiles.filter((p) => p.file === "patients.csv" && p.topValues.length > 0).map((p) => p.name)).toEqual([]);
    // Codes of files that do not describe people are still shown (value maps are built from them).
    expect(profiles.find((p) => p.file === "appointments.csv" && p.name === "Status")?.topValues).toEqual(expect.arrayContaining([expect.objectContaining({ value: "Completed" })]));
  });
});

describe("dxm preflight and dxm migrate on the dirty sample set", () => {
  let emu: RunningEmulator;
  beforeAll(async () => {
    emu = await emulator({ bulk: true });
  });
  afterAll(async () => {
    await emu?.close();
  });

  /** The `error <code> <file:line> …` lines a command lists. */
  const errorLines = (text: string): string[] => text.split("\n").filter((l) => /^ {2}error /.test(l)).sort();

  it("preflight reports the errors migrate refuses on, the same ones, and exits 2; with --skip-errored it passes", async () => {
    const checked = await dxm(["preflight", DIRTY, "--target", emu.url, ...CONFIRM]);
    const count = Number(checked.stdout.match(/^(\d+) errors in the exports:$/m)?.[1]);
    expect(count).toBeGreaterThan(0);
    expect(checked.stdout).toMatch(/BLOCKING errored-rows: dxm migrate refuses to start on these \d+ errors/);
    expect(checked.code).toBe(2);
    // It repeats the reader's warnings, as inspect shows them.
    expect(checked.stdout).toMatch(/^the reader found \d+ problems in the exports \(0 errors, \d+ warnings\):$/m);
    expect(checked.stdout).toMatch(/^ {2}warn {2}windows-1252 [a-z_]+\.csv:\d+: /m);

    const refused = await dxm(["migrate", DIRTY, "--target", emu.url, ...CONFIRM]);
    expect(refused.stderr).toContain(`Not started: ${count} errors in the exports`);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^ {2}warn {2}windows-1252 [a-z_]+\.csv:\d+: /m);
    expect(errorLines(checked.stdout)).toHaveLength(count);
    expect(errorLines(checked.stdout)).toEqual(errorLines(refused.stderr));

    const consenting = await dxm(["preflight", DIRTY, "--target", emu.url, ...CONFIRM, "--skip-errored"]);
    expect(consenting.stdout).toContain(`note errored-rows: with --skip-errored the ${count} rows with errors`);
    expect(consenting.stdout).not.toMatch(/BLOCKING/);
    expect(consenting.code).toBe(0);
  });
});

describe("rows the reader refuses, through the command line", () => {
  let dir: string;
  let emu: RunningEmulator;
  let damaged: DamagedPatients;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dxm-refused-"));
    await generateExports({ out: dir, patients: 16, seed: SEED, attachments: false });
    damaged = await damagePatients(dir);
    emu = await emulator({ bulk: true });
  });
  afterAll(async () => {
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("preflight and migrate name the NUL row, every swallowed line and the renamed column; migrate refuses, then leaves them out with --skip-errored", async () => {
    const [first, , , last] = damaged.swallowed;
    const reader = [
      new RegExp(`^ {2}ERROR nul-byte patients\\.csv:${damaged.nulLine} \\[Middle Initial\\]: `, "m"),
      new RegExp(`^ {2}ERROR unseparated-rows patients\\.csv:${first}: Lines ${first}-${last} \\(4 lines\\) could not be separated`, "m"),
      /^ {2}warn {2}duplicate-header patients\.csv:1 \[Home Phone \(2\)\]: Columns 8 and 32 are both named "Home Phone"/m,
    ];
    const asRows = [damaged.nulLine, ...damaged.swallowed].map((line) => new RegExp(`^ {2}error (nul-byte|unseparated-rows) patients\\.csv:${line}[ :]`, "m"));

    const checked = await dxm(["preflight", dir, "--target", emu.url, ...CONFIRM]);
    for (const r of [...reader, ...asRows]) expect(checked.stdout).toMatch(r);
    expect(checked.code).toBe(2);

    const refused = await dxm(["migrate", dir, "--target", emu.url, ...CONFIRM]);
    for (const r of [...reader, ...asRows]) expect(refused.stderr).toMatch(r);
    expect(refused.stderr).toMatch(/Not started: \d+ errors in the exports/);
    expect(refused.code).toBe(1);
    const client = await clientFor(emu);
    expect(await client.retrieveAll("contacts", { filter: "startswith(dxm_sourcekey,'patient:')" })).toEqual([]);

    const audit = join(dir, "audit.csv");
    const migrated = await dxm(["migrate", dir, "--target", emu.url, ...CONFIRM, "--skip-errored", "--audit", audit]);
    expect(migrated.stderr).toMatch(/status: Completed with errors/);
    expect(migrated.code).toBe(0);
    const skipped = readFileSync(audit, "utf8").split("\r\n").filter((l) => l.includes(",skip,"));
    for (const line of [damaged.nulLine, ...damaged.swallowed]) expect(skipped.some((l) => l.includes(`patients.csv:${line},`))).toBe(true);
    // The run row counts the rows left out, and its inventory names the refused lines.
    const run = (await client.retrieve<{ dxm_report: string; dxm_inventory: string }>("dxm_migrationruns", migrated.stdout.trim()))!;
    expect((JSON.parse(run.dxm_report) as { skippedRows: number }).skippedRows).toBeGreaterThanOrEqual(5);
    const inventory = JSON.parse(run.dxm_inventory) as { files: { name: string; refusedRows?: number; problems: { code: string; line?: number; lines?: string }[] }[] };
    const patientsFile = inventory.files.find((f) => f.name === "patients.csv");
    expect(patientsFile?.refusedRows).toBe(5);
    expect(patientsFile?.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ code: "nul-byte", line: damaged.nulLine }),
      expect.objectContaining({ code: "unseparated-rows", line: first, lines: `${first}-${last}` }),
    ]));

    const contacts = await client.retrieveAll<{ dxm_sourcekey: string; dxm_home_phone_2?: string }>("contacts", { filter: "startswith(dxm_sourcekey,'patient:')" });
    const keys = contacts.map((c) => c.dxm_sourcekey);
    expect(keys).not.toContain(`patient:${damaged.ids.get(damaged.nulLine)}`);
    expect(keys).not.toContain(`patient:${damaged.ids.get(first)}`);
    expect(keys).toContain(`patient:${damaged.ids.get(damaged.nulLine + 1)}`);
    // The second "Home Phone" landed on a column of its own.
    const byKey = new Map(contacts.map((c) => [c.dxm_sourcekey, c]));
    expect(byKey.get(`patient:${damaged.ids.get(damaged.nulLine + 1)}`)?.dxm_home_phone_2).toBe(damaged.secondPhone(damaged.nulLine + 1));
  });
});
