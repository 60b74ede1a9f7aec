import Papa from "papaparse";
import { auditFromLedger, auditToCsv } from "../../../migration/run/audit";
import { differingColumns, partiesDiffer, sameValue } from "../../../migration/reconcile/field-diff";
import type { LedgerBatch } from "../../../migration/ledger/types";

describe("audit log", () => {
  const batches: LedgerBatch[] = [
    { runId: "r", sequence: 1, table: "contact", operation: "Create", status: "Written", beforeImages: {}, records: [["id1", "patient:1", "h"]], writtenOn: "2026-01-01T00:00:00Z", writtenBy: "u1" },
    { runId: "r", sequence: 2, table: "contact", operation: "Update", status: "Written", beforeImages: {}, records: [["id2", "patient:2", "h"]], writtenOn: "2026-01-02T00:00:00Z", writtenBy: "u1" },
  ];

  it("lists every create and update with the time and user of its ledger row", () => {
    expect([...auditFromLedger(batches)]).toEqual([
      { time: "2026-01-01T00:00:00Z", user: "u1", action: "create", table: "contact", sourceKey: "patient:1", id: "id1" },
      { time: "2026-01-02T00:00:00Z", user: "u1", action: "update", table: "contact", sourceKey: "patient:2", id: "id2" },
    ]);
  });

  it("turns the ledger into CSV lines as it reads it (what `dxm reconcile --audit` and Migration Studio download)", () => {
    expect(auditToCsv(auditFromLedger(batches)).split("\r\n")).toEqual([
      "time,user,action,table,sourceKey,id,reason",
      "2026-01-01T00:00:00Z,u1,create,contact,patient:1,id1,",
      "2026-01-02T00:00:00Z,u1,update,contact,patient:2,id2,",
      "",
    ]);
  });

  it("exports CSV that a spreadsheet cannot run as formulas", () => {
    const csv = auditToCsv([
      { time: "t", user: "u", action: "skip", table: "contact", sourceKey: "=HYPERLINK(\"http://x\",\"y\")", reason: "+1" },
      { time: "t", user: "u", action: "skip", table: "contact", sourceKey: "-2", reason: "@SUM(A1)" },
      { time: "t", user: "u", action: "create", table: "contact", sourceKey: "patient:3", id: "id3" },
    ]);
    const rows = Papa.parse<string[]>(csv.trim()).data;
    expect(rows[0]).toEqual(["time", "user", "action", "table", "sourceKey", "id", "reason"]);
    expect(rows[1][4]).toBe("'=HYPERLINK(\"http://x\",\"y\")");
    expect(rows[1][6]).toBe("'+1");
    expect(rows[2][4]).toBe("'-2");
    expect(rows[2][6]).toBe("'@SUM(A1)");
    expect(rows[3]).toEqual(["t", "u", "create", "contact", "patient:3", "id3", ""]);
    for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@]/);
  });
});

describe("reconcile field diff", () => {
  it("compares as Dataverse returns values: dates, date-times, money, owners by id, key lookups skipped", () => {
    const payload = {
      birthdate: "1980-02-03",
      dxm_sourcecreatedon: "2020-01-01T15:00:00Z",
      dxm_fee: 120.5,
      lastname: "Roe",
      "ownerid@odata.bind": "/systemusers(00000000-0000-4000-8000-000000000001)",
      "parentcustomerid_account@odata.bind": "/accounts(dxm_sourcekey='location:1')",
    };
    const same = {
      birthdate: "1980-02-03", dxm_sourcecreatedon: "2020-01-01T15:00:00.000Z", dxm_fee: "120.50", lastname: "Roe",
      _ownerid_value: "00000000-0000-4000-8000-000000000001",
    };
    expect(differingColumns(payload, same)).toEqual([]);
    expect(differingColumns(payload, { ...same, birthdate: "1980-02-02", lastname: "Doe", _ownerid_value: "00000000-0000-4000-8000-000000000002" }))
      .toEqual(["birthdate", "lastname", "ownerid@odata.bind"]);
    expect(differingColumns({ ...payload, email_activity_parties: [{ participationtypemask: 1 }] }, same)).toEqual([]);
    expect(sameValue(null, "")).toBe(true);
    expect(sameValue("x", null)).toBe(false);
  });

  it("compares an email's parties: roles, users by id, kept addresses; contacts bound by key by role only", () => {
    const user = "00000000-0000-4000-8000-000000000001";
    const planned = [
      { participationtypemask: 1, "partyid_systemuser@odata.bind": `/systemusers(${user})` },
      { participationtypemask: 2, "partyid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:1')", addressused: "a@example.org" },
    ];
    const from = { participationtypemask: 1, partyid: user.toUpperCase(), addressused: "someone@dental.example" };
    const to = { participationtypemask: 2, partyid: "cccccccc-0000-4000-8000-000000000001", addressused: "a@example.org" };
    const owner = { participationtypemask: 9, partyid: user, addressused: null };
    expect(partiesDiffer(planned, [to, from])).toBe(false);
    expect(partiesDiffer(planned, [from, to, owner])).toBe(false);
    expect(partiesDiffer(planned, [from])).toBe(true);
    expect(partiesDiffer(planned, [from, to, to])).toBe(true);
    expect(partiesDiffer(planned, [{ ...from, partyid: "00000000-0000-4000-8000-000000000002" }, to])).toBe(true);
    expect(partiesDiffer(planned, [from, { ...to, addressused: "b@example.org" }])).toBe(true);
    expect(partiesDiffer(planned, [{ ...from, participationtypemask: 2 }, { ...to, participationtypemask: 1 }])).toBe(true);
  });
});
