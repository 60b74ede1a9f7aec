/**
 * When and how long to wait before trying a request again. Dataverse's service protection limits answer 429
 * with `Retry-After` in seconds; 503 may carry it too. Without one we back off exponentially.
 */
export interface RetryPolicy {
  /** Total attempts including the first. */
  maxAttempts: number;
  /** Wait before the first retry when the server gives no `Retry-After`; doubles per retry. */
  baseDelayMs: number;
  /** No single wait is longer than this, whatever `Retry-After` says. */
  maxDelayMs: number;
  /** Up to this fraction of the delay is added at random, so parallel workers do not retry in lockstep. */
  jitterRatio: number;
  /**
   * Service protection (429 with `Retry-After`): Microsoft's guidance is to wait the time it names and send
   * again, however often it takes (a run that outgrows the execution-time window waits up to 5 minutes at a
   * time). Those waits are taken in full and do not use up `maxAttempts`; only their total per request is
   * bounded by this, so a service that never lets the request in still ends in an error.
   */
  maxThrottleWaitMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000, jitterRatio: 0.2, maxThrottleWaitMs: 30 * 60_000 };

/** `Retry-After` as milliseconds: delta-seconds (what Dataverse sends) or an HTTP date. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Jitter added to a service-protection wait: enough to spread parallel workers, not a fifth of five minutes. */
const MAX_THROTTLE_JITTER_MS = 1000;

/** The wait before retry number `retry` (1 for the first retry); `serviceProtection` for a 429's Retry-After, taken in full. */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterMs: number | undefined, random: () => number = Math.random, serviceProtection = false): number {
  const base = retryAfterMs ?? policy.baseDelayMs * 2 ** (retry - 1);
  if (serviceProtection) return Math.round(base + Math.min(base * policy.jitterRatio, MAX_THROTTLE_JITTER_MS) * random());
  const capped = Math.min(base, policy.maxDelayMs);
  return Math.round(capped + capped * policy.jitterRatio * random());
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
