import { objectSpec } from "../../../migration/model/objects";
import { checkCell, isFormulaLike, isMisEncoded } from "../../../migration/validate/cell-checks";
import { checkPayload } from "../../../migration/validate/payload-checks";
import { planPatient } from "../../../migration/objects/patient";
import { planCommunication } from "../../../migration/objects/communication";
import { mappedRow, objectContext, tableMetadata } from "../plan/fixtures";
import type { PlannedRecord } from "../../../migration/plan/types";

const field = (object: Parameters<typeof objectSpec>[0], id: string) => objectSpec(object).fields.find((f) => f.id === id)!;
const codes = (problems: { code: string }[]) => problems.map((p) => p.code);

describe("cell checks (the generator's --dirty defects)", () => {
  it("finds impossible dates", () => {
    expect(codes(checkCell(field("patient", "birthDate"), "02/30/2019", "MDY"))).toEqual(["impossible-date"]);
    expect(codes(checkCell(field("clinicalNote", "noteDate"), "13/05/2020 9:00 AM", "MDY"))).toEqual(["impossible-date"]);
    expect(checkCell(field("patient", "birthDate"), "02/28/2019", "MDY")).toEqual([]);
    // Day first, a day above 12 is a date and a second field above 12 is not (never read month first instead).
    expect(checkCell(field("patient", "birthDate"), "28/02/2019", "DMY")).toEqual([]);
    expect(checkCell(field("patient", "birthDate"), "02/28/2019", "DMY")).toEqual([expect.objectContaining({ code: "impossible-date", reason: expect.stringContaining("DD/MM/YYYY") })]);
  });

  it("finds invalid emails", () => {
    expect(codes(checkCell(field("patient", "email"), "mary.jones@@yahoo.com", "MDY"))).toEqual(["invalid-email"]);
  });

  it("finds mis-encoded characters and mojibake, as warnings", () => {
    expect(isMisEncoded("Jos\uFFFD")).toBe(true);
    expect(isMisEncoded(Buffer.from("Renée", "utf8").toString("latin1"))).toBe(true);
    expect(isMisEncoded(Buffer.from("Bjørn", "utf8").toString("latin1"))).toBe(true);
    expect(isMisEncoded("José Peña")).toBe(false);
    const p = checkCell(field("patient", "firstName"), "ZoÃ«", "MDY");
    expect(p).toEqual([expect.objectContaining({ severity: "warning", code: "mis-encoded" })]);
  });

  it("flags formula-looking text as a warning, not phones or amounts", () => {
    const formula = `=HYPERLINK("http://example.invalid/chart?id=1","Open chart")`;
    expect(isFormulaLike(formula)).toBe(true);
    expect(checkCell(field("procedure", "description"), formula, "MDY")).toEqual([expect.objectContaining({ severity: "warning", code: "formula-like" })]);
    expect(checkCell(field("patient", "cellPhone"), "+1 555 201 3344", "MDY")).toEqual([]);
    expect(checkCell(field("communication", "address"), "+1 614 384 2197", "MDY")).toEqual([]);
    expect(isFormulaLike("+SUM(A1:A9)")).toBe(true);
    expect(isFormulaLike("@cmd")).toBe(true);
    expect(checkCell(field("procedure", "fee"), "-$12.00", "MDY")).toEqual([]);
  });

  it("flags over-long single-line text and required blanks", () => {
    expect(codes(checkCell(field("patient", "address1"), "x".repeat(5000), "MDY"))).toEqual(["too-long"]);
    expect(codes(checkCell(field("patient", "lastName"), "", "MDY"))).toEqual(["required"]);
  });

  it("never puts the cell value in the reason", () => {
    for (const [f, v] of [[field("patient", "email"), "secret.person@@mail.com"], [field("patient", "birthDate"), "02/30/1961"], [field("patient", "firstName"), "=Secretname"]] as const) {
      for (const p of checkCell(f, v, "MDY")) expect(p.reason).not.toContain(v);
    }
  });
});

describe("payload checks against the org's metadata", () => {
  const patient = { patientId: "1", lastName: "Lopez", primaryLocationId: "3" };
  const check = (record: PlannedRecord, columnsToCreate = new Set<string>(), reported = new Set<string>()) =>
    checkPayload(record, { metadata: tableMetadata(record.table), columnsToCreate, reported, headerOf: (c) => (c === "address1_line1" ? "Address 1" : undefined) });

  it("passes a clean patient", () => {
    expect(check(planPatient(mappedRow("patient", patient), objectContext()))).toEqual([]);
  });

  it("passes an email's deep-inserted parties (not a column of email)", () => {
    const email = planCommunication(mappedRow("communication", {
      commId: "5", patientId: "1", staffId: "7", type: "Email", direction: "Outbound", start: "03/01/2022 9:00 AM", subject: "Reminder", address: "a@example.org",
    }), objectContext())!;
    expect(email.payload.email_activity_parties).toHaveLength(2);
    expect(check(email)).toEqual([]);
  });

  it("catches text longer than the column's MaxLength, naming the source column and line", () => {
    const r = planPatient(mappedRow("patient", { ...patient, address1: "x".repeat(300) }, 17), objectContext());
    expect(check(r)).toEqual([expect.objectContaining({ severity: "error", code: "too-long", file: "patients.csv", line: 17, column: "Address 1", sourceKey: "patient:1" })]);
  });

  it("catches option values missing from the set and wrong types", () => {
    const r = planPatient(mappedRow("patient", patient), objectContext());
    expect(codes(check({ ...r, payload: { ...r.payload, gendercode: 3 } }))).toEqual(["option-not-in-set"]);
    expect(codes(check({ ...r, payload: { ...r.payload, dxm_recallinterval: "six" } }))).toEqual(["type-mismatch"]);
    expect(codes(check({ ...r, payload: { ...r.payload, birthdate: "1984-03-09T00:00:00Z" } }))).toEqual(["type-mismatch"]);
  });

  it("catches an empty required column", () => {
    const r = planPatient(mappedRow("patient", { patientId: "1", primaryLocationId: "3" }), objectContext());
    expect(check(r)).toEqual([expect.objectContaining({ code: "required-column-empty", column: "lastname" })]);
  });

  it("reports a missing column once, and a custom column to create not at all", () => {
    const r = planPatient(mappedRow("patient", patient), objectContext());
    const reported = new Set<string>();
    const withColumn = { ...r, payload: { ...r.payload, dxm_preferredpharmacy: "Walgreens", dxm_nosuchcolumn: "x" } };
    const first = check(withColumn, new Set(["contact.dxm_preferredpharmacy"]), reported);
    expect(first).toEqual([expect.objectContaining({ code: "column-missing", severity: "error" })]);
    expect(first[0].line).toBeUndefined();
    expect(first[0].reason).toContain("contact.dxm_nosuchcolumn");
    expect(check(withColumn, new Set(["contact.dxm_preferredpharmacy"]), reported)).toEqual([]);
  });
});
