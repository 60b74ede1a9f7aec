import type { MigrateInput, RunResult } from "../../../migration/run/types";
import type { PickedFile } from "../components/upload/collect-files";
import type { RunMessage, RunRequest } from "../worker/run-protocol";
import type { RunEvents, RunHandle } from "./run-handle";

/**
 * Starts a migration in its own worker (from a Blob URL holding the bundled run worker, as Dynamics' content
 * security policy allows): the form's thread only receives batches to render. The worker ends with the run.
 */
export function startRunInWorker(workerUrl: string, clientUrl: string, files: PickedFile[], input: Omit<MigrateInput, "exports">, events: RunEvents): RunHandle {
  const worker = new Worker(workerUrl, { name: "dxm-run" });
  const send = (request: RunRequest) => worker.postMessage(request);
  const result = new Promise<RunResult>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<RunMessage>) => {
      const message = event.data;
      if (message.type === "started") events.onRunStarted(message.runId);
      else if (message.type === "planned") events.onPlanned(message.tables);
      else if (message.type === "batch") {
        if (message.progress.length > 0) events.onProgress(message.progress);
        if (message.issues.length > 0) events.onIssues(message.issues, message.issueCount);
      } else if (message.type === "done") resolve(message.result);
      else reject(new Error(message.message));
    };
    worker.onerror = (event) => reject(new Error(event.message || "The run worker stopped."));
  }).finally(() => worker.terminate());
  // An absolute org URL: a worker resolves relative URLs against its Blob URL, not the form's page.
  send({ type: "start", clientUrl: new URL(clientUrl, location.href).href, files: files.map((f) => f.blob), names: files.map((f) => f.name), input });
  return {
    result,
    pause: () => send({ type: "pause" }),
    resume: () => send({ type: "resume" }),
    cancel: () => send({ type: "cancel" }),
  };
}
