import { ReferrerIndex, parseReferrerName, REFERRING_PROVIDER_ROLE } from "../../../migration/objects/referring-provider";
import { mappedRow } from "../plan/fixtures";

const row = (patientId: string, referringName: string, referringPractice = "", extra: Record<string, string> = {}, line = Number(patientId)) =>
  mappedRow("patient", { patientId, lastName: "X", primaryLocationId: "1", referringName, referringPractice, ...extra }, line);

describe("referring-provider names", () => {
  it("parses the ways front desks type a dentist", () => {
    for (const raw of ["Dr. Jane Roe", "ROE, JANE DDS", "Jane Roe DDS", "Roe, Jane", "Jane Roe, DMD", "Dr Jane Q. Roe"]) {
      expect(parseReferrerName(raw)?.normalised).toBe("roe-jane");
    }
    expect(parseReferrerName("Dr J. Roe")?.normalised).toBe("roe-j");
    expect(parseReferrerName("ROE, JANE DDS")).toMatchObject({ first: "Jane", last: "Roe", credentials: ["DDS"] });
    expect(parseReferrerName("Dr.")).toBeNull();
  });
});

describe("referrer deduplication", () => {
  function index(rows: ReturnType<typeof row>[]) {
    const i = new ReferrerIndex();
    for (const r of rows) i.observe(r);
    i.finish();
    return i;
  }

  it("merges spellings of one dentist into one contact and lists the merge", () => {
    const rows = [
      row("1", "Dr. Jane Roe", "Roe Family Dentistry", { referringNpi: "1234567893", referringPhone: "555-201-9000" }),
      row("2", "ROE, JANE DDS", "ROE FAMILY DENTISTRY"),
      row("3", "Jane Roe DDS", ""),
      row("4", "Dr J. Roe", "Roe Family Dentistry"),
      row("5", "Dr. Jane Roe", "Roe Family Dentistry"),
    ];
    const i = index(rows);
    expect(rows.map((r) => i.keyOf(r))).toEqual(Array(5).fill("referrer:roe-jane"));
    const records = i.records();
    expect(records).toHaveLength(1);
    expect(records[0].payload).toMatchObject({
      firstname: "Jane", lastname: "Roe", dxm_credentials: "DDS", dxm_npi: "1234567893", telephone1: "(555) 201-9000",
      dxm_providerrole: REFERRING_PROVIDER_ROLE, dxm_sourcekey: "referrer:roe-jane",
    });
    expect(records[0].line).toBe(1);
    expect(i.merges()).toEqual([{ mergedKey: "referrer:roe-jane", variants: 4, sourceKeys: ["patient:1", "patient:2", "patient:3", "patient:4"] }]);
  });

  it("keeps namesakes at different practices apart, and an ambiguous initial on its own", () => {
    const rows = [
      row("1", "Dr. Jane Roe", "Roe Family Dentistry"),
      row("2", "Jane Roe DDS", "Smile Center of Dayton"),
      row("3", "Dr. John Roe", "Roe Family Dentistry"),
      row("4", "Dr J. Roe", ""),
    ];
    const i = index(rows);
    expect(rows.map((r) => i.keyOf(r))).toEqual([
      "referrer:roe-jane:roe-family-dentistry", "referrer:roe-jane:smile-center-of-dayton", "referrer:roe-john", "referrer:roe-j",
    ]);
    expect(i.merges()).toEqual([]);
  });

  it("lets a matching NPI decide who an initial is", () => {
    const rows = [
      row("1", "Dr. Jane Roe", "A Dental", { referringNpi: "1111111111" }),
      row("2", "Dr. John Roe", "B Dental", { referringNpi: "2222222222" }),
      row("3", "Dr J. Roe", "", { referringNpi: "2222222222" }),
    ];
    const i = index(rows);
    expect(i.keyOf(rows[2])).toBe("referrer:roe-john");
  });

  it("writes the name and practice as people spell them, not as an all-caps row does", () => {
    expect(parseReferrerName("MCALLISTER, LISA DDS")).toMatchObject({ first: "Lisa", last: "Mcallister" });
    expect(parseReferrerName("Dr. Lisa McAllister")).toMatchObject({ first: "Lisa", last: "McAllister" });
    expect(parseReferrerName("o'brien, amy")).toMatchObject({ first: "Amy", last: "O'Brien" });
    const i = index([
      row("1", "MCALLISTER, LISA DDS", "MCALLISTER DENTAL ASSOCIATES", { referringNpi: "1234567893" }),
      row("2", "Lisa McAllister, DDS", "McAllister Dental Associates", { referringNpi: "1234567893" }),
    ]);
    const [contact] = i.records();
    expect(i.records()).toHaveLength(1);
    expect(contact.payload).toMatchObject({ firstname: "Lisa", lastname: "McAllister", description: "Referring dentist, McAllister Dental Associates" });
  });

  it("keeps keys within dxm_sourcekey's 100 characters", () => {
    const long = "Bartholomew-Featherstonehaugh-Montgomery-Worthington";
    const rows = [row("1", `Dr. Maximiliana ${long}`, "The Extraordinarily Comprehensive Family Dental Practice"), row("2", `Dr. Maximiliana ${long}`, "Another Very Long Named Cosmetic Dentistry Group")];
    const i = index(rows);
    for (const r of i.records()) expect(r.sourceKey.length).toBeLessThanOrEqual(100);
    expect(new Set(rows.map((r) => i.keyOf(r))).size).toBe(2);
  });
});
