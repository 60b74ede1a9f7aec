/**
 * Several identities (application users) sending one run's requests side by side. Dataverse's service
 * protection limits are evaluated per user, so each identity has its own windows; the environment's
 * capacity (`x-ms-dop-hint`) stays one, and the client's concurrency limiter caps that.
 *
 * Each request takes the identity that has budget: not parked, fewest requests in flight, and among those the
 * one used least recently (so the load spreads evenly). A 429 parks only the identity that received it, until
 * its Retry-After has passed; the others keep sending. Only when every identity is parked does a request wait,
 * and then only until the first one is free again.
 */
export interface PoolMember<T> {
  /** The identity's name as the identities file gives it (never a secret). */
  readonly name: string;
  readonly value: T;
  /** Until when (ms, the pool's clock) the identity is parked after a 429; 0 when it has budget. */
  parkedUntil: number;
  inFlight: number;
  /** Requests sent as this identity, and 429s it received (counters for the report). */
  requests: number;
  throttles: number;
  lastUsed: number;
}

export class IdentityPool<T> {
  readonly members: PoolMember<T>[];
  private uses = 0;

  constructor(entries: { name: string; value: T }[], private readonly clock: () => number = Date.now) {
    if (entries.length === 0) throw new Error("An identity pool needs at least one identity.");
    const names = new Set<string>();
    for (const e of entries) {
      if (names.has(e.name)) throw new Error(`Identity "${e.name}" is listed twice.`);
      names.add(e.name);
    }
    this.members = entries.map((e) => ({ name: e.name, value: e.value, parkedUntil: 0, inFlight: 0, requests: 0, throttles: 0, lastUsed: 0 }));
  }

  get size(): number {
    return this.members.length;
  }

  /** The identity a request should go out as now, or undefined when every identity is parked. */
  pick(): PoolMember<T> | undefined {
    const now = this.clock();
    let best: PoolMember<T> | undefined;
    for (const m of this.members) {
      if (m.parkedUntil > now) continue;
      if (!best || m.inFlight < best.inFlight || (m.inFlight === best.inFlight && m.lastUsed < best.lastUsed)) best = m;
    }
    return best;
  }

  /** Marks a request as going out as `member`; the returned function marks it done. */
  take(member: PoolMember<T>): () => void {
    member.inFlight += 1;
    member.requests += 1;
    member.lastUsed = ++this.uses;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      member.inFlight -= 1;
    };
  }

  /** A 429 for `member`: it sends nothing more until `retryAfterMs` from now (a later park never shortens an earlier one). */
  park(member: PoolMember<T>, retryAfterMs: number): void {
    member.throttles += 1;
    member.parkedUntil = Math.max(member.parkedUntil, this.clock() + Math.max(0, retryAfterMs));
  }

  /** Milliseconds until some identity has budget again (0 when one has now). */
  waitMs(): number {
    const now = this.clock();
    return Math.max(0, Math.min(...this.members.map((m) => m.parkedUntil)) - now);
  }
}
