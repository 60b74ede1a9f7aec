/**
 * Writes in flight, at most `size` at once: `start` waits for a free place, `drain` for all. The
 * first failure is thrown once every other write has settled, so no write is left running unseen.
 */
export class ChunkPool {
  private readonly running = new Set<Promise<void>>();
  private failure: { error: unknown } | undefined;

  constructor(private readonly size: number) {}

  async start(write: Promise<void>): Promise<void> {
    const tracked: Promise<void> = write
      .catch((error: unknown) => {
        this.failure ??= { error };
      })
      .finally(() => this.running.delete(tracked));
    this.running.add(tracked);
    while (this.running.size >= Math.max(1, this.size) && !this.failure) await Promise.race(this.running);
    if (this.failure) await this.drain();
  }

  async drain(): Promise<void> {
    await Promise.all([...this.running]);
    if (this.failure) throw this.failure.error;
  }
}
