import { findRelationships, proposeMapping, relationshipsFromValues } from "../../../migration/mapping";
import { fileOf, inventory, rowsOf, series } from "../../fixtures/mapping/files";

const set = (...values: string[]) => new Set(values);

describe("relationships by value containment", () => {
  it("finds that every appointment's patient id is a patient's id, and not the other way round", () => {
    const rels = relationshipsFromValues([
      { file: "patients.csv", column: "ID", values: set("1", "2", "3", "4", "5"), unique: true },
      { file: "appointments.csv", column: "Pt", values: set("1", "3", "5"), unique: false },
    ]);
    expect(rels).toHaveLength(1);
    expect(rels[0]).toMatchObject({ from: { file: "appointments.csv", column: "Pt" }, to: { file: "patients.csv", column: "ID" }, containment: 1 });
    expect(rels[0].evidence).toBe("100% of 3 distinct values of appointments.csv 'Pt' appear in patients.csv 'ID'");
  });

  it("needs enough containment, ids, distinct values and a unique target", () => {
    const patients = { file: "patients.csv", column: "ID", values: set("1", "2", "3", "4", "5"), unique: true };
    expect(relationshipsFromValues([patients, { file: "a.csv", column: "Pt", values: set("1", "2", "9"), unique: false }])).toEqual([]);
    expect(relationshipsFromValues([patients, { file: "a.csv", column: "Pt", values: set("1", "2"), unique: false }])).toEqual([]);
    expect(relationshipsFromValues([{ ...patients, unique: false }, { file: "a.csv", column: "Pt", values: set("1", "2", "3"), unique: false }])).toEqual([]);
    const names = { file: "a.csv", column: "Name", values: set("Ann", "Bo", "Cy"), unique: false };
    expect(relationshipsFromValues([{ ...patients, values: set("Ann", "Bo", "Cy", "Di") }, names])).toEqual([]);
  });

  it("splits id lists (12;15) and ranks the tightest key first", () => {
    const rels = relationshipsFromValues([
      { file: "practices.csv", column: "Loc", values: set("1", "2", "3"), unique: true },
      { file: "procedures.csv", column: "Proc", values: set(...series(50, (i) => String(i + 1))), unique: true },
      { file: "patients.csv", column: "Other Locs", values: set("1;2", "3", "2;3"), unique: false },
    ]);
    const fromLocs = rels.filter((r) => r.from.column === "Other Locs");
    expect(fromLocs.map((r) => r.to.file)).toEqual(["practices.csv", "procedures.csv"]);
  });

  it("collects only id-like columns' values, never names or other text", async () => {
    const columns = { "Patient ID": series(20, (i) => String(i + 1)), "Last Name": series(20, () => "Smith") };
    const read = new Set<string>();
    const rows = rowsOf(columns).map((r) => ({ ...r, values: new Proxy(r.values, { get: (t, k: string) => (read.add(k), t[k]) }) }));
    await findRelationships({ inventory: inventory(fileOf("patients.csv", columns)), rows: () => rows });
    expect([...read]).toEqual(["Patient ID"]);
  });

  it("streams rows of an export set and turns an unnamed id column into the patient lookup", async () => {
    const patients = { "Patient ID": series(30, (i) => String(10001 + i)), "Last Name": series(30, (i) => ["Smith", "Jones", "Lee"][i % 3]) };
    const visits = {
      "Appointment ID": series(90, (i) => String(70001 + i)),
      "Ref 2": series(90, (i) => String(10001 + ((i * 7) % 30))),
      "Appointment Date": series(90, (i) => `2024-02-${String((i % 28) + 1).padStart(2, "0")}`),
      Status: series(90, (i) => ["Completed", "NS"][i % 2]),
    };
    const files = { "patients.csv": patients, "appointments.csv": visits };
    const inv = inventory(fileOf("patients.csv", patients), fileOf("appointments.csv", visits));
    const source = { inventory: inv, rows: async function* (name: string) { yield* rowsOf(files[name as keyof typeof files]); } };
    const relationships = await findRelationships(source);
    expect(relationships.some((r) => r.from.column === "Ref 2" && r.to.column === "Patient ID" && r.containment === 1)).toBe(true);

    const without = proposeMapping(inv).files.find((f) => f.file === "appointments.csv")?.columns.find((c) => c.source === "Ref 2");
    const withRel = proposeMapping(inv, { relationships });
    const ref = withRel.files.find((f) => f.file === "appointments.csv")?.columns.find((c) => c.source === "Ref 2");
    expect(without?.field).not.toBe("patientId");
    expect(ref?.field).toBe("patientId");
    expect(ref?.target).toBe("lookup:contact");
    expect(ref?.evidence).toContain("100% of 30 distinct values of appointments.csv 'Ref 2' appear in patients.csv 'Patient ID'");
    expect(withRel.relationships).toEqual([expect.objectContaining({ from: { file: "appointments.csv", column: "Ref 2" }, to: { file: "patients.csv", column: "Patient ID" } })]);
  });
});
