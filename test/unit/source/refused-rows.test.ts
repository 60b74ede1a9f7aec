/**
 * Rows the reader refuses: a NUL byte, and records it could not separate (a quote that closes lines later,
 * or never). Each is named by file and line (every line of it), counted, and streamed marked as refused
 * with its values as read (never repaired), so that planning can name it as an errored row.
 */
import { readExports } from "../../../migration/source";
import { CHUNK_BYTES, PIECE_CHARS } from "../../../migration/source/decode";
import { PROBLEMS_PER_CODE } from "../../../migration/source/problems";
import type { ExportFileInfo, SourceRow } from "../../../migration/source/types";
import { memFile } from "./mem-file";

jest.setTimeout(120_000);

async function readOne(name: string, content: Parameters<typeof memFile>[1]): Promise<{ info: ExportFileInfo; rows: SourceRow[] }> {
  const set = await readExports([memFile(name, content)]);
  const rows: SourceRow[] = [];
  for await (const row of set.rows(name)) rows.push(row);
  return { info: set.inventory.files[0], rows };
}

const HEADER = "Patient ID,First Name,Last Name,City\r\n";
/** Data row n (physical line n + 1): its id is n. */
const row = (n: number): string => `${n},First${n},Last${n},City${n}\r\n`;
const range = (first: number, last: number): number[] => Array.from({ length: last - first + 1 }, (_, i) => first + i);

describe("a NUL byte", () => {
  it("is named by file, line and column; the row is refused as it stands, the others are read", async () => {
    const { info, rows } = await readOne("patients.csv", `${HEADER}${row(1)}2,Fir\u0000st2,Last2,City2\r\n${row(3)}`);
    expect(info.problems).toEqual([expect.objectContaining({ file: "patients.csv", code: "nul-byte", severity: "error", line: 3, column: "First Name" })]);
    expect(info.problems[0].message).toMatch(/^Line 3, column "First Name" holds a NUL/);
    expect(info.problems[0].message).toMatch(/refused, not altered/);
    expect({ rows: info.rows, refusedRows: info.refusedRows }).toEqual({ rows: 3, refusedRows: 1 });
    expect(rows.map((r) => [r.line, r.refused?.code])).toEqual([[2, undefined], [3, "nul-byte"], [4, undefined]]);
    // Not altered: the value still holds the byte (planning refuses the row; nothing writes it).
    expect(rows[1].values["First Name"]).toBe("Fir\u0000st2");
    expect(rows[1].refused).toEqual({ code: "nul-byte", lastLine: 3, column: "First Name" });
    // A refused row is not profiled.
    expect(info.profiles.find((p) => p.name === "First Name")?.nonEmpty).toBe(2);
  });

  it("is found in any slice of a large file, and each such row is named", async () => {
    const rowsPerSlice = Math.ceil(CHUNK_BYTES / row(100000).length);
    const lines = [5, rowsPerSlice + 7, 3 * rowsPerSlice + 11];
    let text = HEADER;
    for (let n = 1; n <= 4 * rowsPerSlice; n++) text += lines.includes(n + 1) ? `${n},First${n},Last${n},\u0000\r\n` : row(n);
    const { info, rows } = await readOne("patients.csv", text);
    expect(info.problems.map((p) => [p.code, p.line, p.column])).toEqual(lines.map((l) => ["nul-byte", l, "City"]));
    expect(rows.filter((r) => r.refused).map((r) => r.line)).toEqual(lines);
    expect(info.rows).toBe(4 * rowsPerSlice);
  });

  it("is found in a record longer than the pieces the file is parsed in (the byte in one, the record's end in a later one)", async () => {
    const long = `\u0000${"a".repeat(3 * PIECE_CHARS)}`;
    const { info, rows } = await readOne("patients.csv", `${HEADER}${row(1)}2,"${long}",Last2,City2\r\n${row(3)}`);
    expect(info.problems.map((p) => [p.code, p.line, p.column])).toEqual([["nul-byte", 3, "First Name"]]);
    expect(rows.map((r) => r.refused?.code)).toEqual([undefined, "nul-byte", undefined]);
  });
});

