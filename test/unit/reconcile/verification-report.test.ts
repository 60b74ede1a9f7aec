/**
 * The verification report as CSV: the summary per table, then each difference with the values compared,
 * formula-safe; the reconciliation CSV carries the same when it ran full verification.
 */
import Papa from "papaparse";
import { reconcileToCsv, verificationToCsv } from "../../../migration/reconcile/report";
import type { ReconcileReport, VerificationReport } from "../../../migration/reconcile/types";

const verification: VerificationReport = {
  runId: "run-1", generatedOn: "2026-01-01T00:00:00Z", records: 10, seconds: 0.5, differenceCount: 3, ok: false,
  tables: [{ table: "contact", records: 10, fields: 120, differences: 1, missing: 1, extra: 1, failed: 0 }],
  differences: [
    { table: "contact", sourceKey: "patient:7", id: "id-7", column: "lastname", kind: "different", expected: "=Roe", found: "Doe" },
    { table: "contact", sourceKey: "patient:8", column: "*", kind: "missing" },
    { table: "contact", sourceKey: "patient:99", id: "id-99", column: "*", kind: "extra" },
  ],
};

const parse = (csv: string) => Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true }).data;

describe("verification CSV", () => {
  it("lists the summary per table and each difference with expected and found, a formula escaped", () => {
    const lines = parse(verificationToCsv(verification));
    expect(lines.find((l) => l.section === "table")).toMatchObject({ table: "contact", records: "10", fields: "120", differences: "1", missing: "1", extra: "1", failed: "0" });
    expect(lines.filter((l) => l.section === "difference").map((l) => [l["source key"], l.column, l.kind, l.expected, l.found])).toEqual([
      ["patient:7", "lastname", "different", "'=Roe", "Doe"],
      ["patient:8", "*", "missing", "", ""],
      ["patient:99", "*", "extra", "", ""],
    ]);
  });

  it("the reconciliation CSV carries the verification instead of the sample when it ran it", () => {
    const report: ReconcileReport = {
      runId: "run-1", generatedOn: "2026-01-01T00:00:00Z", objects: [], tables: [], money: [],
      sample: { records: 0, fieldsCompared: 0, mismatches: [] }, verification, ok: false,
    };
    const lines = parse(reconcileToCsv(report));
    expect(lines.filter((l) => l.section === "verification").map((l) => [l.subject, l.measure, l.actual])).toEqual([
      ["contact", "records / fields compared", "120"],
      ["contact", "differences / missing / extra", "1/1/1"],
    ]);
    expect(lines.filter((l) => l.section === "verified field")[0]).toMatchObject({ subject: "contact patient:7", measure: "lastname (different)", expected: "'=Roe", actual: "Doe" });
    expect(lines.find((l) => l.section === "summary")).toMatchObject({ measure: "verified 10 records", actual: "3", matches: "false" });
  });
});
