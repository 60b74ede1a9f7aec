/**
 * Places for chunks of a run, shared by the stages that load side by side: a stage takes one before it
 * gathers a chunk's records and gives it back once the chunk is written (or failed). Without it every
 * stage of a wave keeps its own chunks in flight, so a wave of ten stages holds ten times the records
 * while only the client's few request slots can send them; with it the records in memory stay bounded by
 * the run, whatever its size or its number of stages.
 */
export class ChunkSlots {
  private taken = 0;
  /** Waiting stages, highest priority first; among equals, first come first served. */
  private readonly waiting: { priority: number; wake: () => void }[] = [];

  /** `size` is read on every call, so it can follow the client's concurrency as Dataverse's hint moves it. */
  constructor(private readonly size: () => number) {}

  /**
   * Resolves with the function that gives the place back (calling it more than once does nothing). A freed
   * place goes to the waiting stage of the highest `priority` (the work waiting behind it: a stage on the
   * run's critical path is not held up by stages nothing waits for).
   */
  async acquire(priority = 0): Promise<() => void> {
    while (this.taken >= Math.max(1, this.size())) {
      await new Promise<void>((wake) => {
        const at = this.waiting.findIndex((w) => w.priority < priority);
        this.waiting.splice(at < 0 ? this.waiting.length : at, 0, { priority, wake });
      });
    }
    this.taken++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.taken--;
      this.waiting.shift()?.wake();
    };
  }

  /** Places in use. */
  get inUse(): number {
    return this.taken;
  }
}
