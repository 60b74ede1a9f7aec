import { MapValidationError, confirmMap, parseMap, parseMapDocument, proposeMapping, serializeMap, validateConfirmedMap } from "../../../migration/mapping";
import type { ConfirmedMap, Proposal } from "../../../migration/mapping/types";
import { appointmentStatusOptions } from "../../../solution/model";
import { fileOf, inventory, series } from "../../fixtures/mapping/files";

const meta = { confirmedBy: "systemuser:7f1c", timeZone: "America/New_York", confirmedAt: "2026-11-29T10:00:00.000Z" };

function proposal(): Proposal {
  return proposeMapping(
    inventory(
      fileOf("patients.csv", {
        "Patient ID": series(30, (i) => String(10001 + i)),
        "Last Name": series(30, (i) => ["Smith", "Jones"][i % 2]),
        "Primary Location ID": series(30, (i) => String((i % 3) + 1)),
        "Favorite Color": series(30, (i) => ["Blue", "Red"][i % 2]),
        Nickname: series(30, (i) => ["Al", "Bo"][i % 2]),
      }),
      fileOf("appointments.csv", {
        "Appointment ID": series(30, (i) => String(500 + i)),
        "Patient ID": series(30, (i) => String(10001 + (i % 9))),
        "Appointment Date": series(30, () => "2024-03-01"),
        Status: series(30, (i) => ["Completed", "NS"][i % 2]),
      }),
    ),
  );
}

const problemsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof MapValidationError) return error.problems;
    throw error;
  }
  return [];
};

describe("confirmMap", () => {
  it("turns the proposal into a versioned map with the admin's identity, zone and time", () => {
    const map = confirmMap(proposal(), {}, meta);
    expect(map).toMatchObject({ version: 3, confirmedBy: "systemuser:7f1c", timeZone: "America/New_York", confirmedAt: "2026-11-29T10:00:00.000Z" });
    expect(map.files.map((f) => [f.file, f.object])).toEqual([["patients.csv", "patient"], ["appointments.csv", "appointment"]]);
    const status = map.files[1].columns.find((c) => c.source === "Status");
    expect(status).toEqual({
      source: "Status", field: "status", target: "dxm_appointment.dxm_status",
      valueMap: { Completed: appointmentStatusOptions[1].value, NS: appointmentStatusOptions[2].value },
      // Version 3: what was proposed, so a correction is known as one (here the proposal was kept).
      proposed: { field: "status", target: "dxm_appointment.dxm_status" },
    });
    expect(map.files[0].columns.find((c) => c.source === "Favorite Color")?.custom?.logicalName).toBe("dxm_favorite_color");
    expect(validateConfirmedMap(map)).toEqual([]);
  });

  it("applies edits: another field, do-not-migrate, a target picked by notation, a value map", () => {
    const map = confirmMap(proposal(), {
      files: {
        "patients.csv": { columns: { Nickname: { field: "firstName" }, "Favorite Color": { target: "contact.address1_city" }, "Primary Location ID": { field: "primaryLocationId" } } },
        "appointments.csv": { columns: { Status: { valueMap: { Completed: appointmentStatusOptions[1].value, NS: appointmentStatusOptions[3].value } } } },
      },
    }, meta);
    const col = (file: number, source: string) => map.files[file].columns.find((c) => c.source === source);
    expect(proposal().files[0].columns.find((c) => c.source === "Nickname")?.field).toBe("preferredName");
    expect(col(0, "Nickname")).toEqual({ source: "Nickname", field: "firstName", target: "contact.firstname", proposed: { field: "preferredName", target: "contact.nickname" } });
    expect(col(0, "Favorite Color")).toMatchObject({ source: "Favorite Color", field: "city", target: "contact.address1_city", proposed: { field: null, target: "custom:contact.dxm_favorite_color" } });
    expect(col(0, "Primary Location ID")).toMatchObject({ source: "Primary Location ID", field: "primaryLocationId", target: "lookup:account" });
    expect(col(1, "Status")?.valueMap?.NS).toBe(appointmentStatusOptions[3].value);
  });

  it("leaves out a file the admin sets to no object", () => {
    const map = confirmMap(proposal(), { files: { "appointments.csv": { object: null } } }, meta);
    expect(map.files.map((f) => f.file)).toEqual(["patients.csv"]);
  });

  it("refuses duplicate targets, unknown targets, missing required fields and edits of unknown columns", () => {
    const dup = problemsOf(() => confirmMap(proposal(), { files: { "patients.csv": { columns: { Nickname: { field: "lastName" } } } } }, meta));
    expect(dup.map((p) => p.code)).toEqual(["duplicate-target"]);
    expect(dup[0].message).toBe("patients.csv: 'Last Name' and 'Nickname' both map to lastName");

    const unknown = problemsOf(() => confirmMap(proposal(), { files: { "patients.csv": { columns: { Nickname: { target: "contact.fax" } } } } }, meta));
    expect(unknown.map((p) => p.code)).toEqual(["unknown-target"]);

    const missing = problemsOf(() => confirmMap(proposal(), { files: { "patients.csv": { columns: { "Last Name": { target: null } } } } }, meta));
    expect(missing).toEqual([{ file: "patients.csv", code: "missing-required", message: "patients.csv: required field Last Name of Patients has no column" }]);

    const ghost = problemsOf(() => confirmMap(proposal(), { files: { "patients.csv": { columns: { Ghost: { target: null } } } } }, meta));
    expect(ghost.map((p) => p.code)).toEqual(["shape"]);
  });
});

