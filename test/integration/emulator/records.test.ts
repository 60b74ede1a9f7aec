import { emulator, idFrom } from "./helpers";
import { SEED_IDS } from "../../../emulator";

describe("emulator records", () => {
  let em: Awaited<ReturnType<typeof emulator>>;
  beforeAll(async () => { em = await emulator(); });
  afterAll(async () => { await em.close(); });
  beforeEach(() => em.reset());

  it("creates with 204 + OData-EntityId, or 201 with a representation, and sets server columns", async () => {
    const plain = await em.call("POST", "contacts", { firstname: "Ada", lastname: "Lovelace" });
    expect(plain.status).toBe(204);
    expect(plain.headers.get("odata-entityid")).toMatch(new RegExp(`^${em.apiUrl.replace(/[.]/g, "\\.")}contacts\\([0-9a-f-]{36}\\)$`));
    const rep = await em.call("POST", "contacts", { lastname: "Hopper", overriddencreatedon: "2001-02-03T04:05:06Z" }, { Prefer: "return=representation" });
    expect(rep.status).toBe(201);
    // As Dataverse documents for imports: createdon takes the value given in overriddencreatedon, and
    // overriddencreatedon the time the record was actually created (migrated).
    expect(rep.body.createdon).toBe("2001-02-03T04:05:06Z");
    expect(Date.parse(rep.body.overriddencreatedon as string)).toBeGreaterThan(Date.parse("2020-01-01T00:00:00Z"));
    expect(rep.body.overriddencreatedon).toBe(rep.body.modifiedon);
    expect(rep.body._ownerid_value).toBe(SEED_IDS.caller);
    expect(rep.body._createdby_value).toBe(SEED_IDS.caller);
    expect(rep.body._owningbusinessunit_value).toBe(SEED_IDS.businessUnit);
    expect(rep.body.statecode).toBe(0);
    expect(rep.body.statuscode).toBe(1);
    expect(rep.body["@odata.etag"]).toMatch(/^W\/"\d+"$/);
    const task = await em.call("POST", "tasks", { subject: "Recall" }, { Prefer: "return=representation" });
    expect(task.body.statuscode).toBe(2);
    expect(task.body.activitytypecode).toBe("task");
    const closed = await em.call("PATCH", `tasks(${task.body.activityid})`, { statecode: 1 }, { Prefer: "return=representation" });
    expect(closed.body.statuscode).toBe(5);
    const mismatch = await em.call("POST", "tasks", { subject: "x", statuscode: 6 });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error.code).toBe("0x80048408");
    expect(mismatch.body.error.message).toMatch(/^6 is not a valid status code for state code TaskState\.Open on task with Id /);
  });

  it("keeps a closed activity read-only: only its state changes until it is reopened", async () => {
    const id = idFrom(await em.call("POST", "phonecalls", { subject: "Recall call" }));
    expect((await em.call("PATCH", `phonecalls(${id})`, { statecode: 1, statuscode: 2 })).status).toBe(204);
    const edit = await em.call("PATCH", `phonecalls(${id})`, { subject: "Changed" });
    expect(edit.status).toBe(400);
    expect(edit.body.error.message).toBe("Cannot update Closed or Cancelled Activity");
    expect((await em.call("PATCH", `phonecalls(${id})`, { statecode: 0, statuscode: 1 })).status).toBe(204);
    expect((await em.call("PATCH", `phonecalls(${id})`, { subject: "Changed" })).status).toBe(204);
    expect((await em.call("GET", `phonecalls(${id})?$select=subject`)).body.subject).toBe("Changed");
  });

  it("retrieves, updates (versionnumber moves) and deletes", async () => {
    const id = idFrom(await em.call("POST", "contacts", { lastname: "A" }));
    const before = await em.call("GET", `contacts(${id})?$select=lastname,versionnumber`);
    expect(before.body.lastname).toBe("A");
    expect((await em.call("PATCH", `contacts(${id})`, { lastname: "B" }, { "If-Match": "*" })).status).toBe(204);
    const after = await em.call("GET", `contacts(${id})?$select=lastname,versionnumber`);
    expect(after.body.lastname).toBe("B");
    expect(after.body.versionnumber).toBeGreaterThan(before.body.versionnumber);
    expect((await em.call("DELETE", `contacts(${id})`)).status).toBe(204);
    const gone = await em.call("GET", `contacts(${id})`);
    expect(gone.status).toBe(404);
    expect(gone.body.error.code).toBe("0x80040217");
  });

  it("upserts by alternate key with If-Match / If-None-Match", async () => {
    const url = "contacts(dxm_sourcekey='patient:1')";
    expect((await em.call("PATCH", url, { lastname: "X" }, { "If-Match": "*" })).status).toBe(404);
    const created = await em.call("PATCH", url, { lastname: "X" });
    expect(created.status).toBe(204);
    const again = await em.call("PATCH", url, { lastname: "Y" });
    expect(idFrom(again)).toBe(idFrom(created));
    const conflict = await em.call("PATCH", url, { lastname: "Z" }, { "If-None-Match": "*" });
    expect(conflict.status).toBe(412);
    expect(conflict.body.error.code).toBe("0x80040237");
    const byKey = await em.call("GET", `${url}?$select=lastname,dxm_sourcekey`);
    expect(byKey.body).toMatchObject({ lastname: "Y", dxm_sourcekey: "patient:1" });
    const byId = await em.call("PATCH", "contacts(00000000-0000-0000-0000-00000000abcd)", { lastname: "Q" }, { Prefer: "return=representation" });
    expect(byId.status).toBe(201);
    expect(byId.body.contactid).toBe("00000000-0000-0000-0000-00000000abcd");
    const updated = await em.call("PATCH", "contacts(00000000-0000-0000-0000-00000000abcd)", { lastname: "R" }, { Prefer: "return=representation" });
    expect(updated.status).toBe(200);
    expect(updated.body.lastname).toBe("R");
  });

  it("rejects payloads as Dataverse does", async () => {
    const cases: [string, unknown, number, string][] = [
      ["contacts", { nosuchcolumn: 1 }, 400, "0x80048d19"],
      ["contacts", { lastname: 5 }, 400, "0x80048d19"],
      ["contacts", { dxm_npi: "12345678901" }, 400, "0x80044331"],
      ["contacts", { dxm_specialty: 1 }, 400, "0x8004431a"],
      ["contacts", { _parentcustomerid_value: SEED_IDS.caller }, 400, "0x80060888"],
      ["contacts", { "parentcustomerid_account@odata.bind": "/accounts(00000000-0000-0000-0000-000000000999)" }, 404, "0x80040217"],
      ["contacts", { "nosuchnav@odata.bind": "/accounts(00000000-0000-0000-0000-000000000999)" }, 400, "0x80048d19"],
      ["contacts", { dxm_recallinterval: 61 }, 400, "0x8004431a"],
      ["contacts", { "parentcustomerid_account@odata.bind": "/accounts(dxm_sourcekey='nope')" }, 404, "0x80060891"],
      ["contacts", { birthdate: "yesterday" }, 400, "0x80048d19"],
    ];
    for (const [set, body, status, code] of cases) {
      const reply = await em.call("POST", set, body);
      expect({ body, status: reply.status, code: reply.body?.error?.code }).toEqual({ body, status, code });
    }
    await em.call("POST", "contacts", { dxm_sourcekey: "patient:7" });
    const duplicate = await em.call("POST", "contacts", { dxm_sourcekey: "PATIENT:7" });
    expect(duplicate.status).toBe(412);
    expect(duplicate.body.error.code).toBe("0x80060892");
    const id = (await em.call("GET", "contacts?$select=contactid")).body.value[0].contactid;
    const duplicateId = await em.call("POST", "contacts", { contactid: id });
    expect(duplicateId.status).toBe(412);
    expect(duplicateId.body.error).toEqual({ code: "0x80040237", message: "Cannot insert duplicate key." });
    expect(em.stats().rowsPerTable.contact).toBe(1);
  });

  it("enforces Business-required columns only when asked (Dataverse's API enforces SystemRequired only)", async () => {
    expect((await em.call("POST", "dxm_migrationruns", { dxm_mode: 724100000 })).status).toBe(204);
    const strict = await emulator({ requiredLevels: "application" });
    try {
      const reply = await strict.call("POST", "dxm_migrationruns", { dxm_mode: 724100000 });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe("0x80040203");
      expect(reply.body.error.message).toContain("dxm_name");
    } finally {
      await strict.close();
    }
  });

  it("binds lookups by id and by alternate key, polymorphic and owner navigations", async () => {
    const account = idFrom(await em.call("POST", "accounts", { name: "Main St Dental", dxm_sourcekey: "location:1" }));
    const contact = idFrom(await em.call("POST", "contacts", {
      lastname: "P", dxm_sourcekey: "patient:9",
      "parentcustomerid_account@odata.bind": "/accounts(dxm_sourcekey='location:1')",
      "ownerid@odata.bind": "/systemusers(00000000-0000-0000-0000-0000000000c2)",
    }));
    const got = await em.call("GET", `contacts(${contact})?$select=_parentcustomerid_value,_ownerid_value,_owninguser_value`, undefined, { Prefer: 'odata.include-annotations="*"' });
    expect(got.body._parentcustomerid_value).toBe(account);
    expect(got.body["_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname"]).toBe("account");
    expect(got.body["_parentcustomerid_value@OData.Community.Display.V1.FormattedValue"]).toBe("Main St Dental");
    expect(got.body["_ownerid_value@OData.Community.Display.V1.FormattedValue"]).toBe("Dana Whitfield");
    expect(got.body._ownerid_value).toBe("00000000-0000-0000-0000-0000000000c2");
    const expanded = await em.call("GET", `contacts(${contact})?$select=lastname&$expand=parentcustomerid_account($select=name),parentcustomerid_contact`);
    expect(expanded.body.parentcustomerid_account).toMatchObject({ name: "Main St Dental", accountid: account });
    expect(expanded.body.parentcustomerid_contact).toBeNull();
    const listed = await em.call("GET", `contacts?$select=lastname&$expand=ownerid($select=fullname)&$filter=${encodeURIComponent("dxm_sourcekey eq 'patient:9'")}`);
    expect(listed.body.value[0].ownerid.fullname).toBe("Dana Whitfield");
    const note = await em.call("POST", "annotations", { subject: "n", "objectid_contact@odata.bind": `/contacts(${contact})` });
    expect(note.status).toBe(204);
    const call = await em.call("POST", "phonecalls", { subject: "c", "regardingobjectid_contact_phonecall@odata.bind": `/contacts(${contact})` });
    expect(call.status).toBe(204);
    const wrongSet = await em.call("POST", "contacts", { "parentcustomerid_account@odata.bind": `/contacts(${contact})` });
    expect(wrongSet.status).toBe(400);
  });

  it("cascades, removes links and restricts on delete per relationship", async () => {
    const run = idFrom(await em.call("POST", "dxm_migrationruns", { dxm_name: "run" }));
    const patient = idFrom(await em.call("POST", "contacts", { lastname: "P", "dxm_migrationrunid@odata.bind": `/dxm_migrationruns(${run})` }));
    await em.call("POST", "dxm_treatmenthistories", { dxm_name: "t", "dxm_patientid@odata.bind": `/contacts(${patient})` });
    await em.call("POST", "tasks", { subject: "s", "regardingobjectid_contact_task@odata.bind": `/contacts(${patient})` });
    await em.call("POST", "dxm_migrationbatchs", { dxm_name: "b", "dxm_migrationrunid@odata.bind": `/dxm_migrationruns(${run})` });
    const child = idFrom(await em.call("POST", "dxm_migrationruns", { dxm_name: "delta", "dxm_parentrunid@odata.bind": `/dxm_migrationruns(${run})` }));
    const restricted = await em.call("DELETE", `dxm_migrationruns(${run})`);
    expect(restricted.status).toBe(400);
    expect(em.stats().rowsPerTable.dxm_migrationbatch).toBe(1);
    await em.call("DELETE", `dxm_migrationruns(${child})`);
    expect((await em.call("DELETE", `dxm_migrationruns(${run})`)).status).toBe(204);
    expect(em.stats().rowsPerTable.dxm_migrationbatch).toBeUndefined();
    const unlinked = await em.call("GET", `contacts(${patient})?$select=_dxm_migrationrunid_value`);
    expect(unlinked.body._dxm_migrationrunid_value).toBeNull();
    await em.call("DELETE", `contacts(${patient})`);
    expect(em.stats().rowsPerTable.dxm_treatmenthistory).toBeUndefined();
    expect(em.stats().rowsPerTable.task).toBeUndefined();
  });
});
