import type { ServerResponse } from "node:http";
import { createNodeTransport, DataverseClient, DataverseError, sleep, type DataverseClientOptions, type RetryEvent } from "../../../dataverse";
import { dataverseError, json, noContent, startTestServer, type TestServer } from "./test-server";

const ID = "0f4c3f92-312b-ee11-bdf4-000d3a993550";
let server: TestServer;
let delays: number[];
beforeEach(async () => {
  server = await startTestServer();
  delays = [];
});
afterEach(() => server.close());

/** Retry waits are recorded, not slept: the tests never wait for real seconds. */
function clientFor(options: Partial<DataverseClientOptions> = {}): DataverseClient {
  return new DataverseClient({
    transport: createNodeTransport({ url: server.url }),
    sleep: async (ms) => void delays.push(ms),
    random: () => 0,
    retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000, jitterRatio: 0.2, maxThrottleWaitMs: 3500 },
    ...options,
  });
}

/** Waits (bounded by turns, not by a deadline) until the condition holds. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 2000; i += 1) {
    if (condition()) return;
    await sleep(2);
  }
  throw new Error(`Never happened: ${what}`);
}

const throttled = (res: ServerResponse, retryAfter?: string) =>
  dataverseError(res, 429, "0x80072322", "Number of requests exceeded the limit of 6000 over time window of 300 seconds.", retryAfter ? { "Retry-After": retryAfter } : {});

describe("throttling and retries", () => {
  it("retries 429 after Retry-After (with jitter) and counts the throttle", async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls === 1 ? throttled(res, "2") : json(res, 200, { UserId: ID })));
    const events: RetryEvent[] = [];
    const client = clientFor({ random: () => 0.5, onRetry: (e) => events.push(e) });
    expect((await client.whoAmI()).UserId).toBe(ID);
    expect(delays).toEqual([2200]);
    expect(events).toEqual([{ attempt: 1, delayMs: 2200, status: 429, code: "0x80072322" }]);
    expect(client.counters).toMatchObject({ requests: 2, retries: 1, throttles: 1 });
  });

  it("waits a service-protection Retry-After out in full, longer than its own backoff cap, without using up attempts", async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls <= 6 ? throttled(res, calls === 1 ? "3" : "0.05") : json(res, 200, {})));
    const client = clientFor();
    await client.whoAmI();
    // maxDelayMs is 5 s and maxAttempts 4: neither bounds the waits the service names, only their total does.
    expect(delays).toEqual([3000, 50, 50, 50, 50, 50]);
    expect(client.counters).toMatchObject({ requests: 7, throttles: 6 });
  });

  it("adds at most a second of jitter to a long service-protection wait", async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls % 2 === 1 ? throttled(res, calls === 1 ? "3" : "200") : json(res, 200, {})));
    const client = clientFor({ random: () => 1, retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 5000, jitterRatio: 0.2, maxThrottleWaitMs: 600_000 } });
    await client.whoAmI();
    await client.whoAmI();
    // 20 % of 3 s is 600 ms, under the cap; 20 % of 200 s would be 40 s: capped at 1 s.
    expect(delays).toEqual([3600, 201_000]);
  });

  it("caps its own backoff when a 503 names a long Retry-After", async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls === 1 ? dataverseError(res, 503, "0x80040216", "Service unavailable", { "Retry-After": "600" }) : json(res, 200, {})));
    await clientFor().whoAmI();
    expect(delays).toEqual([5000]);
  });

  it("retries 503 with exponential backoff when there is no Retry-After", async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls < 3 ? dataverseError(res, 503, "0x80040216", "Service unavailable") : json(res, 200, {})));
    const client = clientFor();
    await client.whoAmI();
    expect(delays).toEqual([100, 200]);
    expect(client.counters).toMatchObject({ requests: 3, retries: 2, throttles: 2 });
  });

  it("retries a throttled create too: a 429 means the request was refused before it ran", async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls === 1 ? throttled(res, "1") : noContent(res, { "OData-EntityId": `${server.url}/api/data/v9.2/contacts(${ID})` })));
    expect(await clientFor().create("contacts", {})).toBe(ID);
    expect(server.requests).toHaveLength(2);
  });

  it("gives up once the service-protection waits of one request pass maxThrottleWaitMs, with the last throttle error, marked retriable", async () => {
    server.handle((_req, res) => throttled(res, "1"));
    const error = await clientFor().whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseError);
    expect(error).toMatchObject({ status: 429, code: "0x80072322", retriable: true });
    // 3,500 ms allowed: three waits of 1 s, the fourth would pass it.
    expect(server.requests).toHaveLength(4);
    expect(delays).toEqual([1000, 1000, 1000]);
  });

  it("gives up after maxAttempts on throttles that name no Retry-After", async () => {
    server.handle((_req, res) => throttled(res));
    const error = await clientFor().whoAmI().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 429, code: "0x80072322", retriable: true });
    expect(server.requests).toHaveLength(4);
    expect(delays).toEqual([100, 200, 400]);
  });

  it("does not retry other errors", async () => {
    server.handle((_req, res) => dataverseError(res, 400, "0x80044331", "A validation error occurred."));
    await expect(clientFor().update("contacts", ID, {})).rejects.toMatchObject({ status: 400, code: "0x80044331", retriable: false });
    expect(server.requests).toHaveLength(1);
  });
});

describe("dropped connections", () => {
  it("retries an idempotent request when the server drops the socket", async () => {
    let calls = 0;
    server.handle((_req, res, raw) => (++calls === 1 ? raw.socket.destroy() : json(res, 200, { value: [] })));
    const client = clientFor();
    expect(await client.retrieveMultiple("contacts")).toEqual({ value: [] });
    expect(client.counters).toMatchObject({ requests: 2, retries: 1, throttles: 0 });
  });

  it("does not replay a create: the first one may have landed", async () => {
    server.handle((_req, _res, raw) => raw.socket.destroy());
    const error = await clientFor().create("contacts", { dxm_sourcekey: "patient:1" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: "NetworkError", retriable: false });
    expect(server.requests).toHaveLength(1);
  });

  it("replays a batch of upserts, but not a batch that creates", async () => {
    let calls = 0;
    server.handle((_req, res, raw) => {
      if (++calls === 1) return raw.socket.destroy();
      res.writeHead(200, { "Content-Type": "multipart/mixed; boundary=b" });
      res.end("--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n\r\n--b--\r\n");
    });
    const client = clientFor();
    const upserts = await client.executeBatch({ changeSets: [[{ method: "PATCH", url: "contacts(dxm_sourcekey='patient:1')", body: {} }]] });
    expect(upserts.map((r) => r.status)).toEqual([204]);
    expect(server.requests).toHaveLength(2);

    calls = 0;
    await expect(client.executeBatch({ changeSets: [[{ method: "POST", url: "contacts", body: {} }]] })).rejects.toMatchObject({ code: "NetworkError", retriable: false });
    expect(server.requests).toHaveLength(3);
  });
});

describe("concurrency", () => {
  /** Holds every response until the test lets it go. */
  function holdResponses(extraHeaders: Record<string, string> = {}) {
    const held: ServerResponse[] = [];
    server.handle((req, res) => (req.path === "WhoAmI" ? json(res, 200, { UserId: ID }, extraHeaders) : void held.push(res)));
    return {
      held,
      releaseAll: () => held.splice(0).forEach((res) => json(res, 200, { value: [] })),
    };
  }

  it("never has more requests in flight than the cap; the rest queue", async () => {
    const { held, releaseAll } = holdResponses();
    const client = clientFor({ concurrency: 3, followDopHint: false });
    const all = Promise.all(Array.from({ length: 10 }, (_, i) => client.retrieveMultiple(`things${i}`)));
    await until(() => held.length === 3, "three requests held");
    expect(client.limiter.queued).toBe(7);
    while (server.requests.length < 10 || held.length > 0) {
      await until(() => held.length > 0, "next requests arrive");
      releaseAll();
    }
    await all;
    expect(server.inFlight.max).toBe(3);
    expect(client.limiter.maxActive).toBe(3);
  });

  it("follows x-ms-dop-hint once Dataverse sends it", async () => {
    const { held, releaseAll } = holdResponses({ "x-ms-dop-hint": "2" });
    const client = clientFor({ concurrency: 8 });
    await client.whoAmI();
    expect(client.limiter.limit).toBe(2);
    const all = Promise.all(Array.from({ length: 6 }, (_, i) => client.retrieveMultiple(`things${i}`)));
    await until(() => held.length === 2, "two requests held");
    expect(client.limiter.queued).toBe(4);
    while (server.requests.length < 7 || held.length > 0) {
      await until(() => held.length > 0, "next requests arrive");
      releaseAll();
    }
    await all;
    expect(server.inFlight.max).toBe(2);
  });

  it("keeps the hint under maxConcurrency, and ignores it when told to", async () => {
    server.handle((_req, res) => json(res, 200, {}, { "x-ms-dop-hint": "50" }));
    const capped = clientFor({ concurrency: 2, maxConcurrency: 6 });
    await capped.whoAmI();
    expect(capped.limiter.limit).toBe(6);
    const fixed = clientFor({ concurrency: 2, followDopHint: false });
    await fixed.whoAmI();
    expect(fixed.limiter.limit).toBe(2);
  });
});

