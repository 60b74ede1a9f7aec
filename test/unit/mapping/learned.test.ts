import { confirmMap, learnedChoices, normaliseHeader, parseMap, parseMapDocument, proposeMapping, serializeMap, validateConfirmedMap } from "../../../migration/mapping";
import { proposalJson } from "../../../scripts/dxm/commands/propose";
import type { ColumnMap, ColumnProposal, ConfirmedMap, LearnedChoice, MapEdits, Proposal } from "../../../migration/mapping/types";
import { appointmentStatusOptions } from "../../../solution/model";
import { fileOf, inventory, series } from "../../fixtures/mapping/files";

const ZONE = "America/Chicago";
const at = (day: number) => `2026-12-0${day}T09:30:00.000Z`;

/** A patients export whose "Phone 2" holds cell numbers: the proposal reads it as some phone, the admin knows it is the cell. */
const patients = (extra: Record<string, string[]> = {}) =>
  fileOf("patients.csv", {
    "Patient ID": series(40, (i) => String(10001 + i)),
    "First Name": series(40, (i) => ["Ann", "Bo", "Cy"][i % 3]),
    "Last Name": series(40, (i) => ["Lee", "Kim", "Ray"][i % 3]),
    "Primary Location ID": series(40, (i) => String((i % 2) + 1)),
    "Phone 2": series(40, (i) => `(217) 555-${String(1000 + i)}`),
    "Favorite Color": series(40, (i) => ["Blue", "Red"][i % 2]),
    ...extra,
  });

const appointments = () =>
  fileOf("appointments.csv", {
    "Appointment ID": series(30, (i) => String(500 + i)),
    "Patient ID": series(30, (i) => String(10001 + (i % 9))),
    "Appointment Date": series(30, () => "2024-03-01"),
    "Phone 2": series(30, (i) => `(217) 555-${String(2000 + i)}`),
    Status: series(30, (i) => ["Completed", "NS", "Bumped"][i % 3]),
  });

const column = (proposal: Proposal, file: string, source: string): ColumnProposal =>
  proposal.files.find((f) => f.file === file)!.columns.find((c) => c.source === source)!;
const chosen = (map: ConfirmedMap, file: string, source: string): ColumnMap =>
  map.files.find((f) => f.file === file)!.columns.find((c) => c.source === source)!;

/** The admin's confirmation of a proposal with their edits, on a given day. */
const confirmOn = (day: number, proposal: Proposal, edits: MapEdits) =>
  confirmMap(proposal, edits, { confirmedBy: "systemuser:admin", timeZone: ZONE, confirmedAt: at(day) });

const toCell: MapEdits = { files: { "patients.csv": { columns: { "Phone 2": { field: "cellPhone" } } } } };

describe("normaliseHeader", () => {
  it("reads case, spacing, punctuation, underscores and camelCase as one header; other words stay apart", () => {
    expect(new Set(["Date Opened", "date_opened", "DateOpened", " DATE  OPENED ", "Date-Opened:"].map(normaliseHeader))).toEqual(new Set(["date opened"]));
    expect(normaliseHeader("Date Closed")).not.toBe(normaliseHeader("Date Opened"));
  });
});

