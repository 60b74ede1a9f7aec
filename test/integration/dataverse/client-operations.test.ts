import { createNodeTransport, DataverseClient, DataverseError, waitForAsyncJob, type DataverseClientOptions } from "../../../dataverse";
import { dataverseError, json, noContent, startTestServer, type TestServer } from "./test-server";

const ID = "0f4c3f92-312b-ee11-bdf4-000d3a993550";
let server: TestServer;
beforeEach(async () => (server = await startTestServer()));
afterEach(() => server.close());

function clientFor(options: Partial<DataverseClientOptions> = {}): DataverseClient {
  return new DataverseClient({ transport: createNodeTransport({ url: server.url }), sleep: async () => undefined, random: () => 0, ...options });
}
const entityId = (set: string, id = ID) => ({ "OData-EntityId": `${server.url}/api/data/v9.2/${set}(${id})` });

describe("records over HTTP", () => {
  it("create: POSTs JSON with OData headers and returns the id from OData-EntityId (204)", async () => {
    server.handle((_req, res) => noContent(res, entityId("contacts")));
    const id = await clientFor().create("contacts", { lastname: "Zoë", dxm_sourcekey: "patient:1" });
    expect(id).toBe(ID);
    const [seen] = server.requests;
    expect([seen.method, seen.path, JSON.parse(seen.body)]).toEqual(["POST", "contacts", { lastname: "Zoë", dxm_sourcekey: "patient:1" }]);
    expect(seen.headers).toMatchObject({ "content-type": "application/json; charset=utf-8", accept: "application/json", "odata-version": "4.0", "odata-maxversion": "4.0" });
    expect(seen.headers.prefer).toBeUndefined();
  });

  it("create with return=representation and the optional headers (201)", async () => {
    server.handle((_req, res) => json(res, 201, { "@odata.id": `${server.url}/api/data/v9.2/contacts(${ID})`, contactid: ID, lastname: "A" }));
    const id = await clientFor().create("contacts", { lastname: "A" }, { returnRepresentation: true, bypassBusinessLogic: "CustomSync,CustomAsync", suppressDuplicateDetection: true });
    expect(id).toBe(ID);
    expect(server.requests[0].headers).toMatchObject({ prefer: "return=representation", "mscrm.bypassbusinesslogicexecution": "CustomSync,CustomAsync", "mscrm.suppressduplicatedetection": "true" });
  });

  it("retrieve: by alternate key with $select; 404 is null", async () => {
    server.handle((req, res) => (req.path.includes("patient:1") ? json(res, 200, { fullname: "A" }) : dataverseError(res, 404, "0x80040217", "contact With Id = x Does Not Exist")));
    const client = clientFor();
    expect(await client.retrieve("contacts", { dxm_sourcekey: "patient:1" }, { select: ["fullname"] })).toEqual({ fullname: "A" });
    expect(await client.retrieve("contacts", { dxm_sourcekey: "patient:2" })).toBeNull();
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([
      ["GET", "contacts(dxm_sourcekey='patient:1')?$select=fullname"],
      ["GET", "contacts(dxm_sourcekey='patient:2')"],
    ]);
  });

  it("update: PATCH with If-Match: * so it never creates", async () => {
    server.handle((_req, res) => noContent(res));
    await clientFor().update("contacts", ID, { lastname: "B" });
    expect(server.requests[0]).toMatchObject({ method: "PATCH", path: `contacts(${ID})`, body: '{"lastname":"B"}' });
    expect(server.requests[0].headers["if-match"]).toBe("*");
  });

  it("upsert: by alternate key with escaped quotes; If-None-Match for createOnly, If-Match for updateOnly", async () => {
    server.handle((_req, res) => noContent(res, entityId("contacts")));
    const client = clientFor();
    expect(await client.upsert("contacts", { dxm_sourcekey: "patient:O'Brien" }, { lastname: "O'Brien" })).toBe(ID);
    await client.upsert("contacts", { dxm_sourcekey: "patient:1" }, {}, "createOnly");
    await client.upsert("contacts", { dxm_sourcekey: "patient:1" }, {}, "updateOnly");
    expect(server.requests.map((r) => [r.method, decodeURIComponent(r.path), r.headers["if-none-match"], r.headers["if-match"]])).toEqual([
      ["PATCH", "contacts(dxm_sourcekey='patient:O''Brien')", undefined, undefined],
      ["PATCH", "contacts(dxm_sourcekey='patient:1')", "*", undefined],
      ["PATCH", "contacts(dxm_sourcekey='patient:1')", undefined, "*"],
    ]);
  });

  it("delete: DELETE the record; Dataverse's error becomes a typed DataverseError", async () => {
    server.handle((req, res) => (req.path === `contacts(${ID})` ? noContent(res) : dataverseError(res, 404, "0x80040217", "Does Not Exist")));
    const client = clientFor();
    await client.delete("contacts", ID);
    const error = await client.delete("contacts", "00000000-0000-0000-0000-000000000001").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseError);
    expect(error).toMatchObject({ status: 404, code: "0x80040217", message: "Does Not Exist", retriable: false });
  });
});

