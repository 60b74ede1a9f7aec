import { proposeMapping } from "../../../migration/mapping";
import { indexedObject } from "../../../migration/mapping/fields";
import { headerMatch } from "../../../migration/mapping/signals/header";
import { fileNameMatch } from "../../../migration/mapping/signals/file-name";
import { typeFit, typeShares } from "../../../migration/mapping/signals/profile";
import { headerTokens } from "../../../migration/mapping/tokens";
import { fileOf, inventory, profileOf, series } from "../../fixtures/mapping/files";
import { makeNpi, seeded } from "../../fixtures/mapping/values";

const field = (kind: Parameters<typeof indexedObject>[0], id: string) => {
  const object = indexedObject(kind);
  const f = object.fields.find((x) => x.spec.id === id);
  if (!f) throw new Error(id);
  return { object, f };
};
const prepared = (header: string) => ({ header, tokens: headerTokens(header) });
const dates = series(200, (i) => `0${(i % 9) + 1}/1${i % 9}/19${50 + (i % 40)}`);

describe("header signal", () => {
  it("reads abbreviations through the dictionary ('Pt DOB' is the birth date)", () => {
    const { object, f } = field("patient", "birthDate");
    expect(headerMatch(prepared("Pt DOB"), f, object.contextWords).score).toBeGreaterThan(0.95);
    expect(headerMatch(prepared("Pt DOB"), field("patient", "lastName").f, object.contextWords).score).toBeLessThan(0.3);
  });

  it("says in the evidence how the header reads and how the values parse", () => {
    const file = fileOf("patients.csv", { "Pt DOB": dates, "Patient ID": series(200, (i) => String(i + 1)) });
    const col = proposeMapping(inventory(file)).files[0].columns[0];
    expect(col.target).toBe("contact.birthdate");
    expect(col.evidence).toBe("header 'Pt DOB' (patient birth date) reads as Birth Date (match 0.97); 100% of 200 values parse as dates");
  });

  it("ignores the words that only name the file's own object ('Appointment Status' in an appointments file)", () => {
    const { object, f } = field("appointment", "status");
    expect(headerMatch(prepared("Appointment Status"), f, object.contextWords).score).toBeGreaterThan(0.9);
  });

  it("tolerates a misspelt header through Jaro-Winkler", () => {
    const { object, f } = field("patient", "firstName");
    const match = headerMatch(prepared("Frist Name"), f, object.contextWords);
    expect(match.score).toBeGreaterThan(0.9);
    expect(headerMatch(prepared("Furst Nome"), f, object.contextWords).score).toBeLessThan(match.score);
  });
});

describe("value-profile signal", () => {
  it("fits a date column to a date field and not to a name field", () => {
    const profile = profileOf("x", dates);
    expect(typeFit("date", profile).score).toBeGreaterThan(0.95);
    expect(typeFit("text", profile).score).toBeLessThan(0.4);
  });

  it("recognises NPIs by their check digit", () => {
    const r = seeded(7);
    const good = profileOf("x", series(50, () => makeNpi(r)));
    const bad = profileOf("x", series(50, (i) => `1${String(234567800 + i * 7)}`).map((v) => (/^\d{10}$/.test(v) ? v : "1234567890")));
    expect(typeFit("npi", good).score).toBe(1);
    expect(typeFit("npi", bad).score).toBeLessThan(0.5);
  });

  it("falls back to the top values when a profile carries no type shares", () => {
    const shares = typeShares([{ value: "D0120", count: 30 }, { value: "D1110", count: 10 }]);
    expect(shares[0]).toEqual({ type: "cdt", share: 1 });
    const profile = { ...profileOf("x", ["D0120", "D1110"]), types: [] };
    expect(typeFit("cdt", profile).score).toBe(1);
  });

  it("names a field by its values alone when the header says nothing and the type is the object's only one", () => {
    const codes = series(100, (i) => ["D0120", "D1110", "D2392"][i % 3]);
    const file = fileOf("procedures.csv", {
      "Procedure ID": series(100, (i) => String(700000 + i)),
      "Patient ID": series(100, (i) => String(10000 + (i % 30))),
      "Date Performed": dates.slice(0, 100),
      "Col 7": codes,
    });
    const col = proposeMapping(inventory(file)).files[0].columns.find((c) => c.source === "Col 7");
    expect(col?.field).toBe("code");
    expect(col?.evidence).toMatch(/values alone identify it/);
    expect(col?.evidence).toMatch(/100% of 100 values parse as CDT codes/);
  });
});

