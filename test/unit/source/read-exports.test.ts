import { readExports } from "../../../migration/source";
import type { ExportFileInfo, SourceRow } from "../../../migration/source/types";
import { latin1, memFile, utf16le } from "./mem-file";

// Generous limits for a shared, busy machine: these read or write megabytes (no timing is asserted).
jest.setTimeout(120_000);

async function readOne(name: string, content: Parameters<typeof memFile>[1]): Promise<{ info: ExportFileInfo; rows: SourceRow[] }> {
  const set = await readExports([memFile(name, content)]);
  const rows: SourceRow[] = [];
  for await (const row of set.rows(name)) rows.push(row);
  return { info: set.inventory.files[0], rows };
}
const codes = (info: ExportFileInfo): string[] => info.problems.map((p) => p.code);

const PATIENTS = "Patient ID,First Name,Last Name,Birth Date\r\n10001,José,Peña,03/04/1980\r\n10002,Zoë,Müller,11/30/2001\r\n";

describe("encodings", () => {
  it("reads UTF-8", async () => {
    const { info, rows } = await readOne("patients.csv", PATIENTS);
    expect(info.encoding).toBe("utf-8");
    expect(rows[0].values["First Name"]).toBe("José");
    expect(info.problems).toEqual([]);
  });

  it("reads UTF-8 with a BOM and keeps the BOM out of the first header", async () => {
    const { info, rows } = await readOne("patients.csv", [new Uint8Array([0xef, 0xbb, 0xbf]), PATIENTS]);
    expect(info.encoding).toBe("utf-8-bom");
    expect(info.headers[0]).toBe("Patient ID");
    expect(rows[1].values["Last Name"]).toBe("Müller");
  });

  it("reads UTF-16 LE with a BOM", async () => {
    const { info, rows } = await readOne("patients.csv", utf16le(PATIENTS));
    expect(info.encoding).toBe("utf-16le");
    expect(info.object).toBe("patient");
    expect(rows.map((r) => r.values["Last Name"])).toEqual(["Peña", "Müller"]);
  });

  it("reads Windows-1252 and says so", async () => {
    const { info, rows } = await readOne("patients.csv", latin1(PATIENTS));
    expect(info.encoding).toBe("windows-1252");
    expect(rows[0].values["Last Name"]).toBe("Peña");
    expect(info.problems).toEqual([
      expect.objectContaining({ code: "windows-1252", line: 2 }),
      expect.objectContaining({ code: "windows-1252-character", line: 2, column: "First Name" }),
      expect.objectContaining({ code: "windows-1252-character", line: 3, column: "First Name" }),
    ]);
  });

  it("flags Windows-1252 bytes inside a UTF-8 file at their line and column (mixed encodings)", async () => {
    const { info, rows } = await readOne("patients.csv", [PATIENTS, "10003,", latin1("Renée"), ",Lee,01/01/1990\r\n"]);
    expect(info.encoding).toBe("utf-8");
    expect(info.problems).toEqual([expect.objectContaining({ code: "mis-encoded", line: 4, column: "First Name", file: "patients.csv" })]);
    expect(rows[2].values["First Name"]).toBe("Ren\uFFFDe");
  });

  it("flags double-encoded text (mojibake)", async () => {
    const { info } = await readOne("patients.csv", `${PATIENTS}10003,RenÃ©e,Lee,01/01/1990\r\n`);
    expect(info.problems).toEqual([expect.objectContaining({ code: "mojibake", line: 4, column: "First Name" })]);
  });

  it("finds a stray Windows-1252 byte far beyond the part sniffed for encoding", async () => {
    const filler = Array.from({ length: 30000 }, (_, i) => `${20000 + i},Ann,Lee,01/01/1990\r\n`).join("");
    const { info } = await readOne("patients.csv", [PATIENTS, filler, "99999,", latin1("Chloé"), ",Lee,01/01/1990\r\n"]);
    expect(info.encoding).toBe("utf-8");
    expect(info.rows).toBe(30003);
    expect(info.problems).toEqual([expect.objectContaining({ code: "mis-encoded", line: 30004 })]);
  });
});

