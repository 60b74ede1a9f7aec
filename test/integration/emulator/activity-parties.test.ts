import { emulator, idFrom } from "./helpers";

const USER = "00000000-0000-0000-0000-0000000000c2";
const OTHER_USER = "00000000-0000-0000-0000-0000000000c3";

/** Email parties as Dataverse takes them: deep insert through `email_activity_parties` (From = 1, To = 2). */
describe("emulator activity parties", () => {
  let em: Awaited<ReturnType<typeof emulator>>;
  beforeAll(async () => { em = await emulator(); });
  afterAll(async () => { await em.close(); });
  beforeEach(async () => {
    em.reset();
    await em.call("PATCH", "contacts(dxm_sourcekey='patient:1')", { lastname: "P1" });
    await em.call("PATCH", "contacts(dxm_sourcekey='patient:2')", { lastname: "P2" });
  });

  const parties = (from: string, to: string) => [
    { participationtypemask: 1, "partyid_systemuser@odata.bind": `/systemusers(${from})` },
    { participationtypemask: 2, "partyid_contact@odata.bind": `/contacts(dxm_sourcekey='${to}')`, addressused: "p@example.org" },
  ];
  const partiesOf = async (emailId: string) => {
    const reply = await em.call("GET", `activityparties?$select=participationtypemask,_partyid_value,addressused&$filter=_activityid_value eq ${emailId}&$orderby=participationtypemask`, undefined, { Prefer: 'odata.include-annotations="*"' });
    expect(reply.status).toBe(200);
    return (reply.body.value as Record<string, unknown>[]).map((p) => ({
      mask: p.participationtypemask, party: p._partyid_value, type: p["_partyid_value@Microsoft.Dynamics.CRM.lookuplogicalname"], address: p.addressused ?? null,
    }));
  };
  const contactId = async (key: string) => (await em.call("GET", `contacts(dxm_sourcekey='${key}')?$select=contactid`)).body.contactid as string;

  it("deep-inserts parties on create, binding by id or by alternate key", async () => {
    const id = idFrom(await em.call("POST", "emails", { subject: "Reminder", email_activity_parties: parties(USER, "patient:1") }));
    expect(await partiesOf(id)).toEqual([
      { mask: 1, party: USER, type: "systemuser", address: null },
      { mask: 2, party: await contactId("patient:1"), type: "contact", address: "p@example.org" },
    ]);
  });

  it("refuses a collection name $metadata does not declare for the table, and a value that is not an array of objects", async () => {
    for (const name of ["Email_activity_parties", "task_activity_parties", "activity_parties", "email_activityparties"]) {
      const reply = await em.call("POST", "emails", { subject: "x", [name]: parties(USER, "patient:1") });
      expect(reply.status).toBe(400);
      expect(reply.body.error.code).toBe("0x80048d19");
    }
    for (const value of [{ participationtypemask: 1 }, ["x"], null]) {
      expect((await em.call("POST", "emails", { subject: "x", email_activity_parties: value })).status).toBe(400);
    }
    const wrongSet = await em.call("POST", "emails", { subject: "x", email_activity_parties: [{ participationtypemask: 1, "partyid_contact@odata.bind": `/systemusers(${USER})` }] });
    expect(wrongSet.status).toBe(400);
    const missing = await em.call("POST", "emails", { subject: "x", email_activity_parties: parties(USER, "patient:404") });
    expect(missing.status).toBe(404);
    expect((await em.call("GET", "emails?$select=activityid")).body.value).toHaveLength(0);
    expect((await em.call("GET", "activityparties?$select=activitypartyid")).body.value).toHaveLength(0);
  });

  it("an update carrying the collection replaces the party list; one without it leaves the parties alone", async () => {
    const id = idFrom(await em.call("POST", "emails", { subject: "Reminder", email_activity_parties: parties(USER, "patient:1") }));
    expect((await em.call("PATCH", `emails(${id})`, { subject: "Again" })).status).toBe(204);
    expect(await partiesOf(id)).toHaveLength(2);
    expect((await em.call("PATCH", `emails(${id})`, { email_activity_parties: parties(OTHER_USER, "patient:2") })).status).toBe(204);
    expect(await partiesOf(id)).toEqual([
      { mask: 1, party: OTHER_USER, type: "systemuser", address: null },
      { mask: 2, party: await contactId("patient:2"), type: "contact", address: "p@example.org" },
    ]);
    expect((await em.call("GET", "activityparties?$select=activitypartyid")).body.value).toHaveLength(2);
  });

  it("CreateMultiple deep-inserts; UpsertMultiple and UpdateMultiple replace, never duplicate", async () => {
    const a = "10000000-0000-0000-0000-00000000000a";
    const b = "10000000-0000-0000-0000-00000000000b";
    const created = await em.call("POST", "emails/Microsoft.Dynamics.CRM.CreateMultiple", {
      Targets: [
        { "@odata.type": "Microsoft.Dynamics.CRM.email", activityid: a, subject: "A", email_activity_parties: parties(USER, "patient:1") },
        { "@odata.type": "Microsoft.Dynamics.CRM.email", activityid: b, subject: "B", email_activity_parties: parties(USER, "patient:2") },
      ],
    });
    expect(created.status).toBe(200);
    for (const message of ["UpsertMultiple", "UpdateMultiple"]) {
      const reply = await em.call("POST", `emails/Microsoft.Dynamics.CRM.${message}`, {
        Targets: [
          { "@odata.type": "Microsoft.Dynamics.CRM.email", activityid: a, subject: "A2", email_activity_parties: parties(OTHER_USER, "patient:1") },
          { "@odata.type": "Microsoft.Dynamics.CRM.email", activityid: b, subject: "B2" },
        ],
      });
      expect(reply.status).toBeLessThan(300);
      expect((await partiesOf(a)).map((p) => [p.mask, p.party])).toEqual([[1, OTHER_USER], [2, await contactId("patient:1")]]);
      expect((await partiesOf(b)).map((p) => [p.mask, p.party])).toEqual([[1, USER], [2, await contactId("patient:2")]]);
    }
    expect((await em.call("GET", "activityparties?$select=activitypartyid")).body.value).toHaveLength(4);
  });

  it("deleting the email deletes its parties (cascade), not the contact or user", async () => {
    const id = idFrom(await em.call("POST", "emails", { subject: "Reminder", email_activity_parties: parties(USER, "patient:1") }));
    expect((await em.call("DELETE", `emails(${id})`)).status).toBe(204);
    expect((await em.call("GET", "activityparties?$select=activitypartyid")).body.value).toHaveLength(0);
    expect((await em.call("GET", "contacts(dxm_sourcekey='patient:1')?$select=contactid")).status).toBe(200);
    expect((await em.call("GET", `systemusers(${USER})?$select=systemuserid`)).status).toBe(200);
  });
});