describe("learnedChoices", () => {
  it("learns a correction: per object and normalised header, with what had been proposed", () => {
    const proposal = proposeMapping(inventory(patients()));
    const proposedPhone = column(proposal, "patients.csv", "Phone 2");
    expect(proposedPhone.field).not.toBe("cellPhone");
    const map = confirmOn(1, proposal, toCell);
    expect(chosen(map, "patients.csv", "Phone 2").proposed).toEqual({ field: proposedPhone.field, target: proposedPhone.target });

    const learned = learnedChoices([map]);
    expect(learned).toEqual([{
      object: "patient", header: "phone 2", field: "cellPhone", target: "contact.mobilephone", confirmedAt: at(1),
      corrected: { field: proposedPhone.field, target: proposedPhone.target },
    }]);
  });

  it("learns nothing from proposals kept as they were, nor from maps of versions 1 and 2 (they do not say what was proposed)", () => {
    const proposal = proposeMapping(inventory(patients()));
    expect(learnedChoices([confirmOn(1, proposal, {})])).toEqual([]);
    const corrected = confirmOn(1, proposal, toCell);
    const v2: ConfirmedMap = { ...corrected, version: 2, files: corrected.files.map((f) => ({ ...f, columns: f.columns.map(({ proposed: _, ...c }) => c) })) };
    // Still readable as a map (a run confirmed before version 3 resumes), just not a teacher.
    expect(parseMap(serializeMap(v2)).files[0].columns.some((c) => "proposed" in c)).toBe(false);
    expect(learnedChoices([v2])).toEqual([]);
  });

  it("lets the newest confirmation win: a later correction replaces an earlier one, a later kept engine proposal overrules it", () => {
    const proposal = proposeMapping(inventory(patients()));
    const toCellOn1 = confirmOn(1, proposal, toCell);
    const toWorkOn3 = confirmOn(3, proposal, { files: { "patients.csv": { columns: { "Phone 2": { field: "workPhone" } } } } });
    const keptOn5 = confirmOn(5, proposal, {});
    // Given in any order: the dates decide.
    expect(learnedChoices([toCellOn1, toWorkOn3]).map((l) => [l.field, l.confirmedAt])).toEqual([["workPhone", at(3)]]);
    expect(learnedChoices([toWorkOn3, toCellOn1]).map((l) => [l.field, l.confirmedAt])).toEqual([["workPhone", at(3)]]);
    expect(learnedChoices([toCellOn1, keptOn5, toWorkOn3])).toEqual([]);
  });

  it("keeps an earlier admin's choice that a later admin confirmed as proposed, dated by the later confirmation", () => {
    const first = confirmOn(1, proposeMapping(inventory(patients())), toCell);
    const second = proposeMapping(inventory(patients()), { learned: learnedChoices([first]) });
    const kept = confirmOn(4, second, {});
    expect(chosen(kept, "patients.csv", "Phone 2").proposed).toEqual({ field: "cellPhone", target: "contact.mobilephone", learnedFrom: at(1) });
    expect(learnedChoices([first, kept])).toEqual([{ object: "patient", header: "phone 2", field: "cellPhone", target: "contact.mobilephone", confirmedAt: at(4) }]);
  });

  it("learns from a `dxm propose --json` document the admin edited: its `proposed` says what was proposed; a document without it teaches nothing", () => {
    const doc = proposalJson(proposeMapping(inventory(patients())));
    const phone = doc.files[0].columns.find((c) => c.source === "Phone 2")!;
    Object.assign(phone, { field: "cellPhone", target: "contact.mobilephone" });
    const meta = () => ({ confirmedBy: "dxm:admin", timeZone: ZONE, confirmedAt: at(2) });
    const map = parseMapDocument(JSON.stringify(doc), meta);
    expect(chosen(map, "patients.csv", "Phone 2")).toMatchObject({ field: "cellPhone", proposed: { field: phone.proposed.field, target: phone.proposed.target } });
    expect(learnedChoices([map]).map((l) => [l.header, l.field, l.confirmedAt])).toEqual([["phone 2", "cellPhone", at(2)]]);
    // A document written before `proposed` existed: its targets are the admin's, so they cannot stand for the proposal.
    const older = { ...doc, files: doc.files.map((f) => ({ ...f, columns: f.columns.map(({ proposed: _, ...c }) => c) })) };
    const olderMap = parseMapDocument(JSON.stringify(older), meta);
    expect(chosen(olderMap, "patients.csv", "Phone 2")).not.toHaveProperty("proposed");
    expect(learnedChoices([olderMap])).toEqual([]);
  });

  it("passes over a choice the object no longer offers (a field retired from the model)", () => {
    const map = confirmOn(1, proposeMapping(inventory(patients())), toCell);
    const retired: ConfirmedMap = {
      ...map,
      files: map.files.map((f) => ({ ...f, columns: f.columns.map((c): ColumnMap => (c.source === "Phone 2" ? { ...c, field: "pagerNumber", target: "contact.pager" } : c)) })),
    };
    expect(learnedChoices([retired])).toEqual([]);
  });
});

