import { ServerLanes } from "../../../dataverse/http/server-lanes";

/** Sends `n` requests without answering them; returns each one's cookie (undefined: unpinned). */
function sendMany(lanes: ServerLanes, n: number) {
  return Array.from({ length: n }, () => {
    const lane = lanes.pick();
    return { cookie: lane?.cookie, answer: lanes.start(lane) };
  });
}

describe("ServerLanes", () => {
  it("sends unpinned until two servers are known, then each request to the server with the fewest in flight", () => {
    const lanes = new ServerLanes(() => 0, 2, 1000);
    const [a, b] = sendMany(lanes, 2);
    expect([a.cookie, b.cookie]).toEqual([undefined, undefined]);
    a.answer({ cookie: "A", status: 200 });
    b.answer({ cookie: "B", status: 200 });
    expect(lanes.known).toBe(2);
    // A big write stays in flight on one server; the next requests go to the other.
    const big = lanes.pick()!;
    const bigDone = lanes.start(big);
    const small = sendMany(lanes, 1)[0];
    expect(small.cookie).not.toBe(big.cookie);
    small.answer({ cookie: small.cookie, status: 200 });
    expect(lanes.pick()!.cookie).not.toBe(big.cookie);
    bigDone({ cookie: big.cookie, status: 200 });
  });

  it("alternates between idle servers, and skips one that answered 429 until its Retry-After has passed", () => {
    let now = 0;
    const lanes = new ServerLanes(() => now, 2, 1000);
    for (const [r, cookie] of sendMany(lanes, 2).map((r, i) => [r, i === 0 ? "A" : "B"] as const)) r.answer({ cookie, status: 200 });
    const order: string[] = [];
    for (let i = 0; i < 4; i++) {
      const lane = lanes.pick()!;
      order.push(lane.cookie);
      lanes.start(lane)({ cookie: lane.cookie, status: 200 });
    }
    expect(order).toEqual(["A", "B", "A", "B"]);
    const throttled = lanes.pick()!;
    lanes.start(throttled)({ cookie: throttled.cookie, status: 429, retryAfterMs: 5_000 });
    for (let i = 0; i < 3; i++) {
      const lane = lanes.pick()!;
      expect(lane.cookie).not.toBe(throttled.cookie);
      lanes.start(lane)({ cookie: lane.cookie, status: 200 });
    }
    now = 5_001;
    const seen = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const lane = lanes.pick()!;
      seen.add(lane.cookie);
      lanes.start(lane)({ cookie: lane.cookie, status: 200 });
    }
    expect(seen).toEqual(new Set(["A", "B"]));
  });

  it("never pins with one server, sends one request in every rediscoverEvery unpinned, and forgets a server that was replaced", () => {
    const single = new ServerLanes(() => 0, 2, 10);
    for (const r of sendMany(single, 20)) {
      expect(r.cookie).toBeUndefined();
      r.answer({ status: 200 });
    }
    const lanes = new ServerLanes(() => 0, 2, 10);
    for (const [i, r] of sendMany(lanes, 2).entries()) r.answer({ cookie: i === 0 ? "A" : "B", status: 200 });
    const cookies = Array.from({ length: 10 }, () => {
      const lane = lanes.pick();
      lanes.start(lane)({ cookie: lane?.cookie ?? "A", status: 200 });
      return lane?.cookie;
    });
    expect(cookies.filter((c) => c === undefined)).toHaveLength(1);
    // A request pinned to B is answered by C: B is gone, C is known.
    let lane = lanes.pick();
    while (lane?.cookie !== "B") {
      lanes.start(lane)({ cookie: lane?.cookie ?? "A", status: 200 });
      lane = lanes.pick();
    }
    lanes.start(lane)({ cookie: "C", status: 200 });
    expect(lanes.known).toBe(2);
  });
});
