/** The emulator's "no" switches answered over HTTP: each refusal's status, code and message, and what the strict profile changes. */
import { emulator } from "./helpers";

function batchBody(boundary: string, parts: string[]): string {
  return `${parts.map((p) => `--${boundary}\r\n${p}`).join("\r\n")}\r\n--${boundary}--\r\n`;
}
const httpPart = (method: string, url: string, body?: unknown, contentId?: string) =>
  `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n${contentId ? `Content-ID: ${contentId}\r\n` : ""}\r\n${method} ${url} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n${body === undefined ? "" : JSON.stringify(body)}`;
const changeSet = (boundary: string, parts: string[]) => `Content-Type: multipart/mixed; boundary=${boundary}\r\n\r\n${batchBody(boundary, parts)}`;
const ADMIN = "00000000-0000-0000-0000-0000000000c1";

describe("emulator refusals (profile strict)", () => {
  let em: Awaited<ReturnType<typeof emulator>>;
  let yes: Awaited<ReturnType<typeof emulator>>;
  beforeAll(async () => {
    em = await emulator({ profile: "strict" });
    yes = await emulator();
  });
  afterAll(async () => {
    await em.close();
    await yes.close();
  });

  const batch = (target: typeof em, parts: string[]) => target.call("POST", "$batch", batchBody("batch_1", parts), { "Content-Type": "multipart/mixed; boundary=batch_1" });
  const party = { participationtypemask: 1, "partyid_systemuser@odata.bind": `systemusers(${ADMIN})` };

  it("(a) a bulk message inside a change set: 400 with its message, nothing written; the default profile takes it", async () => {
    const parts = [changeSet("cs_1", [httpPart("POST", "contacts/Microsoft.Dynamics.CRM.CreateMultiple", { Targets: [{ "@odata.type": "Microsoft.Dynamics.CRM.contact", lastname: "A" }] }, "1")])];
    const reply = await batch(em, parts);
    expect(reply.text).toMatch(/HTTP\/1\.1 400 Bad Request/);
    expect(reply.text).toContain('"code":"0x0","message":"The \'CreateMultiple\' message cannot be executed inside a change set.');
    expect((await em.call("GET", "contacts?$select=lastname")).body.value).toEqual([]);
    expect((await batch(yes, parts)).text).toMatch(/HTTP\/1\.1 200 OK/);
  });

  it("(b) parties deep-inserted in CreateMultiple: 400 naming the collection; alone (not bulk) they are taken", async () => {
    const reply = await em.call("POST", "phonecalls/Microsoft.Dynamics.CRM.CreateMultiple", { Targets: [{ "@odata.type": "Microsoft.Dynamics.CRM.phonecall", subject: "Call", phonecall_activity_parties: [party] }] });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^CreateMultiple does not support related records: the navigation property 'phonecall_activity_parties' cannot be deep-inserted\./);
    expect((await em.call("POST", "phonecalls", { subject: "Call", phonecall_activity_parties: [party] })).status).toBe(204);
  });

  it("(c) a column created inside a change set: 400; on its own request it is created", async () => {
    const column = { "@odata.type": "Microsoft.Dynamics.CRM.StringAttributeMetadata", SchemaName: "dxm_probe", AttributeType: "String", AttributeTypeName: { Value: "StringType" }, MaxLength: 10, RequiredLevel: { Value: "None" }, DisplayName: { LocalizedLabels: [{ Label: "Probe", LanguageCode: 1033 }] } };
    const reply = await batch(em, [changeSet("cs_1", [httpPart("POST", "EntityDefinitions(LogicalName='contact')/Attributes", column, "1")])]);
    expect(reply.text).toContain('"message":"Metadata operations cannot be executed inside a change set."');
    expect((await em.call("POST", "EntityDefinitions(LogicalName='contact')/Attributes", column)).status).toBe(204);
  });

  it("(d) an update carrying the party collection adds to the list instead of replacing it", async () => {
    const created = await em.call("POST", "phonecalls", { subject: "Call", phonecall_activity_parties: [party] });
    const id = created.headers.get("odata-entityid")!.match(/\(([^)]+)\)$/)![1];
    expect((await em.call("PATCH", `phonecalls(${id})`, { phonecall_activity_parties: [party] })).status).toBe(204);
    const parties = await em.call("GET", `activityparties?$select=activitypartyid&$filter=_activityid_value eq ${id}`);
    expect(parties.body.value).toHaveLength(2);
  });

  it("(e) In on sdkmessagefilters: 400; or-ed comparisons answer", async () => {
    const inFilter = encodeURIComponent("Microsoft.Dynamics.CRM.In(PropertyName='primaryobjecttypecode',PropertyValues=['contact'])");
    const refused = await em.call("GET", `sdkmessagefilters?$select=primaryobjecttypecode&$filter=${inFilter}`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toBe("The query function 'Microsoft.Dynamics.CRM.In' is not supported on the entity 'sdkmessagefilter'.");
    const ored = await em.call("GET", `sdkmessagefilters?$select=primaryobjecttypecode&$filter=${encodeURIComponent("sdkmessageid/name eq 'CreateMultiple' and (primaryobjecttypecode eq 'contact' or primaryobjecttypecode eq 'email')")}`);
    expect(ored.body.value.map((r: { primaryobjecttypecode: string }) => r.primaryobjecttypecode)).toEqual(["contact"]);
  });

  it("(f) a GET longer than 4,096 characters, alone or in a $batch: 414", async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `'00000000-0000-0000-0000-${String(i).padStart(12, "0")}'`).join(",");
    const url = `contacts?$select=contactid&$filter=${encodeURIComponent(`Microsoft.Dynamics.CRM.In(PropertyName='contactid',PropertyValues=[${ids}])`)}`;
    expect((await em.call("GET", url)).status).toBe(414);
    expect((await batch(em, [httpPart("GET", url)])).text).toMatch(/HTTP\/1\.1 414[^\r]*\r\n[\s\S]*The request URL is \d+ characters long; the limit is 4096\./);
    expect((await yes.call("GET", url)).status).toBe(200);
  });

  it("no bulk messages on email, a 1 MB MaxUploadFileSize, an x-ms-dop-hint of 2", async () => {
    const reply = await em.call("POST", "emails/Microsoft.Dynamics.CRM.CreateMultiple", { Targets: [{ "@odata.type": "Microsoft.Dynamics.CRM.email", subject: "Mail" }] });
    expect(reply.status).toBe(400);
    expect(reply.body.error.code).toBe("0x80040800");
    const filters = await em.call("GET", `sdkmessagefilters?$select=primaryobjecttypecode&$filter=${encodeURIComponent("primaryobjecttypecode eq 'email'")}`);
    expect(filters.body.value).toEqual([]);
    const org = await em.call("GET", "organizations?$select=maxuploadfilesize");
    expect(org.body.value[0].maxuploadfilesize).toBe(1024 * 1024);
    expect(org.headers.get("x-ms-dop-hint")).toBe("2");
    em.reset();
    expect((await em.call("GET", "organizations?$select=maxuploadfilesize")).body.value[0].maxuploadfilesize).toBe(1024 * 1024);
  });
});
