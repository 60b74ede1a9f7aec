import { proposeMapping, targetsFor } from "../../../migration/mapping";
import { objectSpecs } from "../../../migration/model/objects";
import { inventoryOf, labelledSet } from "../../fixtures/mapping/build";
import { headerVariants } from "../../fixtures/mapping/header-variants";
import { fileOf, inventory, series } from "../../fixtures/mapping/files";

const patients = (extra: Record<string, string[]> = {}) =>
  fileOf("patients.csv", {
    "Patient ID": series(50, (i) => String(10001 + i)),
    "Last Name": series(50, (i) => ["Smith", "Jones", "Nguyen", "Okafor", "Brown"][i % 5]),
    "Primary Location ID": series(50, (i) => String((i % 3) + 1)),
    ...extra,
  });

describe("proposeMapping over the labelled header variants", () => {
  const proposal = proposeMapping(inventoryOf(labelledSet()));

  it("has layouts for every object", () => {
    expect(new Set(headerVariants.map((v) => v.object))).toEqual(new Set(objectSpecs.map((s) => s.kind)));
  });

  it("names every file's object and at least 95% of columns' fields", () => {
    let right = 0;
    let total = 0;
    for (const variant of headerVariants) {
      const file = proposal.files.find((f) => f.file === variant.file);
      expect([variant.file, file?.object]).toEqual([variant.file, variant.object]);
      for (const column of variant.columns.filter((c) => c.field)) {
        total++;
        if (file?.columns.find((c) => c.source === column.header)?.field === column.field) right++;
      }
    }
    expect(right / total).toBeGreaterThanOrEqual(0.95);
  });

  it("gives every column a target in the documented notation, a confidence in [0, 1] and evidence", () => {
    const notation = /^([a-z_]+\.[a-z0-9_]+|lookup:[a-z_]+|custom:[a-z_]+\.dxm_[a-z0-9_]+)$/;
    for (const file of proposal.files) {
      for (const c of file.columns) {
        if (c.target !== null) expect(c.target).toMatch(notation);
        expect(c.confidence).toBeGreaterThanOrEqual(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
        expect(c.evidence.length).toBeGreaterThan(10);
        if (c.field) expect(targetsFor(file.object ?? "patient").some((t) => t.field === c.field && t.target === c.target)).toBe(true);
      }
    }
  });

  it("quotes no patient values in evidence", () => {
    const text = JSON.stringify(proposal.files.map((f) => f.columns.map((c) => c.evidence)));
    for (const name of ["Smith", "Johnson", "Peachtree", "@example.com", "Roe Family"]) expect(text).not.toContain(name);
  });
});

describe("custom columns and do-not-migrate", () => {
  it("proposes a new column on contact for a patient column that fits nothing, typed and sized from its values", () => {
    const file = patients({
      "Favorite Color": series(50, (i) => ["Blue", "Green", "Red"][i % 3]),
      "Last Visit": series(50, (i) => `03/${String((i % 28) + 1).padStart(2, "0")}/2023`),
      "Balance Due": series(50, (i) => `${i}.50`),
      "Opt In": series(50, (i) => (i % 2 ? "Y" : "N")),
      "Always Empty": series(50, () => ""),
    });
    const cols = proposeMapping(inventory(file)).files[0].columns;
    const col = (name: string) => cols.find((c) => c.source === name);
    expect(col("Favorite Color")).toMatchObject({ field: null, target: "custom:contact.dxm_favorite_color", custom: { table: "contact", logicalName: "dxm_favorite_color", displayName: "Favorite Color", type: "string", maxLength: 10 } });
    expect(col("Last Visit")?.custom?.type).toBe("datetime");
    expect(col("Balance Due")?.custom?.type).toBe("money");
    expect(col("Opt In")?.custom?.type).toBe("boolean");
    expect(col("Always Empty")).toMatchObject({ field: null, target: null });
    expect(col("Always Empty")?.evidence).toMatch(/no values: nothing to migrate/);
    expect(col("Favorite Color")?.evidence).toMatch(/fits no Patients field .*proposed as a new string column dxm_favorite_color of up to 10 characters on contact/);
  });

  it("gives a name clear of the table's columns (dxm_npi exists on contact)", () => {
    const file = patients({ "Custom: NPI": series(50, (i) => `X${i}`) });
    expect(proposeMapping(inventory(file)).files[0].columns[3].target).toBe("custom:contact.dxm_npi_2");
  });

  it("leaves a column that fits nothing unmigrated for objects that take no custom columns", () => {
    const file = fileOf("procedures.csv", {
      "Procedure ID": series(40, (i) => String(i + 1)),
      "Patient ID": series(40, (i) => String(100 + (i % 5))),
      "CDT Code": series(40, () => "D0120"),
      "Date Performed": series(40, () => "2024-01-02"),
      "Operatory Color": series(40, (i) => ["Blue", "Red"][i % 2]),
    });
    const col = proposeMapping(inventory(file)).files[0].columns[4];
    expect(col).toMatchObject({ field: null, target: null });
    expect(col.evidence).toMatch(/Procedures take no custom columns: not migrated/);
  });
});

describe("required fields and conflicts", () => {
  it("warns about required fields no column maps to", () => {
    const file = fileOf("patients.csv", { "Patient ID": series(20, (i) => String(i + 1)), "First Name": series(20, () => "Ann") });
    const { warnings } = proposeMapping(inventory(file));
    expect(warnings).toContain("patients.csv: required field Last Name (contact.lastname) has no column");
    expect(warnings).toContain("patients.csv: required field Primary Location ID (lookup:account) has no column");
  });

  it("maps one column per field and flags the close loser as a conflict", () => {
    const file = patients({ Surname: series(50, (i) => ["Smith", "Jones"][i % 2]) });
    const proposal = proposeMapping(inventory(file));
    const cols = proposal.files[0].columns;
    expect(cols.filter((c) => c.field === "lastName")).toHaveLength(1);
    const loser = cols.find((c) => c.source === "Surname");
    expect(loser?.field).toBeNull();
    expect(loser?.flags?.[0]).toMatch(/^conflict: also reads as Last Name .* which 'Last Name' took$/);
    expect(proposal.warnings.some((w) => w.startsWith("patients.csv: 'Surname' conflict"))).toBe(true);
  });

  it("says so when a file is unreadable or fits no object", () => {
    const unreadable = { ...fileOf("scan.csv", {}), readable: false };
    const odd = fileOf("misc.csv", { Alpha: series(10, () => "x"), Beta: series(10, () => "y") });
    const [a, b] = proposeMapping(inventory(unreadable, odd)).files;
    expect(a).toMatchObject({ object: null, confidence: 0, columns: [] });
    expect(b.object).toBeNull();
    expect(b.columns.every((c) => c.target === null)).toBe(true);
  });
});

describe("targetsFor", () => {
  it("lists every field of the object with its target, then do-not-migrate", () => {
    const list = targetsFor("appointment");
    expect(list[0]).toMatchObject({ field: "appointmentId", target: null, required: true });
    expect(list.find((t) => t.field === "status")).toMatchObject({ target: "dxm_appointment.dxm_status", label: "Status", required: true });
    expect(list.at(-1)).toMatchObject({ field: null, target: null, label: "Do not migrate" });
    expect(list).toHaveLength(11);
  });
});

describe("evidence that does not depend on the header, and calibrated confidence", () => {
  const appointments = (extra: Record<string, string[]>) =>
    fileOf("appointments.csv", {
      "Appointment ID": series(40, (i) => String(500001 + i)),
      "Patient ID": series(40, (i) => String(10001 + (i % 7))),
      "Appointment Date": series(40, (i) => `2024-02-${String(1 + (i % 28)).padStart(2, "0")}`),
      ...extra,
    });

  it("reads a column of the object's status words as its status whatever the header, below the sure mark", () => {
    const file = appointments({ "Visit Tag": series(40, (i) => ["Completed", "Scheduled", "No-Show", "Cancelled"][i % 4]) });
    const col = proposeMapping(inventory(file)).files[0].columns[3];
    expect(col.field).toBe("status");
    expect(col.evidence).toMatch(/100% of its values are Appointments status words/);
    expect(col.confidence).toBeLessThan(0.8);
  });

  it("does not read a column as a dated field when its values are not dates (POSTED_BY is a person)", () => {
    const file = appointments({ "Posted By": series(40, (i) => ["Front desk", "Hygiene team", "Billing"][i % 3]) });
    const col = proposeMapping(inventory(file)).files[0].columns[3];
    expect(col.field).toBeNull();
  });

  it("proposes do-not-migrate of a column that fits nothing at low confidence, and of an empty column at high", () => {
    const file = appointments({ Heading: series(40, (i) => ["North wing", "South wing"][i % 2]), Spare: series(40, () => "") });
    const [heading, spare] = proposeMapping(inventory(file)).files[0].columns.slice(3);
    expect(heading).toMatchObject({ target: null });
    expect(heading.confidence).toBeLessThan(0.8);
    expect(spare).toMatchObject({ target: null, confidence: 0.95 });
  });

  it("holds a key whose values are not ids below the sure mark and says why", () => {
    const file = fileOf("claims.csv", {
      ClaimIdentifier: series(40, (i) => `CLM-2024-${String(i).padStart(5, "0")}`),
      "Patient ID": series(40, (i) => String(10001 + (i % 7))),
      "Service Date": series(40, () => "2024-01-02"),
      "Total Fee": series(40, () => "120.00"),
    });
    const col = proposeMapping(inventory(file)).files[0].columns[0];
    expect(col.confidence).toBeLessThan(0.8);
    expect(col.evidence).toMatch(/confidence held below 0.8/);
  });
});
