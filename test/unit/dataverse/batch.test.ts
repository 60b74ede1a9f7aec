import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildBatchBody, matchBatchResults, MAX_BATCH_OPERATIONS, NOT_EXECUTED_CODE, parseBatchResponse, assertValidBatch, type BatchRequest } from "../../../dataverse";

const fixture = (name: string) => readFileSync(join(__dirname, "fixtures", name), "utf8");
const normalise = (body: string) => body.replace(/batch_[0-9a-f-]{36}/g, "batch_B").replace(/changeset_[0-9a-f-]{36}/g, "changeset_C");
const crlf = (lines: string[]) => lines.join("\r\n");

describe("$batch request body", () => {
  it("writes change sets with Content-IDs and $1 references, then GETs, in Dataverse's multipart format", () => {
    const request: BatchRequest = {
      changeSets: [[
        { method: "POST", url: "contacts", body: { lastname: "Test", dxm_sourcekey: "patient:1" }, contentId: "1" },
        { method: "PATCH", url: "$1", body: { "parentcustomerid_account@odata.bind": "accounts(dxm_sourcekey='practice:1')" } },
      ]],
      gets: [{ method: "GET", url: "contacts?$select=lastname" }],
    };
    const built = buildBatchBody(request, "/api/data/v9.2/", { "MSCRM.SuppressDuplicateDetection": "true" });

    expect(normalise(built.contentType)).toBe("multipart/mixed; boundary=batch_B");
    expect(normalise(built.body)).toBe(crlf([
      "--batch_B",
      "Content-Type: multipart/mixed; boundary=changeset_C",
      "",
      "--changeset_C",
      "Content-Type: application/http",
      "Content-Transfer-Encoding: binary",
      "Content-ID: 1",
      "",
      "POST /api/data/v9.2/contacts HTTP/1.1",
      "MSCRM.SuppressDuplicateDetection: true",
      "Content-Type: application/json; type=entry",
      "",
      '{"lastname":"Test","dxm_sourcekey":"patient:1"}',
      "--changeset_C",
      "Content-Type: application/http",
      "Content-Transfer-Encoding: binary",
      "Content-ID: 2",
      "",
      "PATCH $1 HTTP/1.1",
      "MSCRM.SuppressDuplicateDetection: true",
      "Content-Type: application/json; type=entry",
      "",
      '{"parentcustomerid_account@odata.bind":"accounts(dxm_sourcekey=\'practice:1\')"}',
      "--changeset_C--",
      "",
      "--batch_B",
      "Content-Type: application/http",
      "Content-Transfer-Encoding: binary",
      "",
      "GET /api/data/v9.2/contacts?$select=lastname HTTP/1.1",
      "Accept: application/json",
      "",
      "",
      "--batch_B--",
      "",
    ]));
    expect(built.contentIds).toEqual(["1", "2", undefined]);
  });

  it("gives each change set its own boundary and never reuses an explicit Content-ID", () => {
    const request: BatchRequest = {
      changeSets: [
        [{ method: "PATCH", url: "contacts(dxm_sourcekey='patient:1')", body: {} }, { method: "DELETE", url: "tasks(00000000-0000-0000-0000-000000000001)", contentId: "1" }],
        [{ method: "PATCH", url: "contacts(dxm_sourcekey='patient:2')", body: {}, headers: { "If-Match": "*" } }],
      ],
    };
    const built = buildBatchBody(request, "/api/data/v9.2/", {}, { batch: "batch_X", changeSet: (i) => `changeset_${i}` });
    expect(built.contentIds).toEqual(["2", "1", "3"]);
    expect(built.body).toContain("Content-Type: multipart/mixed; boundary=changeset_0");
    expect(built.body).toContain("Content-Type: multipart/mixed; boundary=changeset_1");
    expect(built.body).toContain("PATCH /api/data/v9.2/contacts(dxm_sourcekey='patient:2') HTTP/1.1\r\nContent-Type: application/json; type=entry\r\nIf-Match: *\r\n\r\n{}");
    expect(built.body).toContain("DELETE /api/data/v9.2/tasks(00000000-0000-0000-0000-000000000001) HTTP/1.1\r\n\r\n\r\n--changeset_0--");
  });

  it("refuses more than 1000 operations, empty batches, GETs inside change sets and writes outside them", () => {
    const op = { method: "PATCH" as const, url: "contacts(dxm_sourcekey='p')", body: {} };
    expect(() => assertValidBatch({ changeSets: [Array.from({ length: MAX_BATCH_OPERATIONS }, () => op)] })).not.toThrow();
    expect(() => assertValidBatch({ changeSets: [Array.from({ length: 600 }, () => op), Array.from({ length: 401 }, () => op)] })).toThrow(/at most 1000 operations; this one has 1001/);
    expect(() => assertValidBatch({ changeSets: [] })).toThrow(/at least one/);
    expect(() => assertValidBatch({ changeSets: [[{ method: "GET", url: "contacts" }]] })).toThrow(/GET/);
    expect(() => assertValidBatch({ changeSets: [], gets: [{ method: "DELETE", url: "contacts(00000000-0000-0000-0000-000000000001)" }] })).toThrow(/outside change sets/);
  });
});

