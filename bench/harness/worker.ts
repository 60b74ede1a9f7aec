/**
 * A workload in a process of its own, so that CPU time and peak memory are the client's alone (the
 * emulator runs in the parent). Started by `runWorker`; argv[2] is the task as JSON; the last stdout line
 * is the result as JSON. Nothing else is printed: workloads report through return values.
 */
import { connect } from "../../scripts/dxm/connect";
import type { ClientCounters } from "../../dataverse/types";
import { measure, type ProcessCost } from "./measure";
import { runBaseline } from "../workloads/baseline";
import { DATA_FACTORY, runDataFactory } from "../workloads/data-factory";
import { KINGSWAYSOFT, runKingswaySoft } from "../workloads/kingswaysoft";
import type { PeerSettings } from "../workloads/peer";
import { runEngine } from "../workloads/engine";
import { runReconcile, runRollback, runVerify } from "../workloads/after-run";

export type WorkerTask =
  | { kind: "baseline"; url: string; dir: string; limit: number; fallbackOwner: string }
  | { kind: "kingswaysoft" | "data-factory"; url: string; dir: string; fallbackOwner: string }
  | { kind: "engine"; url: string; dir: string; fallbackOwner: string; resumeRunId?: string; identities?: string }
  | { kind: "reconcile"; url: string; dir: string; runId: string }
  | { kind: "verify"; url: string; dir: string; runId: string }
  | { kind: "rollback"; url: string; runId: string; bulkDeleteThreshold?: number };

export interface WorkerOutput<T = unknown> {
  value: T;
  cost: ProcessCost;
  client: ClientCounters;
  /** With several identities: requests and 429s per identity. */
  identities?: { name: string; requests: number; throttles: number }[];
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as WorkerTask;
  const client = await connect(task.url, task.kind === "engine" && task.identities ? { identitiesFile: task.identities } : {});
  const { value, cost } = await measure(async (): Promise<unknown> => {
    switch (task.kind) {
      case "baseline": {
        // The naive control sends one request at a time: no parallelism for it.
        const sequential = await connect(task.url, { concurrency: 1, maxConcurrency: 1, followDopHint: false });
        const result = await runBaseline(task.dir, sequential, task.limit, task.fallbackOwner);
        Object.assign(client.counters, sequential.counters);
        return result;
      }
      case "kingswaysoft":
      case "data-factory": {
        // A peer sends as many requests at once as its threads, whatever the environment's hint.
        const settings: PeerSettings = task.kind === "kingswaysoft" ? KINGSWAYSOFT : DATA_FACTORY;
        const peer = await connect(task.url, { concurrency: settings.threads, maxConcurrency: settings.threads, followDopHint: false });
        const result = await (task.kind === "kingswaysoft" ? runKingswaySoft : runDataFactory)(task.dir, peer, task.fallbackOwner);
        Object.assign(client.counters, peer.counters);
        return result;
      }
      case "engine": return runEngine(task.dir, client, task.fallbackOwner, task.resumeRunId);
      case "reconcile": return runReconcile(task.dir, client, task.runId);
      case "verify": return runVerify(task.dir, client, task.runId);
      case "rollback": return runRollback(client, task.runId, task.bulkDeleteThreshold);
    }
  });
  const perIdentity = (client as { identityCounters?: WorkerOutput["identities"] }).identityCounters;
  const output: WorkerOutput = { value, cost, client: { ...client.counters }, ...(perIdentity?.length ? { identities: perIdentity.map(({ name, requests, throttles }) => ({ name, requests, throttles })) } : {}) };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