describe("dialect", () => {
  it.each([[",", "comma"], ["\t", "tab"], [";", "semicolon"], ["|", "pipe"]])("detects the %j delimiter (%s)", async (d) => {
    const text = PATIENTS.replace(/,/g, d);
    const { info, rows } = await readOne("patients.txt", text);
    expect(info.delimiter).toBe(d);
    expect(info.headers).toEqual(["Patient ID", "First Name", "Last Name", "Birth Date"]);
    expect(rows[1].values["Birth Date"]).toBe("11/30/2001");
  });

  it("keeps quoted multi-line values whole and numbers rows by the physical line they start on", async () => {
    const text = 'Note ID,Patient ID,Note Text\r\n1,10001,"S: pain\r\nO: ""cold"" sensitive, #14\r\nP: recall"\r\n2,10002,short\r\n\r\n3,10003,"a\nb"\r\n';
    const { info, rows } = await readOne("clinical_notes.csv", text);
    expect(rows.map((r) => r.line)).toEqual([2, 5, 7]);
    expect(rows[0].values["Note Text"]).toBe('S: pain\r\nO: "cold" sensitive, #14\r\nP: recall');
    expect(info.rows).toBe(3);
    expect(info.object).toBe("clinicalNote");
  });

  it("reads LF-only and CR-only files", async () => {
    for (const nl of ["\n", "\r"]) {
      const { rows } = await readOne("patients.csv", PATIENTS.replace(/\r\n/g, nl));
      expect(rows.map((r) => [r.line, r.values["Patient ID"]])).toEqual([[2, "10001"], [3, "10002"]]);
    }
  });

  it("skips a report title above the header and says which line the header is", async () => {
    const { info, rows } = await readOne("patients.csv", `Dental-Exec Patient List\r\nPrinted 06/28/2024\r\n\r\n${PATIENTS}`);
    expect(info.headerLine).toBe(4);
    expect(info.headers[0]).toBe("Patient ID");
    expect(rows[0]).toEqual({ line: 5, values: { "Patient ID": "10001", "First Name": "José", "Last Name": "Peña", "Birth Date": "03/04/1980" } });
    expect(info.problems).toEqual([expect.objectContaining({ code: "preamble-skipped", line: 4 })]);
  });

  it("names columns when the file has no header row, without using data as names", async () => {
    const { info, rows } = await readOne("export.csv", "10001,03/04/1980,555-123-4567\r\n10002,11/30/2001,555-987-6543\r\n");
    expect(info.headers).toEqual(["Column 1", "Column 2", "Column 3"]);
    expect(rows).toHaveLength(2);
    expect(codes(info)).toEqual(["no-header"]);
  });

  it("reads values split across slices, multi-byte characters and quoted line breaks included", async () => {
    const row = (i: number): string => `${i},"Zoë ""Z""\r\nMüller",${"é".repeat(i % 7)}\r\n`;
    const body = Array.from({ length: 60000 }, (_, i) => row(i)).join("");
    const { info, rows } = await readOne("notes.csv", `Note ID,Note Text,Subject\r\n${body}`);
    expect(new Blob([body]).size).toBeGreaterThan(2 * 1024 * 1024);
    expect(info.rows).toBe(60000);
    expect(info.problems).toEqual([]);
    expect(rows.every((r, i) => r.line === 2 + 2 * i && r.values["Note Text"] === 'Zoë "Z"\r\nMüller' && r.values.Subject === "é".repeat(i % 7))).toBe(true);
  });
});

