import { emulator } from "./helpers";

function batchBody(boundary: string, parts: string[]): string {
  return `${parts.map((p) => `--${boundary}\r\n${p}`).join("\r\n")}\r\n--${boundary}--\r\n`;
}
const httpPart = (method: string, url: string, body?: unknown, contentId?: string) =>
  `Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n${contentId ? `Content-ID: ${contentId}\r\n` : ""}\r\n${method} ${url} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n${body === undefined ? "" : JSON.stringify(body)}`;
const changeSet = (boundary: string, parts: string[]) => `Content-Type: multipart/mixed; boundary=${boundary}\r\n\r\n${batchBody(boundary, parts)}`;

describe("emulator $batch and bulk messages", () => {
  let em: Awaited<ReturnType<typeof emulator>>;
  beforeAll(async () => { em = await emulator(); });
  afterAll(async () => { await em.close(); });
  beforeEach(() => em.reset());

  const post = (body: string, prefer?: string) => em.call("POST", "$batch", body, { "Content-Type": "multipart/mixed; boundary=batch_1", ...(prefer ? { Prefer: prefer } : {}) });

  it("runs a change set atomically with Content-ID references and answers in Dataverse's multipart shape", async () => {
    const reply = await post(batchBody("batch_1", [
      changeSet("changeset_1", [
        httpPart("POST", `${em.apiUrl}accounts`, { name: "Practice" }, "1"),
        httpPart("POST", "/api/data/v9.2/contacts", { lastname: "Kid", "parentcustomerid_account@odata.bind": "$1" }, "2"),
      ]),
      httpPart("GET", "contacts?$select=lastname"),
    ]));
    expect(reply.status).toBe(200);
    expect(reply.headers.get("content-type")).toMatch(/^multipart\/mixed; boundary=batchresponse_/);
    expect(reply.text).toMatch(/Content-Type: multipart\/mixed; boundary=changesetresponse_/);
    expect(reply.text.match(/HTTP\/1\.1 204 No Content/g)).toHaveLength(2);
    expect(reply.text).toMatch(/Content-ID: 2\r\n\r\nHTTP\/1\.1 204/);
    expect(reply.text).toMatch(/HTTP\/1\.1 200 OK[\s\S]*"lastname":"Kid"/);
    const contact = await em.call("GET", `contacts?$select=_parentcustomerid_value`);
    expect(contact.body.value[0]._parentcustomerid_value).not.toBeNull();
  });

  it("rolls back a failed change set, stops without continue-on-error and continues with it", async () => {
    const failing = changeSet("changeset_2", [httpPart("POST", "accounts", { name: "kept?" }), httpPart("POST", "accounts", { nosuch: 1 })]);
    const later = httpPart("POST", "contacts", { lastname: "after" });
    const stopped = await post(batchBody("batch_1", [failing, later]));
    expect(stopped.text).toMatch(/HTTP\/1\.1 400 Bad Request[\s\S]*0x80048d19/);
    expect(stopped.text).not.toMatch(/changesetresponse/);
    expect(em.stats().rowsPerTable.account).toBeUndefined();
    expect(em.stats().rowsPerTable.contact).toBeUndefined();
    const continued = await post(batchBody("batch_1", [failing, later]), "odata.continue-on-error");
    expect(continued.text).toMatch(/HTTP\/1\.1 204/);
    expect(em.stats().rowsPerTable.account).toBeUndefined();
    expect(em.stats().rowsPerTable.contact).toBe(1);
  });

  it("counts the records a bulk message carries inside a change set as bulk operations (the cost model charges them as such)", async () => {
    const body = batchBody("batch_1", [
      changeSet("changeset_1", [
        httpPart("POST", "contacts/Microsoft.Dynamics.CRM.CreateMultiple", { Targets: [1, 2, 3].map((n) => ({ "@odata.type": "Microsoft.Dynamics.CRM.contact", lastname: `Bulk ${n}` })) }),
        httpPart("POST", "accounts", { name: "Single" }),
      ]),
      httpPart("GET", "contacts?$select=lastname"),
    ]);
    const response = em.emulator.execute({ method: "POST", path: "$batch", query: new URLSearchParams(), headers: { "content-type": "multipart/mixed; boundary=batch_1" }, body: undefined }, body);
    expect(response.status).toBe(200);
    expect(response.operations).toBe(5);
    expect(response.bulkOperations).toBe(3);
  });

  it("refuses more than 1,000 operations in one batch", async () => {
    const parts = Array.from({ length: 1001 }, () => httpPart("GET", "WhoAmI"));
    const reply = await post(batchBody("batch_1", parts));
    expect(reply.status).toBe(400);
  });

  it("CreateMultiple / UpdateMultiple / UpsertMultiple are all or nothing", async () => {
    const target = (i: number) => ({ "@odata.type": "Microsoft.Dynamics.CRM.contact", lastname: `L${i}`, dxm_sourcekey: `patient:${i}` });
    const created = await em.call("POST", "contacts/Microsoft.Dynamics.CRM.CreateMultiple", { Targets: [target(1), target(2)] });
    expect(created.status).toBe(200);
    expect(created.body.Ids).toHaveLength(2);
    const failed = await em.call("POST", "contacts/Microsoft.Dynamics.CRM.CreateMultiple", { Targets: [target(3), target(1)] });
    expect(failed.status).toBe(412);
    expect(failed.body.error.code).toBe("0x80060892");
    expect(em.stats().rowsPerTable.contact).toBe(2);
    const updated = await em.call("POST", "contacts/Microsoft.Dynamics.CRM.UpdateMultiple", { Targets: [{ "@odata.type": "Microsoft.Dynamics.CRM.contact", contactid: created.body.Ids[0], firstname: "U" }] });
    expect(updated.status).toBe(204);
    const upserted = await em.call("POST", "contacts/Microsoft.Dynamics.CRM.UpsertMultiple", {
      Targets: [{ ...target(2), firstname: "again", "@odata.id": "contacts(dxm_sourcekey='patient:2')" }, target(4)],
    });
    expect(upserted.status).toBe(200);
    expect(upserted.body.Ids[0]).toBe(created.body.Ids[1]);
    expect(em.stats().rowsPerTable.contact).toBe(3);
    const first = await em.call("GET", `contacts(${created.body.Ids[0]})?$select=firstname`);
    expect(first.body.firstname).toBe("U");
  });
});
