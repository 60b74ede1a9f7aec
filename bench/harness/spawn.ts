import { spawn } from "node:child_process";
import { join } from "node:path";
import type { WorkerOutput, WorkerTask } from "./worker";

/** Runs a workload in a child Node process (TypeScript through tsx) and returns what it measured. */
export function runWorker<T>(task: WorkerTask): Promise<WorkerOutput<T>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["-r", require.resolve("tsx/cjs"), join(__dirname, "worker.ts"), JSON.stringify(task)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0 || !last.startsWith("{")) return reject(new Error(`${task.kind} worker exited ${code}: ${stderr.trim().slice(-2000)}`));
      resolve(JSON.parse(last) as WorkerOutput<T>);
    });
  });
}