describe("cancellation", () => {
  it("cancels a queued request before it is sent, and an in-flight one on the wire", async () => {
    const held: ServerResponse[] = [];
    server.handle((_req, res) => void held.push(res));
    const client = clientFor({ concurrency: 1 });
    const inFlight = new AbortController();
    const queued = new AbortController();
    const first = client.retrieveMultiple("contacts", {}, { signal: inFlight.signal }).catch((e: unknown) => e);
    const second = client.retrieveMultiple("accounts", {}, { signal: queued.signal }).catch((e: unknown) => e);
    await until(() => held.length === 1, "first request on the wire");

    queued.abort();
    expect(await second).toMatchObject({ name: "AbortError" });
    expect(client.limiter.queued).toBe(0);

    inFlight.abort();
    expect(await first).toMatchObject({ name: "AbortError" });
    expect(server.requests.map((r) => r.path)).toEqual(["contacts"]);
    expect(client.limiter.active).toBe(0);
  });

  it("cancels while waiting to retry, by the call's signal or by the client's", async () => {
    server.handle((_req, res) => throttled(res, "3"));
    const perCall = new AbortController();
    const client = clientFor({ sleep: (ms, signal) => sleep(ms, signal) });
    const first = client.retrieveMultiple("contacts", {}, { signal: perCall.signal }).catch((e: unknown) => e);
    await until(() => server.requests.length === 1 && client.limiter.active === 0, "first attempt answered, waiting to retry");
    perCall.abort();
    expect(await first).toMatchObject({ name: "AbortError" });

    // whoAmI takes no per-call signal: the client-wide signal cancels it.
    const clientWide = new AbortController();
    const cancellable = clientFor({ sleep: (ms, signal) => sleep(ms, signal), signal: clientWide.signal });
    const second = cancellable.whoAmI().catch((e: unknown) => e);
    await until(() => server.requests.length === 2 && cancellable.limiter.active === 0, "second client waiting to retry");
    clientWide.abort(new Error("run cancelled"));
    expect(await second).toMatchObject({ message: "run cancelled" });
    expect(server.requests).toHaveLength(2);
  });
});

