import type { ChunkSizeOptions } from "./types";

/** Dataverse's own recommendation for bulk messages and the $batch cap: at most 1000 operations per request. */
export const MAX_CHUNK = 1000;

/**
 * How many records the next chunk carries. Starts modest, doubles after every healthy chunk up to the cap,
 * halves on a timeout, a service-protection limit or an error, and holds while the service is throttling.
 */
export class AdaptiveChunkSize {
  private current: number;
  readonly min: number;
  readonly max: number;

  constructor(options: ChunkSizeOptions = {}) {
    this.max = Math.min(options.max ?? MAX_CHUNK, MAX_CHUNK);
    this.min = Math.max(1, Math.min(options.min ?? 1, this.max));
    this.current = clamp(options.initial ?? 200, this.min, this.max);
  }

  get size(): number {
    return this.current;
  }

  /** A chunk landed; `throttled` when the client had to wait for the service meanwhile. */
  succeeded(throttled: boolean): void {
    if (!throttled) this.current = clamp(this.current * 2, this.min, this.max);
  }

  /** A timeout or limit: the request was too big or the service too busy for it. */
  limited(): void {
    this.current = clamp(Math.floor(this.current / 2), this.min, this.max);
  }

  /** A data error in the chunk (bisected separately): smaller chunks lose less to the next bad row. */
  failed(): void {
    this.limited();
  }
}

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}