describe("bad input", () => {
  it("empty file", async () => {
    const { info, rows } = await readOne("patients.csv", "");
    expect(info.readable).toBe(false);
    expect(info.problems).toEqual([expect.objectContaining({ file: "patients.csv", code: "empty-file", severity: "error" })]);
    expect(rows).toEqual([]);
  });

  it("whitespace-only file", async () => {
    const { info } = await readOne("patients.csv", "\r\n  \r\n");
    expect(codes(info)).toEqual(["empty-file"]);
  });

  it("header only", async () => {
    const { info, rows } = await readOne("patients.csv", "Patient ID,First Name,Last Name\r\n");
    expect(info.readable).toBe(true);
    expect(info.rows).toBe(0);
    expect(rows).toEqual([]);
    expect(info.problems).toEqual([expect.objectContaining({ code: "header-only", line: 1, severity: "warning" })]);
    expect(info.object).toBe("patient");
  });

  it("random bytes", async () => {
    let x = 7;
    const bytes = Uint8Array.from({ length: 5000 }, () => ((x = (x * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff);
    const { info } = await readOne("patients.csv", bytes);
    expect(info.readable).toBe(false);
    expect(info.problems[0]).toMatchObject({ code: "binary-file", severity: "error" });
    expect(info.problems[0].message).toMatch(/Export the data again/);
  });

  it.each([["a zip named .csv", "patients.csv"], ["an xlsx", "patients.xlsx"]])("%s", async (_label, name) => {
    const { info } = await readOne(name, [new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), "[Content_Types].xml"]);
    expect(info.readable).toBe(false);
    expect(info.problems).toEqual([expect.objectContaining({ file: name, code: "not-csv" })]);
    expect(info.problems[0].message).toMatch(/CSV UTF-8/);
  });

  it("UTF-16 without a byte-order mark", async () => {
    const { info } = await readOne("patients.csv", utf16le(PATIENTS).slice(2));
    expect(info.problems[0]).toMatchObject({ code: "binary-file" });
    expect(info.problems[0].message).toMatch(/UTF-16/);
  });

  it("ragged rows: reported at their line, short rows padded, long rows cut", async () => {
    const { info, rows } = await readOne("patients.csv", "Patient ID,First Name,Last Name\r\n1,A,B\r\n2,C\r\n3,D,E,F\r\n");
    expect(info.problems.map((p) => [p.code, p.line])).toEqual([["ragged-row", 3], ["ragged-row", 4]]);
    expect(rows[1].values).toEqual({ "Patient ID": "2", "First Name": "C", "Last Name": "" });
    expect(rows[2].values).toEqual({ "Patient ID": "3", "First Name": "D", "Last Name": "E" });
  });

  it("lists the first 20 of a problem one by one and names the line of every one after them", async () => {
    const body = Array.from({ length: 50 }, (_, i) => `${i},x\r\n`).join("");
    const { info } = await readOne("patients.csv", `Patient ID,First Name,Last Name\r\n${body}`);
    const ragged = info.problems.filter((p) => p.code === "ragged-row");
    expect(ragged).toHaveLength(21);
    expect(ragged.slice(0, 20).map((p) => p.line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(ragged[20].message).toMatch(/^30 more have the same problem \(ragged-row\).*lines 22, 23, .* and 18 more/);
    expect(ragged[20].lines).toEqual(Array.from({ length: 30 }, (_, i) => i + 22));
  });

  it("an unterminated quote refuses every line from its own to the end, naming each, and keeps the rows before it", async () => {
    const { info, rows } = await readOne("patients.csv", 'Patient ID,First Name,Last Name\r\n1,A,B\r\n2,"C,D\r\n3,E,F\r\n4,G,H\r\n');
    expect(rows.map((r) => [r.values["Patient ID"], r.refused?.code])).toEqual([["1", undefined], ["2", "unterminated-quote"]]);
    expect(info.problems).toEqual([expect.objectContaining({ code: "unterminated-quote", line: 3, lines: [3, 4, 5], severity: "error" })]);
    expect(info.problems[0].message).toMatch(/line 3 never closes, so lines 3-5 \(3 lines\)/);
    expect({ rows: info.rows, refusedRows: info.refusedRows }).toEqual({ rows: 4, refusedRows: 3 });
  });

  it("duplicate header names are made unique and reported", async () => {
    const { info, rows } = await readOne("patients.csv", "Patient ID,Email,Phone,Email,\r\n1,a@x.com,555,b@y.com,z\r\n");
    expect(info.headers).toEqual(["Patient ID", "Email", "Phone", "Email (2)", "Column 5"]);
    expect(rows[0].values["Email (2)"]).toBe("b@y.com");
    expect(info.problems.map((p) => p.code)).toEqual(["duplicate-header", "blank-header"]);
  });

  it("never puts cell values into problems", async () => {
    const { info } = await readOne("patients.csv", ['Patient ID,First Name,Last Name\r\n1,Secretname\r\n2,', latin1("Sécret"), ',X\r\n3,"Hidden,Y\r\n']);
    const text = JSON.stringify(info.problems);
    expect(info.problems.length).toBeGreaterThanOrEqual(3);
    expect(text).not.toMatch(/Secretname|cret|Hidden/);
  });

  it("lists attachments and other files without reading them, and says when there is nothing to read", async () => {
    const set = await readExports([memFile("attachments/note-1.pdf", "%PDF"), memFile("README.md", "# hi")]);
    expect(set.inventory.files).toEqual([]);
    expect(set.inventory.attachments).toEqual([{ name: "attachments/note-1.pdf", size: 4 }]);
    expect(set.inventory.other).toEqual([{ name: "README.md", size: 4 }]);
    expect(set.inventory.problems.map((p) => p.code)).toEqual(["no-exports", "attachments-without-notes"]);
  });

  it("cancels between chunks with an AbortError", async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readExports([memFile("patients.csv", PATIENTS)], { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("reports progress per file", async () => {
    const seen: string[] = [];
    await readExports([memFile("a.csv", PATIENTS), memFile("b.csv", PATIENTS)], { onProgress: (p) => seen.push(`${p.fileIndex}/${p.fileCount} ${p.file} ${p.bytesRead}/${p.bytesTotal}`) });
    const size = new Blob([PATIENTS]).size;
    expect(seen).toContain(`0/2 a.csv ${size}/${size}`);
    expect(seen).toContain(`1/2 b.csv ${size}/${size}`);
  });
});