describe("service protection's window as Dataverse reports it", () => {
  it("keeps what the latest response said was left; a response that says nothing leaves it", async () => {
    let left: Record<string, string> = {};
    server.handle((_req, res) => json(res, 200, { value: [] }, left));
    const client = clientFor();
    await client.retrieveMultiple("contacts");
    expect(client.windowLeft).toBeUndefined();
    left = { "x-ms-ratelimit-burst-remaining-xrm-requests": "5990", "x-ms-ratelimit-time-remaining-xrm-requests": "1199500" };
    await client.retrieveMultiple("contacts");
    expect(client.windowLeft).toEqual({ requests: 5990, executionMs: 1_199_500 });
    left = { "x-ms-ratelimit-burst-remaining-xrm-requests": "12", "x-ms-ratelimit-time-remaining-xrm-requests": "40" };
    await client.retrieveMultiple("contacts");
    expect(client.windowLeft).toEqual({ requests: 12, executionMs: 40 });
    left = {};
    await client.retrieveMultiple("contacts");
    expect(client.windowLeft).toEqual({ requests: 12, executionMs: 40 });
  });
});

describe("queries over HTTP", () => {
  it("retrieveMultiple: query options in the URL, page size in Prefer, count and nextLink read back", async () => {
    server.handle((_req, res) => json(res, 200, { "@odata.count": 42, value: [{ n: 1 }], "@odata.nextLink": `${server.url}/api/data/v9.2/contacts?$skiptoken=abc` }));
    const page = await clientFor().retrieveMultiple("contacts", { select: ["n"], filter: "statecode eq 0", top: 100, count: true, maxPageSize: 1 });
    expect(page).toEqual({ value: [{ n: 1 }], count: 42, nextLink: `${server.url}/api/data/v9.2/contacts?$skiptoken=abc` });
    expect(server.requests[0].path).toBe("contacts?$select=n&$filter=statecode%20eq%200&$top=100&$count=true");
    expect(server.requests[0].headers.prefer).toBe("odata.maxpagesize=1");
  });

  it("retrieveAll: follows @odata.nextLink to the end, keeping the page size", async () => {
    server.handle((req, res) => {
      const page = Number(/page=(\d)/.exec(req.path)?.[1] ?? 0);
      json(res, 200, { value: [{ page }], ...(page < 2 ? { "@odata.nextLink": `${server.url}/api/data/v9.2/contacts?page=${page + 1}` } : {}) });
    });
    expect(await clientFor().retrieveAll("contacts", { maxPageSize: 1 })).toEqual([{ page: 0 }, { page: 1 }, { page: 2 }]);
    expect(server.requests.map((r) => [r.path, r.headers.prefer])).toEqual([["contacts", "odata.maxpagesize=1"], ["contacts?page=1", "odata.maxpagesize=1"], ["contacts?page=2", "odata.maxpagesize=1"]]);
  });

  it("nextPage refuses a link outside the Web API root", async () => {
    await expect(clientFor().nextPage("https://elsewhere.example/api/data/v9.2/contacts")).rejects.toThrow(/outside the Web API root/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("$batch over HTTP", () => {
  const batchResponse = (boundary: string, parts: string[]) => [...parts.flatMap((p) => [`--${boundary}`, p]), `--${boundary}--`, ""].join("\r\n");
  const httpPart = (lines: string[]) => ["Content-Type: application/http", "Content-Transfer-Encoding: binary", "", ...lines].join("\r\n");

  it("sends multipart/mixed with continue-on-error and maps each part's result, error included", async () => {
    server.handle((_req, res) => {
      res.writeHead(200, { "Content-Type": "multipart/mixed; boundary=batchresponse_r1" });
      res.end(batchResponse("batchresponse_r1", [
        ["Content-Type: multipart/mixed; boundary=changesetresponse_c1", "", "--changesetresponse_c1", httpPart(["HTTP/1.1 204 No Content", `OData-EntityId: ${server.url}/api/data/v9.2/contacts(${ID})`, "", ""]).replace("binary\r\n", "binary\r\nContent-ID: 1\r\n"), "--changesetresponse_c1--"].join("\r\n"),
        httpPart(["HTTP/1.1 400 Bad Request", "Content-Type: application/json", "", '{"error":{"code":"0x80044331","message":"A validation error occurred."}}']),
      ]));
    });
    const results = await clientFor().executeBatch({
      changeSets: [[{ method: "PATCH", url: "contacts(dxm_sourcekey='patient:1')", body: { lastname: "A" } }], [{ method: "PATCH", url: "contacts(dxm_sourcekey='patient:2')", body: { lastname: "B" } }]],
      continueOnError: true,
    }, { suppressDuplicateDetection: true });
    const [seen] = server.requests;
    expect([seen.method, seen.path, seen.headers.prefer]).toEqual(["POST", "$batch", "odata.continue-on-error"]);
    const boundary = /^multipart\/mixed; boundary=(batch_[0-9a-f-]{36})$/.exec(String(seen.headers["content-type"]))?.[1];
    expect(boundary).toBeDefined();
    expect(seen.body.startsWith(`--${boundary}\r\n`)).toBe(true);
    expect(seen.body.endsWith(`--${boundary}--\r\n`)).toBe(true);
    expect(seen.body).toContain("PATCH /api/data/v9.2/contacts(dxm_sourcekey='patient:2') HTTP/1.1\r\nMSCRM.SuppressDuplicateDetection: true\r\n");
    expect(results).toEqual([
      { index: 0, contentId: "1", status: 204, entityId: ID },
      { index: 1, contentId: "2", status: 400, body: { error: { code: "0x80044331", message: "A validation error occurred." } }, error: { status: 400, code: "0x80044331", message: "A validation error occurred.", retriable: false } },
    ]);
  });

  it("reads the parts of a batch that failed with 400 instead of throwing a generic error", async () => {
    server.handle((_req, res) => {
      res.writeHead(400, { "Content-Type": "multipart/mixed; boundary=batchresponse_r2" });
      res.end(batchResponse("batchresponse_r2", [httpPart(["HTTP/1.1 412 Precondition Failed", "Content-Type: application/json", "", '{"error":{"code":"0x80040237","message":"A record with matching key values already exists."}}'])]));
    });
    const results = await clientFor().executeBatch({ changeSets: [[{ method: "POST", url: "contacts", body: {} }], [{ method: "POST", url: "contacts", body: {} }]] });
    expect(results.map((r) => [r.status, r.error?.code])).toEqual([[412, "0x80040237"], [0, "dxm.NotExecuted"]]);
  });

  it("refuses more than 1000 operations before sending anything", async () => {
    const op = { method: "PATCH" as const, url: "contacts(dxm_sourcekey='p')", body: {} };
    await expect(clientFor().executeBatch({ changeSets: [Array.from({ length: 1001 }, () => op)] })).rejects.toThrow(/at most 1000 operations/);
    expect(server.requests).toHaveLength(0);
  });
});

describe("bulk messages over HTTP", () => {
  it("CreateMultiple / UpdateMultiple / UpsertMultiple: bound action, Targets typed, Ids back in order", async () => {
    server.handle((req, res) => (req.path.endsWith("UpdateMultiple") ? noContent(res) : json(res, 200, { Ids: [ID, "904c3f92-312b-ee11-bdf4-000d3a993550"] })));
    const client = clientFor();
    const targets = [{ dxm_name: "a" }, { dxm_name: "b" }];
    expect(await client.createMultiple("dxm_appointments", "dxm_appointment", targets)).toEqual([ID, "904c3f92-312b-ee11-bdf4-000d3a993550"]);
    await client.updateMultiple("dxm_appointments", "dxm_appointment", targets, { bypassBusinessLogic: "CustomSync" });
    expect(await client.upsertMultiple("dxm_appointments", "dxm_appointment", targets)).toHaveLength(2);
    expect(server.requests.map((r) => r.path)).toEqual([
      "dxm_appointments/Microsoft.Dynamics.CRM.CreateMultiple", "dxm_appointments/Microsoft.Dynamics.CRM.UpdateMultiple", "dxm_appointments/Microsoft.Dynamics.CRM.UpsertMultiple",
    ]);
    expect(JSON.parse(server.requests[0].body)).toEqual({ Targets: [{ dxm_name: "a", "@odata.type": "Microsoft.Dynamics.CRM.dxm_appointment" }, { dxm_name: "b", "@odata.type": "Microsoft.Dynamics.CRM.dxm_appointment" }] });
    expect(server.requests[1].headers["mscrm.bypassbusinesslogicexecution"]).toBe("CustomSync");
    expect(client.counters.operations).toBe(6);
  });

  it("supportsBulk: asks sdkmessagefilters once per table and message", async () => {
    server.handle((req, res) => json(res, 200, { value: decodeURIComponent(req.path).includes("'contact'") ? [{ sdkmessagefilterid: ID }] : [] }));
    const client = clientFor();
    expect(await client.supportsBulk("contact", "CreateMultiple")).toBe(true);
    expect(await client.supportsBulk("contact", "CreateMultiple")).toBe(true);
    expect(await client.supportsBulk("dxm_note", "CreateMultiple")).toBe(false);
    expect(server.requests.map((r) => decodeURIComponent(r.path))).toEqual([
      "sdkmessagefilters?$select=sdkmessagefilterid&$filter=sdkmessageid/name eq 'CreateMultiple' and primaryobjecttypecode eq 'contact'",
      "sdkmessagefilters?$select=sdkmessagefilterid&$filter=sdkmessageid/name eq 'CreateMultiple' and primaryobjecttypecode eq 'dxm_note'",
    ]);
  });
});

describe("metadata, org and jobs over HTTP", () => {
  it("getEntityMetadata: table with attributes and keys, plus option sets", async () => {
    server.handle((req, res) => {
      if (req.path.includes("PicklistAttributeMetadata") && !req.path.includes("MultiSelect")) {
        return json(res, 200, { value: [{ LogicalName: "dxm_status", OptionSet: { Options: [{ Value: 724100000, Label: { UserLocalizedLabel: { Label: "Open" } } }] } }] });
      }
      if (req.path.includes("/Attributes/")) return json(res, 200, { value: [] });
      json(res, 200, { LogicalName: "dxm_appointment", EntitySetName: "dxm_appointments", PrimaryIdAttribute: "dxm_appointmentid", PrimaryNameAttribute: "dxm_name", IsCustomEntity: true, Attributes: [{ LogicalName: "dxm_status", AttributeType: "Picklist", RequiredLevel: { Value: "None" } }], Keys: [] });
    });
    const metadata = await clientFor().getEntityMetadata("dxm_appointment");
    expect(metadata.Attributes).toEqual([{ LogicalName: "dxm_status", AttributeType: "Picklist", RequiredLevel: "None", Options: [{ Value: 724100000, Label: "Open" }] }]);
    const paths = server.requests.map((r) => decodeURIComponent(r.path)).sort();
    expect(paths).toHaveLength(4);
    expect(paths).toContain("EntityDefinitions(LogicalName='dxm_appointment')?$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,IsCustomEntity&$expand=Attributes,Keys($select=LogicalName,KeyAttributes)");
    expect(paths).toContain("EntityDefinitions(LogicalName='dxm_appointment')/Attributes/Microsoft.Dynamics.CRM.PicklistAttributeMetadata?$expand=OptionSet($select=Options),GlobalOptionSet($select=Options)");
  });

  it("createColumn POSTs the attribute into the solution; publish sends PublishXml", async () => {
    server.handle((_req, res) => noContent(res));
    const client = clientFor({ solutionUniqueName: "DentalExecMigration" });
    await client.createColumn({ table: "contact", logicalName: "dxm_chartno", displayName: "Chart number", type: "string", maxLength: 40 });
    await client.publish(["contact"]);
    expect(server.requests.map((r) => [r.method, r.path])).toEqual([["POST", "EntityDefinitions(LogicalName='contact')/Attributes"], ["POST", "PublishXml"]]);
    expect(server.requests[0].headers["mscrm.solutionuniquename"]).toBe("DentalExecMigration");
    expect(JSON.parse(server.requests[0].body)).toMatchObject({ "@odata.type": "Microsoft.Dynamics.CRM.StringAttributeMetadata", SchemaName: "dxm_chartno", MaxLength: 40 });
    expect(JSON.parse(server.requests[1].body)).toEqual({ ParameterXml: "<importexportxml><entities><entity>contact</entity></entities></importexportxml>" });
  });

  it("whoAmI, BulkDelete and polling the async job until it completes", async () => {
    let polls = 0;
    server.handle((req, res) => {
      if (req.path === "WhoAmI") return json(res, 200, { "@odata.context": "x", UserId: ID, BusinessUnitId: "b", OrganizationId: "o" });
      if (req.path === "BulkDelete") return json(res, 200, { JobId: "7D4C3F92-312B-EE11-BDF4-000D3A993550" });
      polls += 1;
      json(res, 200, { statecode: polls < 3 ? 2 : 3, statuscode: polls < 3 ? 20 : 30 });
    });
    const client = clientFor();
    expect(await client.whoAmI()).toEqual({ UserId: ID, BusinessUnitId: "b", OrganizationId: "o" });
    const jobId = await client.bulkDelete({ name: "Rollback", table: "contact", conditions: [{ attribute: "dxm_migrationrunid", operator: "eq", values: [ID] }] });
    expect(jobId).toBe("7d4c3f92-312b-ee11-bdf4-000d3a993550");
    expect(JSON.parse(server.requests[1].body).QuerySet[0].EntityName).toBe("contact");
    const seenStates: number[] = [];
    const final = await waitForAsyncJob(client, jobId, { wait: async () => undefined, onPoll: (s) => seenStates.push(s.stateCode) });
    expect(final).toEqual({ id: jobId, stateCode: 3, statusCode: 30 });
    expect(seenStates).toEqual([2, 2, 3]);
    expect(server.requests[2].path).toBe(`asyncoperations(${jobId})?$select=asyncoperationid,statecode,statuscode,message,friendlymessage`);
  });

  it("execute: any function or action, JSON back", async () => {
    server.handle((req, res) => json(res, 200, { echoed: JSON.parse(req.body || "null"), path: req.path }));
    expect(await clientFor().execute("POST", "InitializeAnnotationBlocksUpload", { Target: { "@odata.type": "Microsoft.Dynamics.CRM.annotation" } })).toEqual({
      echoed: { Target: { "@odata.type": "Microsoft.Dynamics.CRM.annotation" } }, path: "InitializeAnnotationBlocksUpload",
    });
  });
});
