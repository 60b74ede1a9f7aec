import type { PauseControl } from "./types";

/** Pause / resume for a running migration; hand it to `migrate` as `pause` and call `pause()` from the UI. */
export class PauseController implements PauseControl {
  private waiting: (() => void)[] = [];
  private isPaused = false;

  get paused(): boolean {
    return this.isPaused;
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
    const waiting = this.waiting;
    this.waiting = [];
    for (const wake of waiting) wake();
  }

  waitUntilResumed(signal?: AbortSignal): Promise<void> {
    if (!this.isPaused || signal?.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        signal?.removeEventListener("abort", wake);
        resolve();
      };
      this.waiting.push(wake);
      signal?.addEventListener("abort", wake, { once: true });
    });
  }
}
