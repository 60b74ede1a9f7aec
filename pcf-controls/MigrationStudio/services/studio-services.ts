/**
 * Everything Migration Studio calls outside React: the Web API client for the org (same-origin fetch with
 * the user's session), the parse worker, and the run record. index.ts builds it once from the client URL;
 * components receive it as a prop and never see the PCF context.
 */
import { DataverseClient } from "../../../dataverse/client";
import { createBrowserTransport } from "../../../dataverse/transport/browser";
import type { DataverseClientApi } from "../../../dataverse/types";
import { createInspector } from "../worker/inspector";
import type { Inspector } from "../worker/inspector";
import { RunStore } from "./run-store";
import { studioEngine } from "./engine";
import { startRunInWorker } from "./run-in-worker";
import type { StudioEngine } from "./engine";

export interface StudioServices {
  readonly client: DataverseClientApi;
  readonly runs: RunStore;
  readonly inspector: Inspector;
  readonly engine: StudioEngine;
  dispose(): void;
}

export function createStudioServicesWith(client: DataverseClientApi, inspector: Inspector, engine: StudioEngine = studioEngine): StudioServices {
  return { client, runs: new RunStore(client), inspector, engine, dispose: () => inspector.dispose() };
}

export function createStudioServices(clientUrl: string, workerSource: string, runWorkerSource: string): StudioServices {
  const client = new DataverseClient({ transport: createBrowserTransport(clientUrl) });
  // Without workers (never in Dynamics; jsdom in tests) the same inspection runs on the page's thread.
  const inspector = createInspector(workerSource, async () => (await import("../worker/inspect")).inspectExports);
  return createStudioServicesWith(client, inspector, withRunWorker(clientUrl, runWorkerSource));
}

/** The engine with runs in the run worker, where the page can start one; as it is (page thread) where not. */
function withRunWorker(clientUrl: string, runWorkerSource: string): StudioEngine {
  if (typeof Worker === "undefined" || typeof URL.createObjectURL !== "function" || runWorkerSource.length === 0) return studioEngine;
  let url: string | null = null;
  return {
    ...studioEngine,
    runsInWorker: true,
    startRun: (_client, files, input, events) => {
      url ??= URL.createObjectURL(new Blob([runWorkerSource], { type: "text/javascript" }));
      return startRunInWorker(url, clientUrl, files, input, events);
    },
  };
}
