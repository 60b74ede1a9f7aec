/**
 * Caps how many requests are in flight; the rest wait in FIFO order. The cap can change while running
 * (Dataverse's `x-ms-dop-hint` tells the recommended degree of parallelism). A waiting request whose
 * signal aborts leaves the queue at once.
 */
export class ConcurrencyLimiter {
  private cap: number;
  private running = 0;
  private peak = 0;
  private waiting: { grant: () => void; reject: (reason: unknown) => void; signal?: AbortSignal }[] = [];
  /**
   * One abort listener per signal, for all its waiting requests: a rollback reading a dozen tables at once has
   * more than ten requests waiting on one signal, and a listener each set off Node's leak warning.
   */
  private readonly watched = new Map<AbortSignal, () => void>();

  constructor(limit: number) {
    this.cap = ConcurrencyLimiter.validLimit(limit);
  }

  get limit(): number {
    return this.cap;
  }

  /** Requests holding a slot right now. */
  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Highest number of slots held at once so far. */
  get maxActive(): number {
    return this.peak;
  }

  setLimit(limit: number): void {
    this.cap = ConcurrencyLimiter.validLimit(limit);
    this.drain();
  }

  /** Resolves with a release function once a slot is free. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      this.waiting.push({ grant: () => resolve(this.take()), reject, signal });
      if (signal) this.watch(signal);
      this.drain();
    });
  }

  private take(): () => void {
    this.running += 1;
    this.peak = Math.max(this.peak, this.running);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running -= 1;
      this.drain();
    };
  }

  private drain(): void {
    while (this.running < this.cap && this.waiting.length > 0) {
      const entry = this.waiting.shift()!;
      if (entry.signal && !this.waiting.some((e) => e.signal === entry.signal)) this.unwatch(entry.signal);
      entry.grant();
    }
  }

  /** Requests waiting with `signal` leave the queue at once when it aborts. */
  private watch(signal: AbortSignal): void {
    if (this.watched.has(signal)) return;
    const onAbort = () => {
      this.watched.delete(signal);
      const leaving = this.waiting.filter((e) => e.signal === signal);
      this.waiting = this.waiting.filter((e) => e.signal !== signal);
      for (const e of leaving) e.reject(signal.reason);
    };
    this.watched.set(signal, onAbort);
    signal.addEventListener("abort", onAbort, { once: true });
  }

  private unwatch(signal: AbortSignal): void {
    const onAbort = this.watched.get(signal);
    if (!onAbort) return;
    this.watched.delete(signal);
    signal.removeEventListener("abort", onAbort);
  }

  private static validLimit(limit: number): number {
    if (!Number.isFinite(limit) || limit < 1) throw new Error(`Concurrency limit must be a positive number, got ${limit}`);
    return Math.floor(limit);
  }
}
