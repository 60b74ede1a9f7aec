import { emulator } from "./helpers";

describe("emulator service protection, faults and admin endpoints", () => {
  it("answers 429 with Retry-After and the documented code once the request limit is reached", async () => {
    const em = await emulator({ limits: { requests: 3, executionMs: 1_000_000, concurrent: 52, windowMs: 300_000 }, timeScale: 100 });
    try {
      const first = await em.call("GET", "WhoAmI");
      expect(first.headers.get("x-ms-ratelimit-burst-remaining-xrm-requests")).toBe("2");
      expect(first.headers.get("x-ms-dop-hint")).toBe("4");
      for (let i = 0; i < 2; i++) expect((await em.call("GET", "WhoAmI")).status).toBe(200);
      const throttled = await em.call("GET", "WhoAmI");
      expect(throttled.status).toBe(429);
      expect(throttled.body.error.code).toBe("0x80072322");
      expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(em.stats().throttles).toBe(1);
    } finally {
      await em.close();
    }
  });

  it("clears the windows and keeps the data (the bench starts each workload so)", async () => {
    const em = await emulator({ limits: { requests: 2, executionMs: 1_000_000, concurrent: 52, windowMs: 300_000 } });
    try {
      const created = await em.call("POST", "accounts", { name: "Kept" });
      expect(created.status).toBe(204);
      expect((await em.call("GET", "accounts?$select=name")).status).toBe(200);
      expect((await em.call("GET", "WhoAmI")).status).toBe(429);
      em.emulator.clearWindows();
      const after = await em.call("GET", "accounts?$select=name");
      expect(after.status).toBe(200);
      expect(after.headers.get("x-ms-ratelimit-burst-remaining-xrm-requests")).toBe("1");
      expect(after.body.value.map((a: { name: string }) => a.name)).toContain("Kept");
    } finally {
      await em.close();
    }
  });

  it("throttles on execution time and on concurrent requests", async () => {
    const em = await emulator({
      limits: { requests: 1000, executionMs: 25, concurrent: 2, windowMs: 300_000 },
      costModel: { requestLatencyMs: 300, operationLatencyMs: 0, bulkOperationLatencyMs: 0, executionMsPerOperation: 10 },
    });
    try {
      const parallel = await Promise.all(Array.from({ length: 4 }, () => em.call("GET", "WhoAmI")));
      const concurrent = parallel.filter((r) => r.status === 429);
      expect(concurrent.length).toBe(2);
      expect(concurrent[0].body.error.code).toBe("0x80072326");
      await em.call("GET", "WhoAmI");
      const time = await em.call("GET", "WhoAmI");
      expect(time.status).toBe(429);
      expect(time.body.error.code).toBe("0x80072321");
    } finally {
      await em.close();
    }
  });

  it("injects faults, optionally per table", async () => {
    const em = await emulator({ faults: "503:1@accounts" });
    try {
      expect((await em.call("POST", "contacts", { lastname: "ok" })).status).toBe(204);
      expect((await em.call("POST", "accounts", { name: "no" })).status).toBe(503);
      await fetch(`${em.url}/_admin/faults`, { method: "POST", body: JSON.stringify({ spec: "429:1" }) });
      const throttled = await em.call("GET", "WhoAmI");
      expect(throttled.status).toBe(429);
      expect(throttled.headers.get("retry-after")).toBe("1");
      await fetch(`${em.url}/_admin/faults`, { method: "POST", body: JSON.stringify({ spec: "drop:1" }) });
      await expect(em.call("POST", "contacts", { lastname: "dropped" })).rejects.toThrow();
      await fetch(`${em.url}/_admin/faults`, { method: "POST", body: JSON.stringify({ spec: "" }) });
      const landed = await em.call("GET", `contacts?$filter=${encodeURIComponent("lastname eq 'dropped'")}`);
      expect(landed.body.value).toHaveLength(1);
      expect(em.stats().faults).toBe(3);
    } finally {
      await em.close();
    }
  });

  it("times out a request by closing the connection without an answer", async () => {
    const em = await emulator({ faults: "timeout:1@contacts", timeScale: 1000 });
    try {
      await expect(em.call("GET", "contacts")).rejects.toThrow();
      expect((await em.call("GET", "accounts")).status).toBe(200);
    } finally {
      await em.close();
    }
  });

  it("resets, snapshots, restores, reports stats and dumps rows", async () => {
    const em = await emulator();
    try {
      await em.call("POST", "contacts", { lastname: "one" });
      const snap = (await (await fetch(`${em.url}/_admin/snapshot`, { method: "POST" })).json()) as { id: string };
      await em.call("POST", "contacts", { lastname: "two" });
      expect((await fetch(`${em.url}/_admin/restore/${snap.id}`, { method: "POST" })).status).toBe(204);
      const stats = (await (await fetch(`${em.url}/_admin/stats`)).json()) as { requests: number; operations: number; rowsPerTable: Record<string, number> };
      expect(stats.rowsPerTable.contact).toBe(1);
      expect(stats.requests).toBe(2);
      expect(stats.operations).toBe(2);
      const dump = (await (await fetch(`${em.url}/_admin/dump`)).json()) as { tables: Record<string, { lastname: string }[]> };
      expect(dump.tables.contact.map((c) => c.lastname)).toEqual(["one"]);
      expect((await fetch(`${em.url}/_admin/reset`, { method: "POST" })).status).toBe(204);
      expect(em.stats().rowsPerTable.contact).toBeUndefined();
      expect(em.stats().rowsPerTable.systemuser).toBe(5);
    } finally {
      await em.close();
    }
  });
});
