/**
 * The environment's web servers as the client sees them, each known by the `ARRAffinity` cookie its answers
 * carry. Service protection is enforced per server (Microsoft Learn, "Service protection API limits"), so a
 * run's throughput is that of its servers' windows together, as long as every server gets its share of the
 * work. A load balancer handing requests out in turn does not see their weight: a run's big writes and its
 * small ledger rows and reads alternate, so one server can take most of the records and meet its execution
 * limit while another has budget left. So each request goes to the known server with the fewest requests in
 * flight (a big write stays in flight longer, so the weight evens out), the least recently used among equals,
 * and not to one that answered 429 until its Retry-After has passed.
 *
 * Servers are found by sending without the cookie: the first requests, and one in every `rediscoverEvery`
 * after (a server added later, or one that replaced another, is found too). With one server (a trial) no
 * second cookie ever comes back, and every request goes out without one, as before.
 */
export interface ServerLane {
  cookie: string;
  inFlight: number;
  lastUsed: number;
  parkedUntil: number;
}

export class ServerLanes {
  private readonly lanes = new Map<string, ServerLane>();
  private sent = 0;
  private uses = 0;

  constructor(
    private readonly clock: () => number = Date.now,
    private readonly discoverFirst = 8,
    private readonly rediscoverEvery = 100,
  ) {}

  /** The cookie to send the next request with, or undefined to let the load balancer choose. */
  pick(): ServerLane | undefined {
    this.sent++;
    if (this.lanes.size < 2 || this.sent <= this.discoverFirst || this.sent % this.rediscoverEvery === 0) return undefined;
    const now = this.clock();
    let best: ServerLane | undefined;
    for (const lane of this.lanes.values()) {
      if (lane.parkedUntil > now) continue;
      if (!best || lane.inFlight < best.inFlight || (lane.inFlight === best.inFlight && lane.lastUsed < best.lastUsed)) best = lane;
    }
    // Every known server is parked: the load balancer may know one that is not.
    return best;
  }

  /** A request goes out on `lane` (undefined: unpinned); the returned function records its answer. */
  start(lane: ServerLane | undefined): (answer: { cookie?: string; status: number; retryAfterMs?: number }) => void {
    if (lane) {
      lane.inFlight++;
      lane.lastUsed = ++this.uses;
    }
    let done = false;
    return ({ cookie, status, retryAfterMs }) => {
      if (done) return;
      done = true;
      if (lane) lane.inFlight--;
      // A pinned request answered by another server: the one it named is gone (replaced or taken out).
      if (lane && cookie && cookie !== lane.cookie) this.lanes.delete(lane.cookie);
      const server = cookie ? this.learn(cookie) : lane;
      if (server && status === 429) server.parkedUntil = Math.max(server.parkedUntil, this.clock() + Math.max(0, retryAfterMs ?? 0));
    };
  }

  /** Servers known so far. */
  get known(): number {
    return this.lanes.size;
  }

  private learn(cookie: string): ServerLane {
    let lane = this.lanes.get(cookie);
    if (!lane) {
      lane = { cookie, inFlight: 0, lastUsed: 0, parkedUntil: 0 };
      this.lanes.set(cookie, lane);
    }
    return lane;
  }
}
