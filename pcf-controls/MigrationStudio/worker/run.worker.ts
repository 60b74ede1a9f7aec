/// <reference lib="webworker" />
// The run worker: the whole migration off the form's thread (reading, planning, validation, payloads and
// the Web API calls: a worker started from the page's Blob URL has the page's origin, so same-origin fetch
// carries the user's session). The page only renders the batches it posts. Bundled as a string like the
// parse worker (inline-worker-loader.cjs).
import { DataverseClient } from "../../../dataverse/client";
import { createBrowserTransport } from "../../../dataverse/transport/browser";
import { PauseController } from "../../../migration/load/pause";
import { migrate } from "../../../migration/run/migrate";
import { readExports } from "../../../migration/source";
import { asSourceFile } from "./inspect";
import { BATCH_INTERVAL_MS, RunBatcher } from "./run-batcher";
import type { RunMessage, RunRequest } from "./run-protocol";

const scope = self as unknown as { onmessage: ((event: MessageEvent<RunRequest>) => void) | null; postMessage(message: RunMessage): void };

const abort = new AbortController();
const pause = new PauseController();
const batcher = new RunBatcher();
const flush = () => {
  if (batcher.pending) scope.postMessage({ type: "batch", ...batcher.take() });
};

async function run(request: Extract<RunRequest, { type: "start" }>): Promise<void> {
  const timer = setInterval(flush, BATCH_INTERVAL_MS);
  try {
    const client = new DataverseClient({ transport: createBrowserTransport(request.clientUrl) });
    const exports = await readExports(request.files.map((blob, i) => asSourceFile(blob, request.names[i])));
    const result = await migrate({ ...request.input, exports }, client, {
      signal: abort.signal,
      pause,
      onRunStarted: (runId) => scope.postMessage({ type: "started", runId }),
      onPlanned: (tables) => scope.postMessage({ type: "planned", tables }),
      onProgress: (p) => batcher.addProgress(p),
      onIssue: (i) => batcher.addIssue(i),
    });
    flush();
    scope.postMessage({ type: "done", result });
  } catch (error) {
    flush();
    scope.postMessage({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  } finally {
    clearInterval(timer);
  }
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.type === "start") void run(request);
  else if (request.type === "pause") pause.pause();
  else if (request.type === "resume") pause.resume();
  else {
    pause.resume();
    abort.abort();
  }
};
