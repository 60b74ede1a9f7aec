/// <reference lib="webworker" />
// The parse worker: reads, decodes and profiles the exports off the form's thread, so the form stays
// responsive with a million-row file. Bundled into bundle.js as a string (see inline-worker-loader.cjs).
import { inspectExports } from "./inspect";
import type { InspectMessage, InspectRequest } from "./protocol";

const scope = self as unknown as { onmessage: ((event: MessageEvent<InspectRequest>) => void) | null; postMessage(message: InspectMessage): void };

let lastProgress = 0;
scope.onmessage = (event) => {
  const request = event.data;
  if (request.type !== "inspect") return;
  inspectExports(
    request.files.map((blob, i) => ({ blob, name: request.names[i] })),
    (progress) => {
      // Progress between chunks is plenty; throttle to keep the message queue short.
      const now = Date.now();
      if (now - lastProgress < 100) return;
      lastProgress = now;
      scope.postMessage({ type: "progress", progress });
    },
    request.learned,
  )
    .then(({ inventory, proposal }) => scope.postMessage({ type: "done", inventory, proposal }))
    .catch((error: unknown) => scope.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) }));
};
