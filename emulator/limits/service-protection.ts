import { DataverseError } from "../records/errors";

/**
 * Dataverse's service protection API limits, per user, over a sliding window (Microsoft Learn,
 * "Service protection API limits"): 6,000 requests and 1,200 s of combined execution time per 300 s,
 * and 52 concurrent requests. Exceeding one answers 429 with Retry-After and the documented error code.
 */
export interface ServiceProtectionLimits {
  requests: number;
  executionMs: number;
  concurrent: number;
  windowMs: number;
}

export const DOCUMENTED_LIMITS: ServiceProtectionLimits = { requests: 6000, executionMs: 1_200_000, concurrent: 52, windowMs: 300_000 };

export const throttleErrors = {
  requests: (l: ServiceProtectionLimits, retryAfter: number) =>
    new DataverseError(429, "0x80072322", `Number of requests exceeded the limit of ${l.requests} over time window of ${Math.round(l.windowMs / 1000)} seconds.`, { "Retry-After": String(retryAfter) }),
  executionTime: (l: ServiceProtectionLimits, retryAfter: number) =>
    new DataverseError(429, "0x80072321", `Combined execution time of incoming requests exceeded limit of ${l.executionMs.toLocaleString("en-US")} milliseconds over time window of ${Math.round(l.windowMs / 1000)} seconds. Decrease number of concurrent requests or reduce the duration of requests and try again later.`, { "Retry-After": String(retryAfter) }),
  concurrent: (l: ServiceProtectionLimits, retryAfter: number) =>
    new DataverseError(429, "0x80072326", `Number of concurrent requests exceeded the limit of ${l.concurrent}.`, { "Retry-After": String(retryAfter) }),
};

interface UserWindow {
  /** Request arrival times (emulated ms), oldest first. */
  requests: number[];
  /** [finish time, execution ms] pairs, oldest first. */
  executions: [number, number][];
  executionTotal: number;
  inFlight: number;
}

/**
 * Tracks each user's window. `timeScale` compresses time: with 60, the 300 s window lasts 5 s of wall time
 * and Retry-After is given in wall-clock seconds.
 */
export class ServiceProtection {
  private readonly users = new Map<string, UserWindow>();

  constructor(readonly limits: ServiceProtectionLimits, private readonly timeScale: number, private readonly clock: () => number = Date.now) {}

  private user(id: string): UserWindow {
    let w = this.users.get(id);
    if (!w) this.users.set(id, (w = { requests: [], executions: [], executionTotal: 0, inFlight: 0 }));
    return w;
  }

  private now(): number {
    return this.clock() * this.timeScale;
  }

  private prune(w: UserWindow, now: number): void {
    const start = now - this.limits.windowMs;
    let i = 0;
    while (i < w.requests.length && w.requests[i] <= start) i++;
    if (i) w.requests.splice(0, i);
    while (w.executions.length && w.executions[0][0] <= start) w.executionTotal -= w.executions.shift()![1];
  }

  /** Wall-clock seconds until emulated time `at` leaves the window. */
  private retryAfter(at: number, now: number): number {
    return Math.max(1, Math.ceil((at + this.limits.windowMs - now) / this.timeScale / 1000));
  }

  /** Admits a request or throws the 429 Dataverse would send. Call `finish` when it completes. */
  admit(userId: string): void {
    const w = this.user(userId);
    const now = this.now();
    this.prune(w, now);
    if (w.inFlight >= this.limits.concurrent) throw throttleErrors.concurrent(this.limits, 1);
    if (w.requests.length >= this.limits.requests) throw throttleErrors.requests(this.limits, this.retryAfter(w.requests[0], now));
    if (w.executionTotal >= this.limits.executionMs) throw throttleErrors.executionTime(this.limits, this.retryAfter(w.executions[0][0], now));
    w.requests.push(now);
    w.inFlight++;
  }

  /** Records a finished request and the execution time it is charged (emulated ms). */
  finish(userId: string, executionMs: number): void {
    const w = this.user(userId);
    w.inFlight = Math.max(0, w.inFlight - 1);
    if (executionMs > 0) {
      w.executions.push([this.now(), executionMs]);
      w.executionTotal += executionMs;
    }
  }

  /**
   * The headers Dataverse sends on every response so clients can slow down before a 429:
   * requests and execution milliseconds left in the current window.
   */
  remainingHeaders(userId: string): Record<string, string> {
    const w = this.user(userId);
    this.prune(w, this.now());
    return {
      "x-ms-ratelimit-burst-remaining-xrm-requests": String(Math.max(0, this.limits.requests - w.requests.length)),
      "x-ms-ratelimit-time-remaining-xrm-requests": String(Math.max(0, Math.round(this.limits.executionMs - w.executionTotal))),
    };
  }

  reset(): void {
    this.users.clear();
  }
}