describe("validateConfirmedMap", () => {
  const valid = (): ConfirmedMap => confirmMap(proposal(), {}, meta);

  it("refuses a value map onto options the target does not have", () => {
    const map = valid();
    const status = map.files[1].columns.find((c) => c.source === "Status");
    if (status) status.valueMap = { NS: 999 };
    expect(validateConfirmedMap(map).map((p) => p.code)).toEqual(["bad-value-map"]);
  });

  it("refuses custom columns on objects that take none, or named outside the publisher prefix", () => {
    const map = valid();
    map.files[1].columns.push({ source: "X", field: null, target: "custom:dxm_appointment.dxm_x", custom: { table: "dxm_appointment", logicalName: "dxm_x", displayName: "X", type: "string", maxLength: 10 } });
    map.files[0].columns.push({ source: "Y", field: null, target: "custom:contact.y", custom: { table: "contact", logicalName: "y", displayName: "Y", type: "string", maxLength: 10 } });
    expect(validateConfirmedMap(map).map((p) => p.code)).toEqual(["bad-custom", "bad-custom"]);
  });

  it("refuses a field whose target was altered, an unknown object and a second version", () => {
    const map = valid();
    map.files[0].columns[1].target = "contact.firstname";
    expect(validateConfirmedMap(map).map((p) => p.code)).toEqual(["unknown-target"]);
    expect(validateConfirmedMap({ ...valid(), version: 4 as 2 }).map((p) => p.code)).toEqual(["version"]);
    expect(validateConfirmedMap({ ...valid(), files: [{ file: "x.csv", object: "dragon" as "patient", columns: [] }] }).map((p) => p.code)).toEqual(["unknown-object"]);
  });
});

describe("serializeMap / parseMap", () => {
  it("round-trips a confirmed map through JSON", () => {
    const map = confirmMap(proposal(), {}, meta);
    const text = serializeMap(map);
    expect(JSON.parse(text)).toEqual(map);
    expect(parseMap(text)).toEqual(map);
  });

  it("rejects text that is not JSON, another version, a wrong shape or an invalid map", () => {
    const map = confirmMap(proposal(), {}, meta);
    const codes = (text: string) => problemsOf(() => parseMap(text)).map((p) => p.code);
    expect(codes("{not json")).toEqual(["shape"]);
    expect(codes(JSON.stringify({ ...map, version: 4 }))).toEqual(["version"]);
    expect(codes(JSON.stringify({ ...map, files: [{ file: "a.csv", object: "patient" }] }))).toEqual(["shape"]);
    const broken = JSON.parse(serializeMap(map)) as ConfirmedMap;
    broken.files[0].columns = broken.files[0].columns.filter((c) => c.field !== "lastName");
    expect(codes(JSON.stringify(broken))).toEqual(["missing-required"]);
  });
});

