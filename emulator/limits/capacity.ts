/**
 * The environment's servers: at most `capacity` requests are served at once, the others wait in line in
 * the order they came (the line is what a client sending more than `x-ms-dop-hint` requests at once meets).
 */
export class Workers {
  private busy = 0;
  private readonly line: (() => void)[] = [];
  constructor(private readonly capacity: number) {}

  acquire(): Promise<void> {
    if (this.busy < this.capacity) {
      this.busy++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.line.push(resolve));
  }

  /** Hands the place to the next in line, if any (busy stays the same), or frees it. */
  release(): void {
    const next = this.line.shift();
    if (next) next();
    else this.busy--;
  }
}
