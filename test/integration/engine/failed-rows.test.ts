/**
 * Failed rows as a re-run file: a dirty generated set migrated with --skip-errored --failed-rows gives one CSV
 * per export file, in that file's own columns and order with the reason last, each row as the export had it.
 * (Feeding the fixed files back as a run of their own is not possible yet: the plan checks every reference and
 * every mapped file against the export set, not the org.)
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import type { RunningEmulator } from "../../../emulator";
import { FAILED_ROWS_REASON } from "../../../migration/run/failed-rows";
import { dxm } from "./dxm-cli";
import { FALLBACK_OWNER, emulator, exportsOf, type Exports } from "./harness";

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

  it("writes one file per export file in its own columns and order, the reason last, each row as the export had it", async () => {
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
      expect({ name, header }).toEqual({ name, header: [...info.headers, FAILED_ROWS_REASON] });
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
      const asRead = rows.map((r) => r.slice(0, -1));
      const positions = asRead.map((r) => source.findIndex((s) => JSON.stringify(s) === JSON.stringify(r)));
      expect({ name, missing: positions.filter((p) => p < 0).length }).toEqual({ name, missing: 0 });
      expect(positions).toEqual([...positions].sort((x, y) => x - y));
    }
    // A fixed file is read back as the same object, its reason column left out of the map.
    const reread = await dxm(["propose", failed, "--json"]);
    const proposal = JSON.parse(reread.stdout) as { files: { file: string; columns: { source: string; target: string | null; custom?: unknown }[] }[] };
    for (const f of proposal.files) expect(f.columns.find((c) => c.source === FAILED_ROWS_REASON)).toMatchObject({ target: null });
  });
});
