import { ConcurrencyLimiter, DataverseError, errorInfoFromResponse, networkErrorInfo, parseRetryAfter, retryDelayMs, sleep } from "../../../dataverse";

describe("Dataverse errors", () => {
  it("reads code and message from Dataverse's error JSON", () => {
    const info = errorInfoFromResponse(400, '{"error":{"code":"0x80044331","message":"A validation error occurred."}}');
    expect(info).toEqual({ status: 400, code: "0x80044331", message: "A validation error occurred.", retriable: false });
    const error = new DataverseError(info);
    expect(error).toBeInstanceOf(Error);
    expect([error.status, error.code, error.message, error.retriable]).toEqual([400, "0x80044331", "A validation error occurred.", false]);
    expect(error.info).toEqual(info);
  });

  it("marks throttling and service-unavailable as retriable, by status or by service-protection code", () => {
    expect(errorInfoFromResponse(429, '{"error":{"code":"0x80072322","message":"Number of requests exceeded the limit of 6000 over time window of 300 seconds."}}').retriable).toBe(true);
    expect(errorInfoFromResponse(503, "").retriable).toBe(true);
    expect(errorInfoFromResponse(400, '{"error":{"code":"0x80072326","message":"Combined execution time"}}').retriable).toBe(true);
    expect(errorInfoFromResponse(404, '{"error":{"code":"0x80040217","message":"Does Not Exist"}}').retriable).toBe(false);
  });

  it("turns a non-JSON error body into words naming the status and what to do, never quoting the page", () => {
    const gateway = errorInfoFromResponse(502, "<!DOCTYPE html><body><h1>Server Error</h1><p>Bad gateway</p></body>", "Bad Gateway");
    expect(gateway).toMatchObject({ status: 502, code: "HTTP502", retriable: true });
    expect(gateway.message).toMatch(/^A gateway in front of the org answered instead of Dataverse \(HTTP 502 Bad Gateway\).*resume the run\.$/);
    expect(gateway.message).not.toMatch(/<|Server Error/);
    expect(errorInfoFromResponse(401, "", "Unauthorized").message).toMatch(/did not accept the sign-in \(HTTP 401 Unauthorized\).*Sign in again/);
    expect(errorInfoFromResponse(500, "", "Internal Server Error").message).toMatch(/^The org failed to answer the request \(HTTP 500 Internal Server Error\)/);
  });

  it("describes a dropped connection with its cause", () => {
    const cause = Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" });
    const info = networkErrorInfo(Object.assign(new TypeError("fetch failed"), { cause }));
    expect(info).toEqual({ status: 0, code: "NetworkError", message: "No response from Dataverse: fetch failed (UND_ERR_SOCKET)", retriable: true });
  });
});

describe("retry timing", () => {
  const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 10_000, jitterRatio: 0.2, maxThrottleWaitMs: 60_000 };

  it("reads Retry-After as seconds or as an HTTP date", () => {
    expect(parseRetryAfter("3")).toBe(3000);
    expect(parseRetryAfter("0.5")).toBe(500);
    expect(parseRetryAfter(new Date(10_000 + 7000).toUTCString(), 10_000)).toBe(7000);
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter("soon")).toBeUndefined();
  });

  it("waits what Retry-After says plus bounded jitter, capped", () => {
    expect(retryDelayMs(policy, 1, 3000, () => 0)).toBe(3000);
    expect(retryDelayMs(policy, 1, 3000, () => 1)).toBe(3600);
    expect(retryDelayMs(policy, 1, 300_000, () => 0)).toBe(10_000);
  });

  it("backs off exponentially without Retry-After", () => {
    expect([1, 2, 3, 4].map((retry) => retryDelayMs(policy, retry, undefined, () => 0))).toEqual([100, 200, 400, 800]);
  });

  it("stops sleeping when the signal aborts", async () => {
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    controller.abort(new Error("stop"));
    await expect(slept).rejects.toThrow("stop");
  });
});

describe("concurrency limiter", () => {
  it("holds requests beyond the cap in FIFO order and lets them through as slots free", async () => {
    const limiter = new ConcurrencyLimiter(2);
    const order: number[] = [];
    const releases = await Promise.all([limiter.acquire(), limiter.acquire()]);
    const third = limiter.acquire().then((release) => (order.push(3), release));
    const fourth = limiter.acquire().then((release) => (order.push(4), release));
    await Promise.resolve();
    expect([limiter.active, limiter.queued, order]).toEqual([2, 2, []]);
    releases[0]();
    (await third)();
    releases[1]();
    (await fourth)();
    expect(order).toEqual([3, 4]);
    expect([limiter.active, limiter.maxActive]).toEqual([0, 2]);
  });

  it("raises and lowers the cap while running", async () => {
    const limiter = new ConcurrencyLimiter(1);
    const first = await limiter.acquire();
    const waiting = limiter.acquire();
    limiter.setLimit(2);
    const second = await waiting;
    expect(limiter.active).toBe(2);
    limiter.setLimit(1);
    first();
    let granted = false;
    const third = limiter.acquire().then((r) => ((granted = true), r));
    await Promise.resolve();
    expect(granted).toBe(false);
    second();
    (await third)();
    expect(granted).toBe(true);
    expect(() => limiter.setLimit(0)).toThrow(/positive/);
  });

  it("drops a queued request whose signal aborts", async () => {
    const limiter = new ConcurrencyLimiter(1);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const queued = limiter.acquire(controller.signal);
    controller.abort(new Error("cancelled"));
    await expect(queued).rejects.toThrow("cancelled");
    expect(limiter.queued).toBe(0);
    held();
    expect(limiter.active).toBe(0);
  });

  it("keeps one abort listener per signal however many requests wait on it, and drops it once none does", async () => {
    const limiter = new ConcurrencyLimiter(1);
    const held = await limiter.acquire();
    const controller = new AbortController();
    const added: string[] = [];
    const removed: string[] = [];
    const { addEventListener, removeEventListener } = controller.signal;
    controller.signal.addEventListener = (type: string, ...rest: unknown[]) => (added.push(type), Reflect.apply(addEventListener, controller.signal, [type, ...rest]));
    controller.signal.removeEventListener = (type: string, ...rest: unknown[]) => (removed.push(type), Reflect.apply(removeEventListener, controller.signal, [type, ...rest]));
    const queued = Array.from({ length: 12 }, () => limiter.acquire(controller.signal));
    expect(added).toEqual(["abort"]);
    held();
    for (const waiting of queued) (await waiting)();
    expect(removed).toEqual(["abort"]);
    // Aborting a signal drops every request still waiting on it, and none other.
    const again = await limiter.acquire();
    const other = limiter.acquire();
    const many = Array.from({ length: 3 }, () => limiter.acquire(controller.signal));
    controller.abort(new Error("cancelled"));
    for (const waiting of many) await expect(waiting).rejects.toThrow("cancelled");
    expect(limiter.queued).toBe(1);
    again();
    (await other)();
    expect(limiter.active).toBe(0);
  });
});
