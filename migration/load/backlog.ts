/**
 * The records of a run not yet gathered into a chunk, across all its stages. Near the end of a run the last
 * chunks are cut to an even share of what is left, so the last round of requests ends together instead of
 * one large chunk finishing alone while the other request slots stand idle.
 */
export class RunBacklog {
  constructor(private remaining: number) {}

  /** A record was gathered into a chunk (or skipped: it needs no write). */
  take(): void {
    if (this.remaining > 0) this.remaining--;
  }

  get left(): number {
    return this.remaining;
  }
}
