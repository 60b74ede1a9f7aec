import type { ValueType } from "../../../migration/model/types";
import { ColumnProfiler, isNpi, npiCheckDigit, parseDate, parseMoney, valueTests } from "../../../migration/source";
import { DistinctCounter } from "../../../migration/source/distinct-counter";

// Generous limits for a shared, busy machine: these read or write megabytes (no timing is asserted).
jest.setTimeout(120_000);

const profile = (values: string[]) => {
  const p = new ColumnProfiler("c");
  for (const v of values) p.add(v);
  return p.result();
};
const best = (values: string[]): ValueType | undefined => profile(values).types[0]?.type;

describe("value types", () => {
  it.each<[ValueType, string[], string]>([
    ["date", ["03/14/2023", "3/4/1980", "12/31/1999"], "MM/DD/YYYY"],
    ["datetime", ["03/14/2023 2:30 PM", "11/02/2021 10:05 AM"], "MM/DD/YYYY h:mm AM/PM"],
    ["time", ["2:30 PM", "10:05 AM", "12:00 PM"], "h:mm AM/PM"],
    ["email", ["a.b@gmail.com", "x+y@practice.example.com"], "email"],
    ["phone", ["(614) 555-0182", "(217) 555-0100"], "(NNN) NNN-NNNN"],
    ["cdt", ["D0120", "D2392", "D1110"], "DNNNN"],
    ["surface", ["MOD", "MODBL", "O", "DO"], "surface letters"],
    ["money", ["$1,234.50", "$65.00", "$0.00"], "$N,NNN.NN"],
    ["percent", ["80%", "100%", "50%"], "N%"],
    ["npi", ["1234567893", "1245319599"], "NPI (check digit valid)"],
    ["yn", ["Y", "N", "N", "Y"], "Y/N"],
    ["gender", ["M", "F", "U", "F", "M", "F"], "letter"],
    ["state", ["IL", "OH", "WI"], "two-letter"],
    ["idList", ["2;5", "1;3;4"], "; separated"],
    ["fileName", ["note-1-xray.jpg", "consent form.pdf"], "name.ext"],
    ["longText", ["S: pain\r\nO: none", "P: recall"], "long or multi-line"],
  ])("recognises %s", (type, values, detail) => {
    const p = profile(values);
    expect(p.types.map((t) => t.type)).toContain(type);
    expect(p.types.find((t) => t.type === type)?.detail).toBe(detail);
  });

  it("puts a specific type ahead of text when it fits nearly every value", () => {
    const dates = Array.from({ length: 99 }, (_, i) => `01/${String((i % 28) + 1).padStart(2, "0")}/2020`);
    expect(best([...dates, "02/30/2019"])).toBe("date");
    expect(profile([...dates, "02/30/2019"]).types.find((t) => t.type === "date")?.share).toBeCloseTo(0.99);
  });

  it("rejects impossible dates, bad emails, and NPIs with a wrong check digit", () => {
    expect(parseDate("02/30/2019")).toBeNull();
    expect(parseDate("02/29/2024")).toEqual({ key: 20240229, format: "MM/DD/YYYY" });
    expect(parseDate("02/29/2023")).toBeNull();
    expect(valueTests.email("jsmith@gmail")).toBe(false);
    expect(valueTests.email("bob smith@aol.com")).toBe(false);
    expect(isNpi("1234567893")).toBe(true);
    expect(isNpi("1234567890")).toBe(false);
    expect(npiCheckDigit("123456789")).toBe(3);
  });

  it("parses money as US exports write it", () => {
    expect(parseMoney("$1,234.50")).toBe(123450);
    expect(parseMoney("($12.00)")).toBe(-1200);
    expect(parseMoney("-$5.00")).toBe(-500);
    expect(parseMoney("1234.5")).toBeNull();
    expect(parseMoney("12,34.00")).toBeNull();
  });

  it("reports mixed formats in the detail", () => {
    const p = profile(["03/14/2023", "03/15/2023", "03/16/2023", "2023-03-17"]);
    expect(p.types[0]).toEqual({ type: "date", share: 1, detail: "MM/DD/YYYY (75%), mixed" });
  });

  it("profiles a day-first column as day-first dates, and counts every value's day/month evidence with its line", () => {
    const p = new ColumnProfiler("Birth Date");
    ["05/03/1980", "25/12/1979", "01/02/2001", "13/01/1990"].forEach((v, i) => p.add(v, i + 2));
    const r = p.result();
    expect(r.types[0]).toEqual({ type: "date", share: 1, detail: "DD/MM/YYYY" });
    expect([r.min, r.max]).toEqual(["25/12/1979", "01/02/2001"]);
    expect(r.dateOrder).toEqual({ dayFirst: 2, monthFirst: 0, either: 2, dayFirstLines: [3, 5], monthFirstLines: [], eitherLines: [2, 4] });
    expect(profile(["03/14/2023", "2023-03-17"]).dateOrder).toMatchObject({ dayFirst: 0, monthFirst: 1, either: 0 });
    expect(profile(["2023-03-17", "2023-03-18"]).dateOrder).toBeUndefined();
    expect(profile(["12/31/1999", "31/12/1999"]).dateOrder).toMatchObject({ dayFirst: 1, monthFirst: 1 });
  });

  it("calls a low-cardinality word column a status, and a name column not", () => {
    expect(profile(Array.from({ length: 40 }, (_, i) => ["Completed", "No-Show", "Cancelled"][i % 3])).types.map((t) => t.type)).toContain("status");
    expect(profile(["Ann", "Bo", "Cy", "Di"]).types.map((t) => t.type)).not.toContain("status");
  });
});

describe("column facts", () => {
  it("counts empties, distinct values, uniqueness, lengths, min and max by type", () => {
    const p = profile(["$5.00", "", "$1,200.00", "$30.00", "  ", "$5.00"]);
    expect(p).toMatchObject({ nonEmpty: 4, distinct: 3, unique: false, minLength: 5, maxLength: 9, min: "$5.00", max: "$1,200.00" });
    expect(p.nullRate).toBeCloseTo(2 / 6);
    expect(p.topValues[0]).toEqual({ value: "$5.00", count: 2 });
    expect(profile(["01/02/2020", "12/31/1999", "06/15/2010"])).toMatchObject({ min: "12/31/1999", max: "01/02/2020", unique: true });
  });

  it("keeps only a few examples", () => {
    expect(profile(Array.from({ length: 100 }, (_, i) => `v${i}`)).examples).toEqual(["v0", "v1", "v2", "v3", "v4"]);
  });

  it("estimates distinct values past the exact cap, within a few percent, and keeps uniqueness", () => {
    const p = profile(Array.from({ length: 200_000 }, (_, i) => String(100000 + i)));
    expect(p.distinctEstimated).toBe(true);
    expect(Math.abs(p.distinct - 200_000) / 200_000).toBeLessThan(0.05);
    expect(p.unique).toBe(true);
    expect(p.topValues).toHaveLength(50);
  });

  it("sees a repeat while counting exactly", () => {
    const c = new DistinctCounter(10);
    for (const v of ["a", "b", "a"]) c.add(v);
    expect(c.sawRepeat).toBe(true);
    expect(c.distinct).toBe(2);
    expect(c.estimated).toBe(false);
  });
});
