import { missingRequiredFiles } from "../../../migration/plan";
import type { ConfirmedMap } from "../../../migration/mapping/types";
import type { ExportFileInfo, Inventory } from "../../../migration/source/types";

const file = (name: string, over: Partial<ExportFileInfo>): ExportFileInfo => ({
  name, size: 10, encoding: "utf-8", delimiter: ",", headers: [], rows: 5, object: null, profiles: [], problems: [], readable: true, ...over,
} as ExportFileInfo);
const inventory = (files: ExportFileInfo[]): Inventory => ({ files, attachments: [], problems: [] });
const map = (files: { file: string; object: string }[]): ConfirmedMap => ({ version: 1, confirmedAt: "", confirmedBy: "t", timeZone: "UTC", files: files.map((f) => ({ ...f, columns: [] })) } as unknown as ConfirmedMap);

describe("missingRequiredFiles", () => {
  it("is empty when the map's patients file has rows", () => {
    expect(missingRequiredFiles(inventory([file("patients.csv", { object: "patient" })]), map([{ file: "patients.csv", object: "patient" }]))).toEqual([]);
  });
  it("names an empty, unreadable or header-only patients file with the reader's reason", () => {
    const empty = file("patients.csv", { rows: 0, readable: false, problems: [{ file: "patients.csv", severity: "error", code: "empty-file", message: "The file is empty." }] });
    expect(missingRequiredFiles(inventory([empty, file("appointments.csv", { object: "appointment" })]), map([{ file: "appointments.csv", object: "appointment" }])))
      .toEqual([{ file: "patients.csv", reason: "The file is empty." }]);
    const headerOnly = file("PATIENTS.CSV", { rows: 0, object: "patient", problems: [{ file: "PATIENTS.CSV", severity: "warning", code: "header-only", line: 1, message: "no rows" }] });
    expect(missingRequiredFiles(inventory([headerOnly]), map([{ file: "PATIENTS.CSV", object: "patient" }]))).toEqual([{ file: "PATIENTS.CSV", reason: "no rows" }]);
  });
  it("says so when the set has no patients file at all", () => {
    expect(missingRequiredFiles(inventory([file("appointments.csv", {})]), map([{ file: "appointments.csv", object: "appointment" }]))[0].reason).toMatch(/No file of patients/);
  });
});
