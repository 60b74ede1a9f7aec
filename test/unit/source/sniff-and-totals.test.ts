import { compareControlTotals, guessObject, sniff } from "../../../migration/source";
import type { ExportFileInfo, Inventory } from "../../../migration/source/types";
import { latin1 } from "./mem-file";

const bytes = (...parts: (number[] | string)[]): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("sniff", () => {
  it.each([
    ["UTF-8", bytes("a,b\r\né,1"), { kind: "text", encoding: "utf-8", mixed: false }],
    ["UTF-8 BOM", bytes([0xef, 0xbb, 0xbf], "a,b"), { kind: "text", encoding: "utf-8-bom", mixed: false }],
    ["UTF-16 LE BOM", bytes([0xff, 0xfe, 0x61, 0]), { kind: "text", encoding: "utf-16le", mixed: false }],
    ["Windows-1252", latin1("a,b\r\nPeña,1"), { kind: "text", encoding: "windows-1252", mixed: false, firstInvalid: 7 }],
    ["mixed", bytes("é,", [0xe9]), { kind: "text", encoding: "utf-8", mixed: true, firstInvalid: 3 }],
    ["xlsx", bytes([0x50, 0x4b, 0x03, 0x04, 1, 2]), { kind: "container", format: "a zip archive or an Excel workbook (.xlsx)" }],
    ["xls", bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), { kind: "container", format: "an Excel 97-2003 workbook (.xls)" }],
    ["binary", bytes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]), { kind: "binary", reason: "binary data (control bytes), not text" }],
  ])("%s", (_label, head, expected) => {
    expect(sniff(head, head.length)).toEqual(expected);
  });

  it("an empty file", () => expect(sniff(new Uint8Array(0), 0)).toEqual({ kind: "empty" }));
});

describe("object guess", () => {
  it("uses the file name and the headers", () => {
    expect(guessObject("patients.csv", ["Patient ID", "Last Name"]).object).toBe("patient");
    expect(guessObject("export_2024.csv", ["Appointment ID", "Patient ID", "Appointment Date", "Start Time", "Status"]).object).toBe("appointment");
    expect(guessObject("Patient_List.csv", ["Id", "Name"]).object).toBe("patient");
    expect(guessObject("misc.csv", ["A", "B"]).object).toBeNull();
    expect(guessObject("workflows.csv", ["Definition ID", "Name"]).object).toBe("definition");
  });
});

describe("control totals", () => {
  const file = (name: string, object: ExportFileInfo["object"], rows: number): ExportFileInfo => ({
    name, size: 1, encoding: "utf-8", delimiter: ",", headers: [], rows, object, profiles: [], problems: [], readable: true,
  });
  const inventory: Inventory = {
    files: [file("patients.csv", "patient", 50), file("appointments_2023.csv", "appointment", 100), file("appointments_2024.csv", "appointment", 85)],
    attachments: [],
    problems: [],
  };

  it("sums files per object and shows matches and gaps", () => {
    expect(compareControlTotals(inventory, { patient: 50, appointment: 190, procedure: 10 })).toEqual([
      { object: "patient", expected: 50, found: 50, matches: true },
      { object: "appointment", expected: 190, found: 185, matches: false },
      { object: "procedure", expected: 10, found: 0, matches: false },
    ]);
  });
});
