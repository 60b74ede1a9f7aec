import Papa from "papaparse";
import { toSafeCsv } from "../../../pcf-controls/MigrationStudio/components/common/csv";

describe("toSafeCsv", () => {
  it("keeps formulas from running when the file is opened in a spreadsheet", () => {
    const csv = toSafeCsv(["file", "reason"], [["patients.csv", "=HYPERLINK(\"http://x\",\"y\")"], ["a.csv", "+1"], ["b.csv", "@SUM(A1)"], ["c.csv", "plain"]]);
    const rows = Papa.parse<string[]>(csv).data;
    expect(rows[0]).toEqual(["file", "reason"]);
    expect(rows[1][1]).toBe("'=HYPERLINK(\"http://x\",\"y\")");
    expect(rows[2][1]).toBe("'+1");
    expect(rows[3][1]).toBe("'@SUM(A1)");
    expect(rows[4][1]).toBe("plain");
  });

  it("quotes separators and line breaks so each row stays one record", () => {
    const csv = toSafeCsv(["a", "b"], [["x, y", "line1\nline2"], [null, 3]]);
    expect(Papa.parse<string[]>(csv).data).toEqual([["a", "b"], ["x, y", "line1\nline2"], ["", "3"]]);
  });
});
