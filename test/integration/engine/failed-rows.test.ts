/**
 * Failed rows as a re-run file: a dirty generated set migrated with --skip-errored --failed-rows gives one CSV
 * per export file, in that file's own columns and order with the export line and the reason last, each row as
 * the export had it. Fixed and fed back with --fixed-rows, the fixed rows land and nothing else is written.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import Papa from "papaparse";
import type { RunningEmulator } from "../../../emulator";
import { FAILED_ROWS_LINE, FAILED_ROWS_REASON } from "../../../migration/run/failed-rows";
import type { Defect } from "../../../scripts/generate/defects";
import { dxm } from "./dxm-cli";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(240_000);

const parse = (text: string) => Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;

describe("failed rows as a re-run file", () => {
  let dirty: Exports;
  let failed: string;
  const emus: RunningEmulator[] = [];

  beforeAll(async () => {
    dirty = await exportsOf(25, 0.04);
    failed = mkdtempSync(join(tmpdir(), "dxm-failed-"));
  });
  afterAll(async () => {
    await Promise.all(emus.map((e) => e.close()));
    dirty?.cleanup();
    rmSync(failed, { recursive: true, force: true });
  });

  it("writes one file per export file in its own columns and order, the line and reason last; fixed and fed back, they land and nothing else is written", async () => {
    const emu = await emulator({ bulk: true });
    emus.push(emu);
    // The map is reviewed once (dxm propose --json) and serves both runs, as the admin would keep it.
    const mapFile = join(mkdtempSync(join(tmpdir(), "dxm-map-")), "map.json");
    writeFileSync(mapFile, (await dxm(["propose", dirty.dir, "--json"])).stdout);
    const common = ["--target", emu.url, "--map", mapFile, "--time-zone", "America/Chicago", "--skip-errored", "--fallback-owner", FALLBACK_OWNER];
    const first = await dxm(["migrate", dirty.dir, ...common, "--failed-rows", failed]);
    expect(first.code).toBe(0); // every valid row landed; the errored ones were left out, as --skip-errored asks
    expect(first.stderr).toMatch(/Failed rows: .* \(each in its export file.s own columns, the reason last\)/);

    const written = readdirSync(failed).sort();
    expect(written.length).toBeGreaterThan(1);
    expect(written).toContain("patients.csv");
    let failedRows = 0;
    for (const name of written) {
      const info = dirty.set.inventory.files.find((f) => f.name === name)!;
      const [header, ...rows] = parse(readFileSync(join(failed, name), "utf8"));
      // The file's own columns in its own order, the reason last.
      expect({ name, header }).toEqual({ name, header: [...info.headers, FAILED_ROWS_LINE, FAILED_ROWS_REASON] });
      for (const row of rows) expect(row[row.length - 1]).toMatch(/\w/);
      failedRows += rows.length;
    }
    expect(failedRows).toBeGreaterThan(3);

    // Each row is the export's row as read, in the file's order: the first run's issues name exactly these lines.
    for (const name of written) {
      const info = dirty.set.inventory.files.find((f) => f.name === name)!;
      const [, ...rows] = parse(readFileSync(join(failed, name), "utf8"));
      const source: string[][] = [];
      for await (const row of dirty.set.rows(name)) source.push(info.headers.map((h) => row.values[h] ?? ""));
      const asRead = rows.map((r) => r.slice(0, -2));
      const positions = asRead.map((r) => source.findIndex((s) => JSON.stringify(s) === JSON.stringify(r)));
      expect({ name, missing: positions.filter((p) => p < 0).length }).toEqual({ name, missing: 0 });
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
    }
    // A fixed file is read back as the same object, its reason column left out of the map.
    const reread = await dxm(["propose", failed, "--json"]);
    const proposal = JSON.parse(reread.stdout) as { files: { file: string; columns: { source: string; target: string | null; custom?: unknown }[] }[] };
    for (const f of proposal.files) {
      expect(f.columns.find((c) => c.source === FAILED_ROWS_REASON)).toMatchObject({ target: null });
      expect(f.columns.find((c) => c.source === FAILED_ROWS_LINE)).toMatchObject({ target: null });
    }

    // The admin fixes what can be fixed (a real date, an e-mail left out, a shorter text) and leaves the rest
    // (an orphan, a duplicated id) as it was; the fixed files go back beside the same exports.
    const defects = JSON.parse(readFileSync(join(dirty.dir, "defects.json"), "utf8")) as Defect[];
    const fixedDir = mkdtempSync(join(tmpdir(), "dxm-fixed-"));
    const fixedLines = new Map<string, Set<number>>();
    for (const name of written) {
      const [header, ...rows] = parse(readFileSync(join(failed, name), "utf8"));
      const lineAt = header.indexOf(FAILED_ROWS_LINE);
      const fixedRows = rows.map((row) => {
        const line = Number(row[lineAt]);
        const here = defects.filter((d) => d.file === name && d.line === line);
        const fixable = here.length > 0 && here.every((d) => ["impossible-date", "invalid-email", "over-long-text"].includes(d.kind));
        if (!fixable) return row;
        const fixed = [...row];
        for (const d of here) {
          const at = header.indexOf(d.column);
          fixed[at] = d.kind === "impossible-date" ? "01/15/2020" : d.kind === "invalid-email" ? "" : fixed[at].slice(0, 100);
        }
        (fixedLines.get(name) ?? fixedLines.set(name, new Set()).get(name)!).add(line);
        return fixed;
      });
      writeFileSync(join(fixedDir, name), `${Papa.unparse({ fields: header, data: fixedRows }, { newline: "\r\n" })}\r\n`);
    }
    const fixedCount = [...fixedLines.values()].reduce((n, s) => n + s.size, 0);
    expect(fixedCount).toBeGreaterThan(0);

    const failedAgain = mkdtempSync(join(tmpdir(), "dxm-failed-again-"));
    const audit = join(failedAgain, "..", `${basename(failedAgain)}-audit.csv`);
    const second = await dxm(["migrate", dirty.dir, ...common, "--fixed-rows", fixedDir, "--failed-rows", failedAgain, "--audit", audit]);
    expect(second.code).toBe(0);
    expect(second.stderr).toMatch(/fixed rows: patients\.csv: \d+ in place of their export lines, 0 added/);
    // What landed the first time is left alone: the run creates the fixed rows (with the rows that hung on
    // them) and updates only what it created itself (a policy holder's coverage is a second write of the
    // patient), as its audit shows.
    const actions = parse(readFileSync(audit, "utf8")).slice(1).map(([, , action, table, key]) => ({ action, key: `${table} ${key}` }));
    const created = new Set(actions.filter((a) => a.action === "create").map((a) => a.key));
    expect(created.size).toBeGreaterThanOrEqual(fixedCount);
    expect(actions.filter((a) => a.action === "update" && !created.has(a.key))).toEqual([]);
    expect(actions.filter((a) => !["create", "update", "skip"].includes(a.action))).toEqual([]);
    // The rows that fail again are the ones left as they were, named by their export line, and no fixed one.
    for (const name of readdirSync(failedAgain)) {
      const [header, ...rows] = parse(readFileSync(join(failedAgain, name), "utf8"));
      const again = rows.map((r) => Number(r[header.indexOf(FAILED_ROWS_LINE)]));
      const before = new Set(parse(readFileSync(join(failed, name), "utf8")).slice(1).map((r) => Number(r[r.length - 2])));
      expect({ name, outside: again.filter((l) => !before.has(l)) }).toEqual({ name, outside: [] });
      expect({ name, fixedFailing: again.filter((l) => fixedLines.get(name)?.has(l)) }).toEqual({ name, fixedFailing: [] });
    }
    // Every record once: one record per source key among the contacts.
    const contacts = await (await clientFor(emu)).retrieveAll<{ dxm_sourcekey: string | null }>("contacts", { select: ["dxm_sourcekey"] });
    const keys = contacts.map((c) => c.dxm_sourcekey).filter(Boolean);
    expect(keys.length).toBe(new Set(keys).size);
    rmSync(fixedDir, { recursive: true, force: true });
    rmSync(failedAgain, { recursive: true, force: true });
  });

  it("refuses fixed rows that lost a column of the export or name no export file, and writes nothing", async () => {
    const emu = await emulator({ bulk: true });
    emus.push(emu);
    const fixedDir = mkdtempSync(join(tmpdir(), "dxm-fixed-bad-"));
    writeFileSync(join(fixedDir, "patients.csv"), `"Patient ID","${FAILED_ROWS_LINE}"\r\n"1","2"\r\n`);
    const common = ["--target", emu.url, "--yes", "--time-zone", "America/Chicago", "--skip-errored", "--fallback-owner", FALLBACK_OWNER];
    const lost = await dxm(["migrate", dirty.dir, ...common, "--fixed-rows", fixedDir]);
    expect(lost.code).toBe(2);
    expect(lost.stderr).toMatch(/Nothing migrated: patients\.csv: the fixed rows lack the export's columns 'First Name'/);
    rmSync(join(fixedDir, "patients.csv"));
    writeFileSync(join(fixedDir, "patients (2).csv"), `"Patient ID"\r\n"1"\r\n`);
    const unknown = await dxm(["migrate", dirty.dir, ...common, "--fixed-rows", fixedDir]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/patients \(2\)\.csv \(fixed rows\) has no export file of that name/);
    expect(await (await clientFor(emu)).retrieveAll("contacts", { select: ["contactid"] })).toEqual([]);
    rmSync(fixedDir, { recursive: true, force: true });
  });
});
