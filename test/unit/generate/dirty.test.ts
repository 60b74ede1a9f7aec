import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { objectSpecs } from "../../../migration/model";
import { parseDate, readExports, valueTests } from "../../../migration/source";
import type { ExportSet, SourceRow } from "../../../migration/source/types";
import { DEFECT_KINDS, OVER_LONG_CHARS, UNMAPPED_OPTIONS, generateExports, type Defect, type GenerateSummary } from "../../../scripts/generate";
import { nodeFiles } from "../../../scripts/dxm/node-files";

// Generous limits for a shared, busy machine: these read or write megabytes (no timing is asserted).
jest.setTimeout(120_000);

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function generate(dirty?: number): Promise<{ dir: string; summary: GenerateSummary }> {
  const dir = mkdtempSync(join(tmpdir(), "dxm-dirty-"));
  dirs.push(dir);
  return { dir, summary: await generateExports({ out: dir, patients: 80, seed: 5, dirty }) };
}

describe("--dirty", () => {
  let dir: string;
  let clean: string;
  let defects: Defect[];
  let summary: GenerateSummary;
  let set: ExportSet;
  const rows = new Map<string, SourceRow[]>();
  const rowAt = (file: string, line: number): SourceRow | undefined => rows.get(file)?.find((r) => r.line === line);

  beforeAll(async () => {
    ({ dir, summary } = await generate(0.25));
    ({ dir: clean } = await generate());
    defects = JSON.parse(readFileSync(join(dir, "defects.json"), "utf8")) as Defect[];
    set = await readExports(await nodeFiles(dir));
    for (const f of set.inventory.files) {
      const list: SourceRow[] = [];
      for await (const row of set.rows(f.name)) list.push(row);
      rows.set(f.name, list);
    }
  });

  it("lists every defect it injected, of every kind, with ids and no values", () => {
    expect(defects.length).toBe(summary.defects);
    expect(new Set(defects.map((d) => d.kind))).toEqual(new Set(DEFECT_KINDS));
    for (const d of defects) expect(Object.keys(d).sort()).toEqual(["column", "file", "kind", "line", "sourceKey"]);
  });

  it("damages nothing but the defect rows (patients.csv line by line against the clean set)", () => {
    const dirtyLines = readFileSync(join(dir, "patients.csv"), "latin1").split("\r\n");
    const cleanLines = readFileSync(join(clean, "patients.csv"), "latin1").split("\r\n");
    expect(dirtyLines.length).toBe(cleanLines.length);
    const changed = dirtyLines.flatMap((l, i) => (l === cleanLines[i] ? [] : [i + 1]));
    const listed = defects.filter((d) => d.file === "patients.csv").map((d) => d.line);
    expect(changed.length).toBeGreaterThan(0);
    expect(changed).toEqual([...new Set(listed)].sort((a, b) => a - b));
  });

  it("puts each defect where the manifest says, as the reader sees it", () => {
    const patientIds = new Set(rows.get("patients.csv")?.map((r) => r.values["Patient ID"]));
    for (const d of defects) {
      const spec = objectSpecs.find((s) => s.files.includes(d.file));
      const keyHeader = spec?.fields.find((f) => f.id === spec.keyField)?.header ?? "";
      const row = rowAt(d.file, d.line);
      const where = `${d.kind} at ${d.file}:${d.line}`;
      expect({ where, found: row !== undefined }).toEqual({ where, found: true });
      if (!row) continue;
      const value = row.values[d.column];
      const info = set.inventory.files.find((f) => f.name === d.file);
      const check: Record<Defect["kind"], () => boolean> = {
        "impossible-date": () => /^\d{2}\/\d{2}\/\d{4}$/.test(value) && parseDate(value) === null,
        "invalid-email": () => value !== "" && valueTests.email(value) === false,
        "duplicate-id": () => (rows.get(d.file) ?? []).some((r) => r.line < d.line && r.values[keyHeader] === value) && d.sourceKey === `${spec?.keyPrefix}:${value}`,
        "orphan-row": () => !patientIds.has(value) && d.sourceKey === `${spec?.keyPrefix}:${row.values[keyHeader]}`,
        "over-long-text": () => value.length >= OVER_LONG_CHARS - 1,
        "mis-encoded": () =>
          info?.encoding === "windows-1252"
            ? /[\u0080-\uffff]/.test(value) && info.problems.some((p) => p.code === "windows-1252")
            : value.includes("\uFFFD") && (info?.problems ?? []).some((p) => p.code === "mis-encoded" && p.line === d.line && p.column === d.column),
        mojibake: () => /[ÃÂ]/.test(value) && (info?.problems ?? []).some((p) => p.code === "mojibake" && p.line === d.line && p.column === d.column),
        formula: () => value.startsWith("=HYPERLINK("),
        "unmapped-option": () => d.file === "insurance.csv" && UNMAPPED_OPTIONS.includes(value),
      };
      expect({ where, caught: check[d.kind]() }).toEqual({ where, caught: true });
      if (d.kind !== "duplicate-id" && d.kind !== "orphan-row") expect(d.sourceKey).toBe(`${spec?.keyPrefix}:${row.values[keyHeader]}`);
    }
  });
});
