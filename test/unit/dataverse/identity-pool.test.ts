import { IdentityPool } from "../../../dataverse/http/identity-pool";
import { DataverseClient, type ClientIdentity } from "../../../dataverse/client";
import type { Transport, TransportRequest, TransportResponse } from "../../../dataverse/transport/types";

const API = "http://127.0.0.1:1/api/data/v9.2/";

function response(status: number, body = "", headers: Record<string, string> = {}): TransportResponse {
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { status, statusText: "", body, header: (name) => lower[name.toLowerCase()] };
}

const throttled = () => response(429, '{"error":{"code":"0x80072321","message":"Combined execution time …"}}', { "Retry-After": "120" });

/** A transport per identity that answers from a script and records what it was sent. */
function identity(name: string, answer: (request: TransportRequest, n: number) => TransportResponse): ClientIdentity & { sent: TransportRequest[] } {
  const sent: TransportRequest[] = [];
  const transport: Transport = { apiRoot: API, send: async (request) => { sent.push(request); return answer(request, sent.length); } };
  return { name, transport, userId: `user-${name}`, sent };
}

const whoAmIBody = (name: string) => JSON.stringify({ UserId: `user-${name}`, BusinessUnitId: "bu", OrganizationId: "org" });

describe("IdentityPool: spreading and parking", () => {
  it("spreads requests evenly: fewest in flight first, then the one used least recently", () => {
    const pool = new IdentityPool([{ name: "a", value: 1 }, { name: "b", value: 2 }, { name: "c", value: 3 }], () => 0);
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      const m = pool.pick()!;
      order.push(m.name);
      pool.take(m)();
    }
    expect(order).toEqual(["a", "b", "c", "a", "b", "c"]);
    const first = pool.pick()!;
    const doneFirst = pool.take(first);
    expect(pool.pick()!.name).not.toBe(first.name);
    doneFirst();
  });

  it("parks only the throttled identity until its Retry-After, and says how long until one is free", () => {
    let now = 1_000;
    const pool = new IdentityPool([{ name: "a", value: 1 }, { name: "b", value: 2 }], () => now);
    const a = pool.members[0];
    pool.park(a, 30_000);
    expect(a.throttles).toBe(1);
    for (let i = 0; i < 5; i++) expect(pool.pick()!.name).toBe("b");
    expect(pool.waitMs()).toBe(0);
    pool.park(pool.members[1], 10_000);
    expect(pool.pick()).toBeUndefined();
    expect(pool.waitMs()).toBe(10_000);
    // A shorter park never shortens a longer one.
    pool.park(a, 1_000);
    expect(a.parkedUntil).toBe(31_000);
    now = 11_000;
    expect(pool.pick()!.name).toBe("b");
    now = 31_000;
    expect(pool.pick()!.name).toBe("a");
  });

  it("refuses an empty pool and a name listed twice", () => {
    expect(() => new IdentityPool([])).toThrow(/at least one/);
    expect(() => new IdentityPool([{ name: "a", value: 1 }, { name: "a", value: 2 }])).toThrow(/twice/);
  });
});

describe("DataverseClient with several identities", () => {
  it("sends a throttled identity's request again at once as another identity, without waiting, and says who wrote it", async () => {
    const a = identity("a", () => throttled());
    const b = identity("b", (r) => (r.path === "WhoAmI" ? response(200, whoAmIBody("b")) : response(200, '{"Ids":["11111111-1111-1111-1111-111111111111"]}')));
    const slept: number[] = [];
    const client = new DataverseClient({ transport: a.transport, identities: [a, b], sleep: async (ms) => void slept.push(ms), random: () => 0 });
    const writers: string[] = [];
    for (let i = 0; i < 4; i++) {
      await client.createMultiple("contacts", "contact", [{ lastname: "x" }], { sentAs: (who) => writers.push(who) });
    }
    // a is tried once, parked for its Retry-After (120 s); everything else goes to b with no wait at all.
    expect(a.sent).toHaveLength(1);
    expect(b.sent).toHaveLength(4);
    expect(slept).toEqual([]);
    expect(writers).toEqual(["user-b", "user-b", "user-b", "user-b"]);
    expect(client.identityCounters).toEqual([
      { name: "a", userId: "user-a", requests: 1, throttles: 1 },
      { name: "b", userId: "user-b", requests: 4, throttles: 0 },
    ]);
    expect(client.counters.throttles).toBe(1);
  });

  it("waits only when every identity is parked, until the first is free", async () => {
    let clock = 0;
    const realNow = Date.now;
    Date.now = () => clock;
    try {
      const a = identity("a", (_r, n) => (n === 1 ? throttled() : response(204)));
      const b = identity("b", (_r, n) => (n === 1 ? response(429, "", { "Retry-After": "300" }) : response(204)));
      const slept: number[] = [];
      const client = new DataverseClient({
        transport: a.transport, identities: [a, b], random: () => 0,
        sleep: async (ms) => { slept.push(ms); clock += ms; },
      });
      await client.update("contacts", "11111111-1111-1111-1111-111111111111", { lastname: "x" });
      // a parked 120 s, b parked 300 s: one wait of 120 s, then a sends it.
      expect(slept).toEqual([120_000]);
      expect(a.sent).toHaveLength(2);
      expect(b.sent).toHaveLength(1);
    } finally {
      Date.now = realNow;
    }
  });

  it("keeps one identity's behaviour unchanged: a 429 waits out its Retry-After", async () => {
    const a = identity("a", (_r, n) => (n === 1 ? throttled() : response(204)));
    const slept: number[] = [];
    const client = new DataverseClient({ transport: a.transport, sleep: async (ms) => void slept.push(ms), random: () => 0 });
    await client.update("contacts", "11111111-1111-1111-1111-111111111111", { lastname: "x" });
    expect(slept).toEqual([120_000]);
    expect(client.identityCounters).toEqual([]);
  });
});
