/**
 * Caps how many requests are in flight; the rest wait in FIFO order. The cap can change while running
 * (Dataverse's `x-ms-dop-hint` tells the recommended degree of parallelism). A waiting request whose
 * signal aborts leaves the queue at once.
 */
export class ConcurrencyLimiter {
  private cap: number;
  private running = 0;
  private peak = 0;
  private readonly waiting: { grant: () => void; reject: (reason: unknown) => void; signal?: AbortSignal; onAbort?: () => void }[] = [];

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
      const entry: (typeof this.waiting)[number] = {
        grant: () => resolve(this.take()),
        reject,
        signal,
      };
      if (signal) {
        entry.onAbort = () => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(signal.reason);
        };
        signal.addEventListener("abort", entry.onAbort, { once: true });
      }
      this.waiting.push(entry);
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
      if (entry.signal && entry.onAbort) entry.signal.removeEventListener("abort", entry.onAbort);
      entry.grant();
    }
  }

  private static validLimit(limit: number): number {
    if (!Number.isFinite(limit) || limit < 1) throw new Error(`Concurrency limit must be a positive number, got ${limit}`);
    return Math.floor(limit);
  }
}
