import { FAILED_ROWS_LINE, FAILED_ROWS_REASON } from "../../../migration/run/failed-rows";
import { FixedRowsError, mergeFixedRows, parseFixedRows } from "../../../migration/run/fixed-rows";
import type { ExportRows } from "../../../migration/plan/types";
import type { SourceRow } from "../../../migration/source/types";

const headers = ["Patient ID", "Last Name", "Notes"];

/** An export of one file whose rows are given with their lines (a value with a line break spans two). */
function exportOf(rows: SourceRow[]): ExportRows {
  return {
    inventory: { files: [{ name: "patients.csv", readable: true, headers }] } as unknown as ExportRows["inventory"],
    rows: async function* () {
      yield* rows;
    },
  };
}

const row = (line: number, id: string, name: string, notes = ""): SourceRow => ({ line, values: { "Patient ID": id, "Last Name": name, Notes: notes } });
const fixedCsv = (lines: string[]): string => [`"Patient ID","Last Name","Notes","${FAILED_ROWS_LINE}","${FAILED_ROWS_REASON}"`, ...lines].join("\r\n");

async function merged(exports: ExportRows, text: string) {
  const { pieces, merge } = mergeFixedRows(exports, parseFixedRows("patients.csv", headers, text));
  let csv = "";
  for await (const piece of pieces) csv += piece;
  return { csv, merge };
}

describe("fixed rows fed back", () => {
  it("puts each fixed row in place of its export line, appends rows without a line, and maps merged lines back", async () => {
    const exports = exportOf([row(2, "1", "A"), row(3, "2", "B", "two\nlines"), row(5, "3", "C"), row(6, "4", "D")]);
    const { csv, merge } = await merged(exports, fixedCsv(['"3","C fixed","","5","too-long: ..."', '"9","New","","",""']));
    expect(csv.split("\r\n").filter(Boolean)).toEqual([
      '"Patient ID","Last Name","Notes"',
      '"1","A",""',
      '"2","B","two\nlines"',
      '"3","C fixed",""',
      '"4","D",""',
      '"9","New",""',
    ]);
    expect(merge).toMatchObject({ replaced: 1, added: 1, unknownLines: [], refusedLeftOut: [] });
    // The merged file's lines: 2, 3 (two lines long), 5, 6, 7 (added, no export line).
    expect([...merge.exportLines.entries()]).toEqual([[2, 2], [3, 3], [5, 5], [6, 6]]);
  });

  it("leaves out a refused row nobody fixed, and appends a fixed row whose line the export lacks", async () => {
    const exports = exportOf([row(2, "1", "A"), { ...row(3, "2", "B"), refused: { code: "nul-byte", lastLine: 3, column: "Notes" } }]);
    const { csv, merge } = await merged(exports, fixedCsv(['"7","G","","40",""']));
    expect(csv.split("\r\n").filter(Boolean)).toEqual(['"Patient ID","Last Name","Notes"', '"1","A",""', '"7","G",""']);
    expect(merge).toMatchObject({ replaced: 0, added: 1, unknownLines: [40], refusedLeftOut: [3] });
  });

  it("refuses a fixed file that lost a column, names a line twice, or garbles a line number", () => {
    expect(() => parseFixedRows("patients.csv", headers, `"Patient ID","Notes","${FAILED_ROWS_LINE}"\r\n"1","","2"`)).toThrow(new FixedRowsError("patients.csv: the fixed rows lack the export's column 'Last Name'; keep every column of the failed-rows file."));
    expect(() => parseFixedRows("patients.csv", headers, fixedCsv(['"1","A","","2",""', '"1","A","","2",""']))).toThrow(/two rows name Export Line 2/);
    expect(() => parseFixedRows("patients.csv", headers, fixedCsv(['"1","A","","two",""']))).toThrow(/row 2 has 'two' as its Export Line/);
  });
});
