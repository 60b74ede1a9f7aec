import type { CDPSession, Page } from "playwright-core";

/**
 * The JS heaps of a page and of its workers, read through the DevTools protocol (`Runtime.getHeapUsage`):
 * a worker has no `performance.memory`, but the page's session auto-attaches to each worker it starts and
 * can ask it. Sessions are not flattened, so messages to a worker go through `Target.sendMessageToTarget`.
 */
export class JsHeaps {
  private readonly workers = new Set<string>();
  private readonly pending = new Map<number, (usedBytes: number | undefined) => void>();
  private nextId = 1;

  private constructor(private readonly cdp: CDPSession) {
    cdp.on("Target.attachedToTarget", (e) => {
      if (e.targetInfo.type === "worker") this.workers.add(e.sessionId);
    });
    cdp.on("Target.detachedFromTarget", (e) => {
      this.workers.delete(e.sessionId);
    });
    cdp.on("Target.receivedMessageFromTarget", (e) => {
      const message = JSON.parse(e.message) as { id?: number; result?: { usedSize?: number } };
      if (message.id === undefined) return;
      this.pending.get(message.id)?.(message.result?.usedSize);
      this.pending.delete(message.id);
    });
  }

  static async of(page: Page): Promise<JsHeaps> {
    const cdp = await page.context().newCDPSession(page);
    const heaps = new JsHeaps(cdp);
    await cdp.send("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    return heaps;
  }

  /** Bytes used now: the page's heap and each live worker's (a worker that ends meanwhile counts 0). */
  async sample(): Promise<{ page: number; workers: number }> {
    const page = (await this.cdp.send("Runtime.getHeapUsage")).usedSize;
    const each = await Promise.all([...this.workers].map((sessionId) => this.workerHeap(sessionId)));
    return { page, workers: each.reduce((n, b) => n + b, 0) };
  }

  private workerHeap(sessionId: string): Promise<number> {
    const id = this.nextId++;
    return new Promise<number>((resolve) => {
      this.pending.set(id, (bytes) => resolve(bytes ?? 0));
      this.cdp.send("Target.sendMessageToTarget", { sessionId, message: JSON.stringify({ id, method: "Runtime.getHeapUsage" }) }).catch(() => {
        this.pending.delete(id);
        resolve(0);
      });
    });
  }
}