describe("rows the reader could not separate", () => {
  it("names every line a quote swallowed (81 rows stay 81, 4 of them refused), not only the first", async () => {
    // Line 40 opens a quote after which "Bob" closes badly; the next closing quote is on line 43.
    let text = HEADER;
    for (let n = 1; n <= 81; n++) {
      const line = n + 1;
      text += line === 40 ? `${n},"Bob" Smith,Last${n},City${n}\r\n` : line === 43 ? `${n},First${n},Last${n},"City, ${n}"\r\n` : row(n);
    }
    const { info, rows } = await readOne("patients.csv", text);
    expect(info.problems).toEqual([expect.objectContaining({ code: "unseparated-rows", severity: "error", line: 40, lines: [40, 41, 42, 43] })]);
    expect(info.problems[0].message).toMatch(/^Lines 40-43 \(4 lines\) could not be separated into rows/);
    expect({ rows: info.rows, refusedRows: info.refusedRows }).toEqual({ rows: 81, refusedRows: 4 });
    const read = rows.filter((r) => !r.refused);
    expect(read).toHaveLength(77);
    expect(read.map((r) => r.line)).toEqual(range(2, 82).filter((l) => l < 40 || l > 43));
    expect(rows.filter((r) => r.refused)).toEqual([expect.objectContaining({ line: 40, refused: { code: "unseparated-rows", lastLine: 43 } })]);
    // Every row read is itself: its id is its line - 1 (nothing of the swallowed rows leaked into them).
    expect(read.every((r) => r.values["Patient ID"] === String(r.line - 1) && r.values.City === `City${r.line - 1}`)).toBe(true);
  });

  it("keeps a quoted value that holds line breaks when its quotes are well formed and the row has the header's width", async () => {
    const { info, rows } = await readOne("patients.csv", `${HEADER}${row(1)}2,"First\r\nsecond line",Last2,City2\r\n${row(3)}`);
    expect(info.problems).toEqual([]);
    expect(rows.map((r) => [r.line, r.refused])).toEqual([[2, undefined], [3, undefined], [5, undefined]]);
    expect(rows[1].values["First Name"]).toBe("First\r\nsecond line");
  });

  it("refuses a record over several lines that has the wrong width, even with well-formed quotes", async () => {
    const { info, rows } = await readOne("patients.csv", `${HEADER}${row(1)}2,"First\r\n3,First3",Last3\r\n${row(4)}`);
    expect(info.problems.map((p) => [p.code, p.line, p.lines])).toEqual([["unseparated-rows", 3, [3, 4]]]);
    expect(rows.map((r) => [r.line, r.refused?.code])).toEqual([[2, undefined], [3, "unseparated-rows"], [5, undefined]]);
  });

  it("a quote that never closes refuses every line to the end of the file (a final line break is not a line)", async () => {
    let text = HEADER;
    for (let n = 1; n <= 30; n++) text += n === 10 ? `${n},"First${n},Last${n},City${n}\r\n` : row(n);
    const { info, rows } = await readOne("patients.csv", text);
    expect(info.problems).toEqual([expect.objectContaining({ code: "unterminated-quote", line: 11, lines: range(11, 31) })]);
    expect({ rows: info.rows, refusedRows: info.refusedRows }).toEqual({ rows: 30, refusedRows: 21 });
    expect(rows.at(-1)).toMatchObject({ line: 11, values: { "Patient ID": "10" }, refused: { code: "unterminated-quote", lastLine: 31 } });
  });

  it("names every line of every such record past the first 20 on the code's summary", async () => {
    let text = HEADER;
    let line = 2;
    const starts: number[] = [];
    // 25 broken records of 2 lines each (a quote closing on the next line, the width wrong), a good row after each.
    for (let n = 0; n < 25; n++) {
      starts.push(line);
      text += `${line},"x\r\ny",z\r\n${row(line + 2)}`;
      line += 3;
    }
    const { info } = await readOne("patients.csv", text);
    const problems = info.problems.filter((p) => p.code === "unseparated-rows");
    expect(problems).toHaveLength(PROBLEMS_PER_CODE + 1);
    expect(problems.slice(0, PROBLEMS_PER_CODE).map((p) => p.lines)).toEqual(starts.slice(0, PROBLEMS_PER_CODE).map((s) => [s, s + 1]));
    expect(problems[PROBLEMS_PER_CODE].lines).toEqual(starts.slice(PROBLEMS_PER_CODE).flatMap((s) => [s, s + 1]));
    expect(info.refusedRows).toBe(50);
  });

  it("never quotes the cells of refused rows in problems", async () => {
    const { info } = await readOne("patients.csv", `${HEADER}1,"Secretname" X,Y,Z\r\n2,Hidden,"Place"\r\n3,Nul\u0000name,A,B\r\n`);
    const text = JSON.stringify(info.problems);
    for (const value of ["Secretname", "Hidden", "Place", "Nul"]) expect(text).not.toContain(value);
  });
});

describe("duplicate column names", () => {
  it("are named by file, column and positions at the header's own line, and both columns' values are read", async () => {
    const { info, rows } = await readOne("patients.csv", "Patients export\r\n\r\nPatient ID,Home Phone,Last Name,Home Phone\r\n1,555-0101,Lee,555-0202\r\n");
    expect(info.headerLine).toBe(3);
    expect(info.headers).toEqual(["Patient ID", "Home Phone", "Last Name", "Home Phone (2)"]);
    expect(info.problems.find((p) => p.code === "duplicate-header")).toEqual(expect.objectContaining({
      file: "patients.csv", severity: "warning", line: 3, column: "Home Phone (2)",
      message: expect.stringMatching(/^Columns 2 and 4 are both named "Home Phone"; the second is read as "Home Phone \(2\)"/),
    }));
    expect(rows[0].values).toMatchObject({ "Home Phone": "555-0101", "Home Phone (2)": "555-0202" });
    expect(info.profiles.map((p) => [p.name, p.nonEmpty])).toContainEqual(["Home Phone (2)", 1]);
  });
});