describe("$batch response parsing (Microsoft's documented examples)", () => {
  const taskCreate = (n: number) => ({ method: "POST" as const, url: "tasks", body: { subject: `Task ${n} in batch` } });

  it("maps a change set's responses and the GET back to their requests, with OData-EntityId and body", () => {
    const request: BatchRequest = {
      changeSets: [[{ ...taskCreate(1), contentId: "1" }, { ...taskCreate(2), contentId: "2" }, { ...taskCreate(3), contentId: "3" }]],
      gets: [{ method: "GET", url: "accounts(00000000-0000-0000-0000-000000000001)/Account_Tasks?$select=subject" }],
    };
    const items = parseBatchResponse("multipart/mixed; boundary=batchresponse_f27ef42d-51b0-4685-bac9-f468f844de2f", fixture("batch-changeset-response.http"));
    const results = matchBatchResults(request, items);
    expect(results.map((r) => [r.index, r.contentId, r.status, r.entityId])).toEqual([
      [0, "1", 204, "e73ffc82-e292-ed11-aad1-000d3a9933c9"],
      [1, "2", 204, "e83ffc82-e292-ed11-aad1-000d3a9933c9"],
      [2, "3", 204, "e93ffc82-e292-ed11-aad1-000d3a9933c9"],
      [3, undefined, 200, undefined],
    ]);
    expect((results[3].body as { value: { activityid: string }[] }).value.map((t) => t.activityid)).toEqual([
      "e73ffc82-e292-ed11-aad1-000d3a9933c9", "e83ffc82-e292-ed11-aad1-000d3a9933c9", "e93ffc82-e292-ed11-aad1-000d3a9933c9",
    ]);
    expect(results.every((r) => r.error === undefined)).toBe(true);
  });

  it("reads the same response with CRLF line endings and matches change-set parts by Content-ID, not position", () => {
    const swapped = fixture("batch-changeset-response.http").replace(/\n/g, "\r\n");
    const request: BatchRequest = { changeSets: [[{ ...taskCreate(3), contentId: "3" }, { ...taskCreate(1), contentId: "1" }, { ...taskCreate(2), contentId: "2" }]], gets: [{ method: "GET", url: "tasks" }] };
    const results = matchBatchResults(request, parseBatchResponse('multipart/mixed; boundary="batchresponse_f27ef42d-51b0-4685-bac9-f468f844de2f"', swapped));
    expect(results.slice(0, 3).map((r) => r.entityId)).toEqual([
      "e93ffc82-e292-ed11-aad1-000d3a9933c9", "e73ffc82-e292-ed11-aad1-000d3a9933c9", "e83ffc82-e292-ed11-aad1-000d3a9933c9",
    ]);
  });

  it("keeps each part's own error with continue-on-error", () => {
    const request: BatchRequest = { changeSets: [[taskCreate(1)], [taskCreate(2)], [taskCreate(3)]], continueOnError: true };
    // Microsoft's example sends the three creates outside change sets; one change set per create answers the same way.
    const items = parseBatchResponse("multipart/mixed; boundary=batchresponse_f44bd09d-573f-4a30-bca0-2e500ee7e139", fixture("batch-continue-on-error-response.http"));
    const results = matchBatchResults(request, items);
    expect(results[0]).toMatchObject({ index: 0, status: 400, error: { status: 400, code: "0x80044331", retriable: false } });
    expect(results[0].error?.message).toMatch(/length of the 'subject' attribute/);
    expect(results[0].rolledBack).toBeUndefined();
    expect(results[1]).toMatchObject({ status: 204, entityId: "aed2ae8b-3c94-ed11-aad1-000d3a9933c9" });
    expect(results[2]).toMatchObject({ status: 204, entityId: "b181a991-3c94-ed11-aad1-000d3a9933c9" });
  });

  it("marks the requests after a stopping failure as not executed", () => {
    const request: BatchRequest = { changeSets: [[taskCreate(1)], [taskCreate(2)], [taskCreate(3)]] };
    const results = matchBatchResults(request, parseBatchResponse("multipart/mixed; boundary=batchresponse_156da4b8-cd2c-4862-a911-4aaab97c001a", fixture("batch-stopped-response.http")));
    expect(results[0].error?.code).toBe("0x80044331");
    expect(results.slice(1).map((r) => [r.status, r.error?.code])).toEqual([[0, NOT_EXECUTED_CODE], [0, NOT_EXECUTED_CODE]]);
  });

  it("attributes a change set that failed as a whole to the operation it names, and marks the rest rolled back", () => {
    const body = crlf([
      "--batchresponse_1",
      "Content-Type: application/http",
      "Content-Transfer-Encoding: binary",
      "Content-ID: 2",
      "",
      "HTTP/1.1 412 Precondition Failed",
      "Content-Type: application/json; odata.metadata=minimal",
      "",
      '{"error":{"code":"0x80040237","message":"A record with matching key values already exists."}}',
      "--batchresponse_1--",
      "",
    ]);
    const request: BatchRequest = {
      changeSets: [[{ method: "POST", url: "contacts", body: {}, contentId: "1" }, { method: "POST", url: "contacts", body: {}, contentId: "2" }, { method: "POST", url: "contacts", body: {}, contentId: "3" }]],
    };
    const results = matchBatchResults(request, parseBatchResponse("multipart/mixed; boundary=batchresponse_1", body));
    expect(results.map((r) => [r.contentId, r.status, r.error?.code, r.rolledBack])).toEqual([
      ["1", 412, "0x80040237", true],
      ["2", 412, "0x80040237", undefined],
      ["3", 412, "0x80040237", true],
    ]);
    expect(results.every((r) => r.entityId === undefined)).toBe(true);
  });

  it("refuses a response that is not multipart", () => {
    expect(() => parseBatchResponse("application/json", "{}")).toThrow(/multipart\/mixed/);
  });
});