describe("uniqueness signal", () => {
  it("refuses a column with repeated values as the key and says why", () => {
    const file = fileOf("appointments.csv", {
      "Appointment ID": series(60, (i) => String(500 + (i % 20))),
      "Patient ID": series(60, (i) => String(10000 + (i % 7))),
      "Appointment Date": dates.slice(0, 60),
      Status: series(60, (i) => ["Completed", "Scheduled"][i % 2]),
    });
    const col = proposeMapping(inventory(file)).files[0].columns.find((c) => c.source === "Appointment ID");
    expect(col?.field).toBeNull();
    expect(col?.evidence).toMatch(/fits no Appointments field/);
  });

  it("keeps a key with a few duplicate rows and says they will be reported", () => {
    const file = fileOf("appointments.csv", {
      "Appointment ID": series(60, (i) => String(500 + Math.min(i, 57))),
      "Patient ID": series(60, (i) => String(10000 + (i % 7))),
    });
    const col = proposeMapping(inventory(file)).files[0].columns[0];
    expect(col.field).toBe("appointmentId");
    expect(col.evidence).toMatch(/2 of 60 values repeat: duplicate rows will be reported/);
  });

  it("does not print a negative count when the distinct count is an estimate", () => {
    const file = fileOf("appointments.csv", { "Appointment ID": series(60, (i) => String(500 + i)), "Patient ID": series(60, (i) => String(10000 + (i % 7))) });
    file.profiles[0] = { ...file.profiles[0], unique: false, distinct: 63, distinctEstimated: true };
    const col = proposeMapping(inventory(file)).files[0].columns[0];
    expect(col.field).toBe("appointmentId");
    expect(col.evidence).toContain("some values repeat: duplicate rows will be reported");
  });

  it("credits a unique id column as the key", () => {
    const file = fileOf("appointments.csv", {
      "Appt #": series(60, (i) => String(500 + i)),
      "Patient ID": series(60, (i) => String(10000 + (i % 7))),
    });
    const col = proposeMapping(inventory(file)).files[0].columns[0];
    expect(col.field).toBe("appointmentId");
    expect(col.evidence).toMatch(/all 60 values are unique/);
  });
});

describe("file-name signal", () => {
  it("reads abbreviated file names", () => {
    expect(fileNameMatch("appts_2024.csv", indexedObject("appointment")).score).toBeGreaterThan(0.8);
    expect(fileNameMatch("PT_MASTER.csv", indexedObject("patient")).score).toBeGreaterThan(0.8);
    expect(fileNameMatch("patients.csv", indexedObject("patient")).score).toBe(1);
    expect(fileNameMatch("export_07.csv", indexedObject("patient")).score).toBe(0);
  });

  it("decides between objects whose headers look alike", () => {
    const columns = { ID: series(40, (i) => String(i + 1)), "Patient ID": series(40, (i) => String(10000 + i)), Subject: series(40, () => "Recall reminder") };
    const asTasks = proposeMapping(inventory(fileOf("recalls.csv", columns))).files[0];
    const asLog = proposeMapping(inventory(fileOf("comm_log.csv", columns))).files[0];
    expect(asTasks.object).toBe("task");
    expect(asLog.object).toBe("communication");
  });
});

describe("headers that name another fact than the field", () => {
  const locations = (dateHeader: string) =>
    fileOf("locations.csv", {
      "Location ID": series(6, (i) => String(i + 1)),
      "Location Name": series(6, (i) => `Office ${i + 1}`),
      City: series(6, () => "Springfield"),
      [dateHeader]: series(6, (i) => `0${i + 1}/15/20${10 + i}`),
    });

  it("never reads a location's opening or founding date as the date its record was created, nor at high confidence as anything else", () => {
    // "Since" reads as created (a patient since 2009 was created then): beside an opening word it dates the location.
    for (const header of ["Opening Date", "Year Founded", "Established", "Open Since", "Established Since", "Location Open Since"]) {
      const col = proposeMapping(inventory(locations(header))).files[0].columns[3];
      expect({ header, field: col.field }).toEqual({ header, field: null });
      expect(col.confidence).toBeLessThan(0.8);
    }
  });

  it("still reads the created date of a location from its own words", () => {
    for (const header of ["Created Date", "Date Added", "Created"]) {
      expect({ header, field: proposeMapping(inventory(locations(header))).files[0].columns[3].field }).toEqual({ header, field: "createdDate" });
    }
  });
});
