import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
export const DXM = join(__dirname, "../../../bin/dxm.cjs");

/**
 * The working directory of every `dxm` a test starts: a scratch folder, so that what dxm writes beside the
 * admin by default (the verification report after a full run, with the values it compared) never lands in
 * the repository.
 */
export const DXM_CWD = mkdtempSync(join(tmpdir(), "dxm-test-cwd-"));

/** Runs the `dxm` command line to its end: exit code, stdout and stderr. */
export async function dxm(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [DXM, ...args], { cwd: DXM_CWD, env: { ...process.env, FORCE_COLOR: "0", ...env }, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
