import { spawn } from "node:child_process";
import { join } from "node:path";
import type { WorkerOutput, WorkerTask } from "./worker";

/** Runs a workload in a child Node process (TypeScript through tsx) and returns what it measured. */
export function runWorker<T>(task: WorkerTask): Promise<WorkerOutput<T>> {
  return runTypeScriptChild<WorkerOutput<T>>(join(__dirname, "worker.ts"), task, `${task.kind} worker`);
}

/**
 * Runs `script` (TypeScript, through tsx) in a child Node process with `task` as its JSON argument, and
 * resolves with the JSON object on the last line it prints; rejects with the tail of its stderr otherwise.
 */
export function runTypeScriptChild<T>(script: string, task: unknown, label: string, nodeFlags: string[] = []): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, "-r", require.resolve("tsx/cjs"), script, JSON.stringify(task)], { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const last = stdout.trim().split("\n").pop() ?? "";
      if (code !== 0 || !last.startsWith("{")) return reject(new Error(`${label} exited ${code}: ${stderr.trim().slice(-2000)}`));
      resolve(JSON.parse(last) as T);
    });
  });
}
