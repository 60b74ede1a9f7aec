import { accountRows, regardingOf } from "../../../migration/reconcile/accounting";
import type { ValidationIssue } from "../../../migration/plan/types";

async function* lines(...n: number[]) {
  for (const line of n) yield { line };
}

const issue = (line: number, code: string, severity: ValidationIssue["severity"]): ValidationIssue => ({ severity, code, file: "procedures.csv", line, reason: "" });

describe("accountRows", () => {
  it("counts a row planned, skipped with the error's code (else the warning's), or unaccounted", async () => {
    const account = await accountRows(lines(2, 3, 4, 5, 6), new Set([2, 6]), [
      issue(3, "too-long", "warning"), issue(3, "impossible-date", "error"),
      issue(4, "depends-on-errored-row", "warning"),
      issue(6, "mis-encoded", "warning"),
    ]);
    expect(account).toEqual({ rows: 5, planned: 2, skipped: 2, reasons: { "impossible-date": 1, "depends-on-errored-row": 1 }, unaccounted: [5] });
  });
});

describe("regardingOf", () => {
  it("reads the record a note regards when bound by key, nothing otherwise", () => {
    expect(regardingOf({ "objectid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:O''Neil')" })).toEqual({ table: "contact", sourceKey: "patient:O'Neil" });
    expect(regardingOf({ "objectid_contact@odata.bind": "/contacts(00000000-0000-0000-0000-000000000001)" })).toBeUndefined();
    expect(regardingOf({ subject: "x" })).toBeUndefined();
  });
});
