import type { Inventory, ReadProgress } from "../../../migration/source/types";
import type { LearnedChoice, Proposal } from "../../../migration/mapping/types";
import type { InspectMessage, InspectRequest } from "./protocol";

export interface InspectResult {
  inventory: Inventory;
  proposal: Proposal;
}

/** Reads the uploaded exports; `inWorker` says whether the parse worker does it (the form stays responsive). */
export interface Inspector {
  readonly inWorker: boolean;
  /** Reads the files and proposes their map, following `learned` (the org's earlier confirmed choices). */
  inspect(files: { blob: File; name: string }[], onProgress: (progress: ReadProgress) => void, learned?: LearnedChoice[]): Promise<InspectResult>;
  dispose(): void;
}

/**
 * The worker-backed inspector: one worker per inspection, started from a Blob URL holding the worker source
 * that was bundled into the control. Where the page cannot start workers (jsdom in unit tests), `fallback`
 * runs the same inspection code on the page's thread.
 */
export function createInspector(workerSource: string, fallback: () => Promise<Inspector["inspect"]>): Inspector {
  const canUseWorker = typeof Worker !== "undefined" && typeof URL.createObjectURL === "function" && workerSource.length > 0;
  let url: string | null = null;
  const active = new Set<Worker>();
  return {
    inWorker: canUseWorker,
    async inspect(files, onProgress, learned = []) {
      if (!canUseWorker) return (await fallback())(files, onProgress, learned);
      url ??= URL.createObjectURL(new Blob([workerSource], { type: "text/javascript" }));
      const worker = new Worker(url, { name: "dxm-parse" });
      active.add(worker);
      try {
        return await new Promise<InspectResult>((resolve, reject) => {
          worker.onmessage = (event: MessageEvent<InspectMessage>) => {
            const message = event.data;
            if (message.type === "progress") onProgress(message.progress);
            else if (message.type === "done") resolve({ inventory: message.inventory, proposal: message.proposal });
            else reject(new Error(message.message));
          };
          worker.onerror = (event) => reject(new Error(event.message || "The parse worker stopped."));
          const request: InspectRequest = { type: "inspect", files: files.map((f) => f.blob), names: files.map((f) => f.name), learned };
          worker.postMessage(request);
        });
      } finally {
        worker.terminate();
        active.delete(worker);
      }
    },
    dispose() {
      for (const worker of active) worker.terminate();
      active.clear();
      if (url) URL.revokeObjectURL(url);
      url = null;
    },
  };
}
