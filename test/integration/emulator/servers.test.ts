/**
 * Web servers behind the affinity cookie: each server keeps its own per-user windows, so a client that sends the
 * ARRAffinity cookie back stays on one server (and one window), while one that does not (the project's client,
 * as Microsoft recommends for throughput) is spread over them.
 */
import { startEmulator, type RunningEmulator } from "../../../emulator";
import { DataverseClient } from "../../../dataverse/client";
import { createNodeTransport } from "../../../dataverse/transport/node";

const LIMITS = { requests: 10, executionMs: 1e9, concurrent: 52, windowMs: 600_000 };

async function whoAmIsUntilThrottled(em: RunningEmulator, affinity: boolean, max = 40): Promise<number> {
  const client = new DataverseClient({ transport: createNodeTransport({ url: em.url, affinity }), retry: { maxThrottleWaitMs: 0, maxAttempts: 1 } });
  for (let n = 0; n < max; n++) {
    try {
      await client.whoAmI();
    } catch {
      return n;
    }
  }
  return max;
}

describe("emulator web servers and the affinity cookie", () => {
  it("names the server in ARRAffinity and routes a request carrying it there; others go to each server in turn", async () => {
    const em = await startEmulator({ port: 0, servers: 2 });
    try {
      const api = `${em.url}/api/data/v9.2/WhoAmI`;
      const first = await fetch(api);
      const second = await fetch(api);
      const cookie = (r: Response) => r.headers.get("set-cookie")?.match(/ARRAffinity=([^;]+)/)?.[1];
      expect(cookie(first)).toBeDefined();
      expect(cookie(second)).toBeDefined();
      expect(cookie(second)).not.toBe(cookie(first));
      for (let i = 0; i < 3; i++) {
        const pinned = await fetch(api, { headers: { Cookie: `ARRAffinity=${cookie(first)}` } });
        expect(cookie(pinned)).toBe(cookie(first));
      }
      expect(em.stats().servers).toEqual([{ requests: 4, throttles: 0 }, { requests: 1, throttles: 0 }]);
    } finally {
      await em.close();
    }
  });

  it("keeps windows per server: without affinity a user gets each server's window, with it one server's", async () => {
    const spread = await startEmulator({ port: 0, servers: 2, limits: LIMITS });
    const pinned = await startEmulator({ port: 0, servers: 2, limits: LIMITS });
    const single = await startEmulator({ port: 0, limits: LIMITS });
    try {
      expect(await whoAmIsUntilThrottled(spread, false)).toBe(20);
      expect(await whoAmIsUntilThrottled(pinned, true)).toBe(10);
      expect(await whoAmIsUntilThrottled(single, false)).toBe(10);
      // No affinity cookie from a one-server environment here (see emulator/README.md).
      expect((await fetch(`${single.url}/api/data/v9.2/WhoAmI`)).headers.get("set-cookie")).toBeNull();
    } finally {
      await Promise.all([spread.close(), pinned.close(), single.close()]);
    }
  });
});