describe("proposeMapping with learned choices", () => {
  const learnedFromCorrection = (): LearnedChoice[] => learnedChoices([confirmOn(1, proposeMapping(inventory(patients())), toCell)]);

  it("gives the column the admin's choice, at high confidence, with their confirmation as evidence", () => {
    const proposal = proposeMapping(inventory(patients()), { learned: learnedFromCorrection() });
    const phone = column(proposal, "patients.csv", "Phone 2");
    expect(phone).toMatchObject({ field: "cellPhone", target: "contact.mobilephone", learned: { confirmedAt: at(1) } });
    expect(phone.confidence).toBeGreaterThanOrEqual(0.95);
    expect(phone.evidence).toMatch(/^confirmed by an admin on 2026-12-01 \(proposed then: contact\.telephone\d\)/);
    // The rest of the file is proposed as before.
    expect(column(proposal, "patients.csv", "Last Name")).toMatchObject({ field: "lastName" });
    expect(proposal.files[0].columns.filter((c) => c.learned)).toHaveLength(1);
  });

  it("finds the header however it is written, and only for the same object", () => {
    const renamed = fileOf("patients.csv", {
      "Patient ID": series(40, (i) => String(10001 + i)),
      "Last Name": series(40, (i) => ["Lee", "Kim"][i % 2]),
      "Primary Location ID": series(40, (i) => String((i % 2) + 1)),
      PHONE_2: series(40, (i) => `(217) 555-${String(1000 + i)}`),
    });
    const proposal = proposeMapping(inventory(renamed, appointments()), { learned: learnedFromCorrection() });
    expect(column(proposal, "patients.csv", "PHONE_2")).toMatchObject({ field: "cellPhone", learned: { confirmedAt: at(1) } });
    // Appointments have a "Phone 2" too: nothing the admin said about patients applies to them.
    expect(column(proposal, "appointments.csv", "Phone 2").learned).toBeUndefined();
    expect(column(proposal, "appointments.csv", "Phone 2").evidence).not.toMatch(/confirmed by an admin/);
  });

  it("takes the newest of two choices for one header, whatever their order", () => {
    const older: LearnedChoice = { object: "patient", header: "phone 2", field: "workPhone", target: "contact.telephone1", confirmedAt: at(1) };
    const newer: LearnedChoice = { object: "patient", header: "Phone 2", field: "cellPhone", target: "contact.mobilephone", confirmedAt: at(2) };
    for (const learned of [[older, newer], [newer, older]]) {
      expect(column(proposeMapping(inventory(patients()), { learned }), "patients.csv", "Phone 2")).toMatchObject({ field: "cellPhone", learned: { confirmedAt: at(2) } });
    }
  });

  it("takes the field away from the column the engine had given it, so no two columns share it", () => {
    const withHome = patients({ "Home Phone": series(40, (i) => `(217) 555-${String(3000 + i)}`) });
    expect(column(proposeMapping(inventory(withHome)), "patients.csv", "Home Phone").field).toBe("homePhone");
    const learned: LearnedChoice[] = [{ object: "patient", header: "phone 2", field: "homePhone", target: "contact.telephone2", confirmedAt: at(1) }];
    const proposal = proposeMapping(inventory(withHome), { learned });
    expect(column(proposal, "patients.csv", "Phone 2").field).toBe("homePhone");
    expect(column(proposal, "patients.csv", "Home Phone").field).not.toBe("homePhone");
    expect(validateConfirmedMap(confirmOn(2, proposal, {}))).toEqual([]);
  });

  it("learns do-not-migrate and a custom column, keeping the custom column's name", () => {
    const first = proposeMapping(inventory(patients()));
    expect(column(first, "patients.csv", "Favorite Color").target).toBe("custom:contact.dxm_favorite_color");
    const map = confirmOn(1, first, { files: { "patients.csv": { columns: { "Favorite Color": { target: null }, "Phone 2": { custom: { table: "contact", logicalName: "dxm_second_phone", displayName: "Second Phone", type: "string", maxLength: 20 } } } } } });
    const next = proposeMapping(inventory(patients()), { learned: learnedChoices([map]) });
    expect(column(next, "patients.csv", "Favorite Color")).toMatchObject({ field: null, target: null, learned: { confirmedAt: at(1) } });
    expect(column(next, "patients.csv", "Favorite Color").evidence).toMatch(/confirmed by an admin on 2026-12-01 \(proposed then: custom:contact\.dxm_favorite_color\)/);
    expect(column(next, "patients.csv", "Phone 2")).toMatchObject({ target: "custom:contact.dxm_second_phone", custom: { logicalName: "dxm_second_phone", type: "string" } });
  });

  it("maps an option set's values with the admin's own value choices first", () => {
    const proposal = proposeMapping(inventory(appointments()));
    const status = column(proposal, "appointments.csv", "Status");
    expect(status.field).toBe("status");
    expect(status.valueMap?.Bumped).toBeUndefined();
    const cancelled = appointmentStatusOptions.find((o) => /cancel/i.test(o.label))!.value;
    const map = confirmOn(1, proposal, { files: { "appointments.csv": { columns: { Status: { field: "status", valueMap: { ...status.valueMap, Bumped: cancelled } } } } } });
    // Same field, another value map: the field is not a correction, so the value map alone teaches nothing.
    expect(learnedChoices([map])).toEqual([]);
    const learned: LearnedChoice[] = [{ object: "appointment", header: "status", field: "status", target: "dxm_appointment.dxm_status", valueMap: { Bumped: cancelled, Gone: cancelled }, confirmedAt: at(1) }];
    const next = column(proposeMapping(inventory(appointments()), { learned }), "appointments.csv", "Status");
    expect(next.valueMap).toEqual({ ...status.valueMap, Bumped: cancelled });
    expect(next.flags).toBeUndefined();
    expect(next.evidence).toMatch(/1 value\(s\) mapped as the admin mapped them/);
  });

  it("holds the confidence below 0.8 when this export's values contradict the choice", () => {
    const learned: LearnedChoice[] = [{ object: "patient", header: "phone 2", field: "birthDate", target: "contact.birthdate", confirmedAt: at(1) }];
    const phone = column(proposeMapping(inventory(patients()), { learned }), "patients.csv", "Phone 2");
    expect(phone.field).toBe("birthDate");
    expect(phone.confidence).toBeLessThan(0.8);
    expect(phone.evidence).toMatch(/confirmed by an admin on 2026-12-01; confidence held below 0\.8: its values are not dates/);
  });
});