describe("date order per file", () => {
  /** Patients whose birth dates are written `dates(i)`; every other column as a patients export has it. */
  const patients = (dates: (i: number) => string): Proposal =>
    proposeMapping(inventory(fileOf("patients.csv", {
      "Patient ID": series(30, (i) => String(10001 + i)),
      "Last Name": series(30, (i) => ["Smith", "Jones"][i % 2]),
      "Primary Location ID": series(30, () => "1"),
      "Birth Date": series(30, dates),
    })));

  it("takes the order the values show, with the deciding column and line, into the map", () => {
    // Line 5 (the fourth row) is the first with a day above 12.
    const p = patients((i) => `${String(i < 3 ? 5 : 13 + (i % 15)).padStart(2, "0")}/0${(i % 9) + 1}/1980`);
    expect(p.files[0]).toMatchObject({ dateOrder: "DMY", dateOrderEvidence: expect.stringContaining("'Birth Date' lines 5") });
    expect(confirmMap(p, {}, meta).files[0].dateOrder).toBe("DMY");
    const us = patients((i) => `0${(i % 9) + 1}/${13 + (i % 15)}/1980`);
    expect(us.files[0].dateOrder).toBe("MDY");
  });

  it("asks when no value decides, and refuses to confirm until the admin chooses", () => {
    const p = patients((i) => `0${(i % 9) + 1}/${String((i % 12) + 1).padStart(2, "0")}/1980`);
    expect(p.files[0]).toMatchObject({ dateOrder: null, dateOrderEvidence: expect.stringContaining("needs your choice") });
    expect(p.warnings).toEqual([expect.stringContaining("patients.csv: choose the order of day and month")]);
    expect(problemsOf(() => confirmMap(p, {}, meta)).map((x) => [x.file, x.code])).toEqual([["patients.csv", "date-order"]]);
    expect(confirmMap(p, { files: { "patients.csv": { dateOrder: "DMY" } } }, meta).files[0].dateOrder).toBe("DMY");
  });

  it("makes dates that contradict each other an error naming the file, columns and lines, and asks", () => {
    const file = fileOf("patients.csv", {
      "Patient ID": series(4, (i) => String(10001 + i)),
      "Birth Date": ["25/03/1980", "03/04/1981", "05/06/1982", "07/08/1983"],
      "Created Date": ["01/02/2020", "01/02/2020", "03/30/2021", "01/02/2020"],
    });
    expect(file.dateOrder).toMatchObject({ order: null, conflict: true });
    expect(file.problems).toEqual([expect.objectContaining({ file: "patients.csv", severity: "error", code: "date-order-conflict", column: "Birth Date", line: 2, lines: [2, 4] })]);
    expect(file.problems[0].message).toContain("'Birth Date' line 2");
    expect(file.problems[0].message).toContain("'Created Date' line 4");
  });

  it("gives no evidence for ISO dates: nothing to decide", () => {
    const p = patients((i) => `1980-0${(i % 9) + 1}-0${(i % 9) + 1}`);
    expect(p.files[0]).toMatchObject({ dateOrder: "MDY", dateOrderEvidence: expect.stringContaining("nothing to decide") });
  });

  it("keeps version 1 maps readable: they were read month first", () => {
    const v1 = { ...confirmMap(proposal(), {}, meta), version: 1 as const };
    for (const f of v1.files) delete f.dateOrder;
    expect(parseMap(serializeMap(v1))).toEqual(v1);
    expect(validateConfirmedMap(v1)).toEqual([]);
    const undecided = JSON.parse(serializeMap(confirmMap(proposal(), {}, meta))) as ConfirmedMap;
    undecided.files[0].dateOrder = null;
    expect(problemsOf(() => parseMap(JSON.stringify(undecided))).map((x) => x.code)).toEqual(["date-order"]);
  });

  it("confirms a proposal document with the orders chosen on the command line, and refuses one left undecided", () => {
    const p = patients((i) => `0${(i % 9) + 1}/${String((i % 12) + 1).padStart(2, "0")}/1980`);
    const text = JSON.stringify(p);
    expect(problemsOf(() => parseMapDocument(text, () => meta)).map((x) => x.code)).toEqual(["date-order"]);
    expect(parseMapDocument(text, () => meta, { files: { "patients.csv": { dateOrder: "MDY" } } }).files[0].dateOrder).toBe("MDY");
    const edited = JSON.stringify({ ...p, files: p.files.map((f) => ({ ...f, dateOrder: "DMY" })) });
    expect(parseMapDocument(edited, () => meta).files[0].dateOrder).toBe("DMY");
  });
});
