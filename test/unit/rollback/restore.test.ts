import { closedActivityRestore, editedAfterRun, restorePayload, ROLLBACK_ORDER } from "../../../migration/rollback";

describe("restorePayload", () => {
  it("puts plain columns back as they were", () => {
    expect(restorePayload("contact", { firstname: "A", telephone1: null, dxm_recallinterval: 6 })).toEqual({
      firstname: "A",
      telephone1: null,
      dxm_recallinterval: 6,
    });
  });

  it("restores a lookup read back as _x_value through its navigation property", () => {
    const body = restorePayload("contact", {
      _dxm_insurancepolicyid_value: "11111111-1111-1111-1111-111111111111",
      _dxm_migrationrunid_value: null,
      _ownerid_value: "22222222-2222-2222-2222-222222222222",
    });
    expect(body).toEqual({
      "dxm_insurancepolicyid@odata.bind": "/dxm_insurancepolicies(11111111-1111-1111-1111-111111111111)",
      "dxm_migrationrunid@odata.bind": null,
      "ownerid@odata.bind": "/systemusers(22222222-2222-2222-2222-222222222222)",
    });
  });

  it("uses the lookup's logical-name annotation for the polymorphic parent customer", () => {
    const body = restorePayload("contact", {
      _parentcustomerid_value: "33333333-3333-3333-3333-333333333333",
      "_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname": "account",
    });
    expect(body).toEqual({ "parentcustomerid_account@odata.bind": "/accounts(33333333-3333-3333-3333-333333333333)" });
  });

  it("passes bind-form before-images through and drops system lookups and formatted values", () => {
    const body = restorePayload("dxm_treatmenthistory", {
      "dxm_patientid@odata.bind": "/contacts(dxm_sourcekey='patient:1')",
      _createdby_value: "x",
      "dxm_fee@OData.Community.Display.V1.FormattedValue": "$10.00",
      dxm_fee: 10,
    });
    expect(body).toEqual({ "dxm_patientid@odata.bind": "/contacts(dxm_sourcekey='patient:1')", dxm_fee: 10 });
  });
});

describe("editedAfterRun", () => {
  const run = { startedOn: "2026-01-01T10:00:00Z", finishedOn: "2026-01-01T11:00:00Z", migratingUserId: "me" };

  it("is false for records last touched by the run itself", () => {
    expect(editedAfterRun({ modifiedon: "2026-01-01T10:30:00Z", _modifiedby_value: "me" }, run)).toBe(false);
  });
  it("is true for any edit after the run finished", () => {
    expect(editedAfterRun({ modifiedon: "2026-01-01T11:05:00Z", _modifiedby_value: "me" }, run)).toBe(true);
  });
  it("is true for another user's edit while the run was going", () => {
    expect(editedAfterRun({ modifiedon: "2026-01-01T10:30:00Z", _modifiedby_value: "someone-else" }, run)).toBe(true);
  });
  it("is false when modifiedon is missing", () => {
    expect(editedAfterRun({}, run)).toBe(false);
  });
  it("with several identities, takes a write by any identity the ledger names as the run's own during the run", () => {
    const several = { ...run, migratingUserIds: ["me", "identity-2"] };
    expect(editedAfterRun({ modifiedon: "2026-01-01T10:30:00Z", _modifiedby_value: "identity-2" }, several)).toBe(false);
    expect(editedAfterRun({ modifiedon: "2026-01-01T10:30:00Z", _modifiedby_value: "someone-else" }, several)).toBe(true);
    expect(editedAfterRun({ modifiedon: "2026-01-01T11:05:00Z", _modifiedby_value: "identity-2" }, several)).toBe(true);
  });
});

describe("rollback order", () => {
  it("deletes what references others first: notes and activities, child tables, connections, contacts, accounts", () => {
    const at = (t: string) => ROLLBACK_ORDER.indexOf(t);
    expect(at("annotation")).toBeLessThan(at("dxm_treatmenthistory"));
    expect(at("phonecall")).toBeLessThan(at("contact"));
    expect(at("dxm_billingrecord")).toBeLessThan(at("dxm_insurancepolicy"));
    expect(at("connection")).toBeLessThan(at("contact"));
    expect(at("contact")).toBeLessThan(at("account"));
    expect(ROLLBACK_ORDER[ROLLBACK_ORDER.length - 1]).toBe("account");
  });
});

describe("closedActivityRestore", () => {
  const id = "aaaaaaaa-0000-4000-8000-000000000001";
  it("reopens a closed activity, puts the before-image back and closes it in the state it had before the run", () => {
    const ops = closedActivityRestore("phonecall", id, { statecode: 1, statuscode: 2 }, { subject: "Before", statecode: 1, statuscode: 4 });
    expect(ops?.map((o) => [o.method, o.url, o.body])).toEqual([
      ["PATCH", `phonecalls(${id})`, { statecode: 0, statuscode: 1 }],
      ["PATCH", `phonecalls(${id})`, { subject: "Before" }],
      ["PATCH", `phonecalls(${id})`, { statecode: 1, statuscode: 4 }],
    ]);
  });

  it("closes it again as it is when the before-image holds no state, and leaves open activities and other tables alone", () => {
    expect(closedActivityRestore("task", id, { statecode: 2, statuscode: 6 }, { subject: "Before" })?.[2].body).toEqual({ statecode: 2, statuscode: 6 });
    expect(closedActivityRestore("task", id, { statecode: 0, statuscode: 2 }, { subject: "Before" })).toBeUndefined();
    expect(closedActivityRestore("contact", id, { statecode: 1, statuscode: 2 }, { firstname: "Before" })).toBeUndefined();
  });
});
