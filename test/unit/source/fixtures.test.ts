import { join } from "node:path";
import { readExports } from "../../../migration/source";
import type { ExportFileInfo, ExportSet } from "../../../migration/source/types";
import { nodeFiles } from "../../../scripts/dxm/node-files";

/** Each bad-input fixture (test/fixtures/source/bad-input) and what the reader must say about it. */
const EXPECTED: Record<string, { readable: boolean; encoding?: string; delimiter?: string; rows: number; problems: [code: string, line?: number][] }> = {
  "duplicate-headers.csv": { readable: true, rows: 1, problems: [["duplicate-header", 1]] },
  "empty.csv": { readable: false, rows: 0, problems: [["empty-file"]] },
  "header-only.csv": { readable: true, rows: 0, problems: [["header-only", 1]] },
  "mixed-encoding.csv": { readable: true, encoding: "utf-8", rows: 2, problems: [["mis-encoded", 3]] },
  "patients.xlsx": { readable: false, rows: 0, problems: [["not-csv"]] },
  "ragged.csv": { readable: true, rows: 3, problems: [["ragged-row", 3], ["ragged-row", 4]] },
  "random-bytes.csv": { readable: false, rows: 0, problems: [["binary-file"]] },
  "report-title.csv": { readable: true, rows: 1, problems: [["preamble-skipped", 4]] },
  "semicolon.csv": { readable: true, delimiter: ";", rows: 1, problems: [] },
  "unterminated-quote.csv": { readable: true, rows: 3, problems: [["unterminated-quote", 3]] },
  "utf16le-bom.csv": { readable: true, encoding: "utf-16le", rows: 1, problems: [] },
  "utf8-bom.csv": { readable: true, encoding: "utf-8-bom", rows: 1, problems: [] },
  "windows-1252.csv": { readable: true, encoding: "windows-1252", rows: 1, problems: [["windows-1252", 2], ["windows-1252-character", 2]] },
  "workbook-saved-as.csv": { readable: false, rows: 0, problems: [["not-csv"]] },
};

let set: ExportSet;
beforeAll(async () => {
  set = await readExports(await nodeFiles(join(__dirname, "../../fixtures/source/bad-input")));
});

it("reads every fixture without throwing, and lists the README as not read", () => {
  expect(set.inventory.files.map((f) => f.name).sort()).toEqual(Object.keys(EXPECTED).sort());
  expect(set.inventory.other).toEqual([expect.objectContaining({ name: "README.md" })]);
});

it.each(Object.entries(EXPECTED))("%s", (name, expected) => {
  const info = set.inventory.files.find((f) => f.name === name) as ExportFileInfo;
  expect(info.readable).toBe(expected.readable);
  expect(info.rows).toBe(expected.rows);
  if (expected.encoding) expect(info.encoding).toBe(expected.encoding);
  if (expected.delimiter) expect(info.delimiter).toBe(expected.delimiter);
  expect(info.problems.map((p) => (p.line === undefined ? [p.code] : [p.code, p.line]))).toEqual(expected.problems.map((p) => (p[1] === undefined ? [p[0]] : p)));
  for (const p of info.problems) {
    expect(p.file).toBe(name);
    expect(p.message.length).toBeGreaterThan(40);
  }
});
