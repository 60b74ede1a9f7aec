import { execFileSync } from "node:child_process";

/** The code a benchmark measured: DXM_BENCH_COMMIT, else `git describe` of the tree (-dirty for uncommitted changes). */
export function codeVersion(): string {
  if (process.env.DXM_BENCH_COMMIT) return process.env.DXM_BENCH_COMMIT;
  try {
    return execFileSync("git", ["describe", "--always", "--dirty"], { cwd: __dirname, encoding: "utf8" }).trim();
  } catch {
    return "unknown";
  }
}