describe("counters", () => {
  it("counts requests, operations and UTF-8 bytes both ways", async () => {
    const reply = JSON.stringify({ value: [{ lastname: "Zoë" }] });
    server.handle((req, res) => {
      if (req.method === "GET") {
        res.writeHead(200, { "Content-Type": "application/json" });
        return res.end(reply);
      }
      noContent(res, { "OData-EntityId": `${server.url}/api/data/v9.2/contacts(${ID})` });
    });
    const client = clientFor();
    const body = { lastname: "Zoë" };
    await client.create("contacts", body);
    await client.retrieveMultiple("contacts");
    expect(client.counters).toEqual({
      requests: 2, operations: 2, retries: 0, throttles: 0,
      bytesSent: Buffer.byteLength(JSON.stringify(body)), bytesReceived: Buffer.byteLength(reply),
    });
  });
});

const gatewayPage = (res: ServerResponse, status = 502) => {
  res.writeHead(status, { "Content-Type": "text/html" });
  res.end("<!DOCTYPE html><html><body><h1>Server Error</h1><p>The gateway could not reach the server.</p></body></html>");
};

describe("answers that are not Dataverse's, sign-in, silence", () => {
  it("retries a gateway's 502 or 504 page like a 503 when the request is safe to send again", async () => {
    let calls = 0;
    server.handle((_req, res) => (++calls === 1 ? gatewayPage(res, 502) : calls === 2 ? gatewayPage(res, 504) : json(res, 200, { UserId: ID })));
    const events: RetryEvent[] = [];
    const client = clientFor({ onRetry: (e) => events.push(e) });
    expect((await client.whoAmI()).UserId).toBe(ID);
    expect(events.map((e) => e.status)).toEqual([502, 504]);
    expect(client.counters).toMatchObject({ requests: 3, retries: 2, throttles: 0 });
  });

  it("does not resend a create after a gateway's page (it may have run): the error says what happened in words", async () => {
    server.handle((_req, res) => gatewayPage(res));
    const error = (await clientFor().create("contacts", { lastname: "X" }).catch((e: unknown) => e)) as DataverseError;
    expect(server.requests).toHaveLength(1);
    expect(error).toBeInstanceOf(DataverseError);
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/^A gateway in front of the org answered instead of Dataverse \(HTTP 502/);
    expect(error.message).not.toMatch(/<|Server Error/);
  });

  it("signs in again once after a 401 and sends the same request again, a create included", async () => {
    const tokens: (boolean | undefined)[] = [];
    let issued = 0;
    const getToken = async (options?: { forceRefresh?: boolean }) => {
      tokens.push(options?.forceRefresh);
      if (options?.forceRefresh) issued += 1;
      return `token-${issued}`;
    };
    server.handle((req, res) =>
      req.headers.authorization === "Bearer token-0" ? dataverseError(res, 401, "0x80072560", "The user is not a member of the organization.") : noContent(res, { "OData-EntityId": `${server.url}/api/data/v9.2/contacts(${ID})` }),
    );
    const client = clientFor({ transport: createNodeTransport({ url: server.url, getToken }) });
    expect(await client.create("contacts", { lastname: "X" })).toBe(ID);
    expect(server.requests.map((r) => r.headers.authorization)).toEqual(["Bearer token-0", "Bearer token-1"]);
    expect(tokens).toEqual([undefined, true, undefined]);
  });

  it("stops after a second 401 in a row with words an admin can act on", async () => {
    server.handle((_req, res) => { res.writeHead(401, { "WWW-Authenticate": "Bearer" }); res.end(); });
    const client = clientFor({ transport: createNodeTransport({ url: server.url, getToken: async () => "t" }) });
    const error = (await client.whoAmI().catch((e: unknown) => e)) as DataverseError;
    expect(server.requests).toHaveLength(2);
    expect(error.message).toMatch(/^The org did not accept the sign-in \(HTTP 401/);
  });

  it("stops at once, sending nothing, when the token callback says the sign-in is refused (not taken for a network failure)", async () => {
    server.handle((_req, res) => json(res, 200, { UserId: ID }));
    let asked = 0;
    const refused = new DataverseError({ status: 401, code: "SignInNeeded", message: "The sign-in to the org has expired or was revoked.", retriable: false });
    const getToken = async () => {
      asked += 1;
      throw refused;
    };
    const client = clientFor({ transport: createNodeTransport({ url: server.url, getToken }) });
    await expect(client.whoAmI()).rejects.toBe(refused);
    expect({ asked, sent: server.requests.length }).toEqual({ asked: 1, sent: 0 });
  });

  it("abandons an attempt that gets no answer, retries it, and then says the org stopped answering", async () => {
    server.handle(() => undefined); // never answers
    const client = clientFor({ requestTimeoutMs: 50, retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 100, jitterRatio: 0, maxThrottleWaitMs: 1000 } });
    const error = (await client.whoAmI().catch((e: unknown) => e)) as DataverseError;
    expect(server.requests).toHaveLength(3);
    expect(error).toMatchObject({ status: 0, code: "Timeout" });
    expect(error.message).toMatch(/^The org stopped answering \(3 attempts; last: No response from Dataverse within 50 ms\.\)\. Check that it is reachable, then resume the run\.$/);
  });
});
