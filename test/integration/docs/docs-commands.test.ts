/**
 * The commands of docs/run-a-migration.md and docs/roll-back.md work as written: every `dxm` line of their
 * shell blocks runs through bash, in the doc's order, in a folder holding `./exports` (a generated practice)
 * and `./exports-later` (the same a day later, one patient changed), with the placeholders an admin fills
 * in filled the same way: the org URL (`https://yourorg.crm.dynamics.com`, or `...`) is the emulator's, and
 * `<run id>` is the run the line is about (the newest run not rolled back or finished; for `--resume`, a run stopped by a
 * crash; for `--include-children`, a run with a delta run built on it). A doc line that fails fails the test,
 * so a doc cannot drift from the commands.
 */
import { execFile, spawn } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { defaultSeed, SEED_IDS, startEmulator, type RunningEmulator } from "../../../emulator";
import { generateExports, organization } from "../../../scripts/generate";
import { readRunRecord } from "../../../migration/ledger";
import { connect } from "../../../scripts/dxm/connect";
import { documentedCommands, type DocumentedCommand } from "./documented-commands";

jest.setTimeout(300_000);
const ROOT = join(__dirname, "../../..");
const SEED = 23;
const DOCS = ["docs/run-a-migration.md", "docs/roll-back.md"];
/** `dxm migrate` announces the run it started on a line of its own. */
const RUN_ID = /^run ([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/m;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Every provider of the practice has an enabled Dynamics user, as the docs' pre-flight asks of the admin. */
async function orgWithEveryUser(): Promise<RunningEmulator> {
  const users = organization(SEED).providers.map((p, i) => ({
    systemuserid: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
    firstname: p.firstName, lastname: p.lastName, internalemailaddress: p.email, domainname: p.email, isdisabled: false,
    "businessunitid@odata.bind": `businessunits(${SEED_IDS.businessUnit})`,
  }));
  return startEmulator({ port: 0, seed: { ...defaultSeed, records: { ...defaultSeed.records, systemuser: [...defaultSeed.records.systemuser, ...users] } } });
}

/** The same export a day later: one patient's home phone changed (what a delta run picks up). */
function exportLater(from: string, to: string): void {
  cpSync(from, to, { recursive: true });
  const file = join(to, "patients.csv");
  const [header, first, ...rest] = readFileSync(file, "utf8").split("\r\n");
  const phone = header.split(",").indexOf("Home Phone");
  expect(phone).toBeGreaterThan(-1);
  const cells = first.split(",");
  cells[phone] = "614-555-0199";
  writeFileSync(file, [header, cells.join(","), ...rest].join("\r\n"));
}

describe("the documented commands, run as written", () => {
  let emu: RunningEmulator;
  let work: string;
  const shell = promisify(execFile);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), "dxm-docs-"));
    await generateExports({ out: join(work, "exports"), patients: 12, seed: SEED });
    exportLater(join(work, "exports"), join(work, "exports-later"));
    // `dxm` on the PATH, as the docs assume (`npx dxm` inside the repository does the same).
    mkdirSync(join(work, "bin"));
    writeFileSync(join(work, "bin", "dxm"), `#!/bin/sh\nexec "${process.execPath}" "${join(ROOT, "bin/dxm.cjs")}" "$@"\n`);
    chmodSync(join(work, "bin", "dxm"), 0o755);
    emu = await orgWithEveryUser();
  });
  afterAll(async () => {
    await emu?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const env = () => ({ ...process.env, FORCE_COLOR: "0", PATH: `${join(work, "bin")}:${process.env.PATH}` });
  async function bash(command: string): Promise<Outcome> {
    try {
      const { stdout, stderr } = await shell("bash", ["-c", command], { cwd: work, env: env(), maxBuffer: 64 * 1024 * 1024 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  const runs: string[] = [];
  const remember = (o: Outcome) => {
    const id = RUN_ID.exec(`${o.stderr}\n${o.stdout}`)?.[1];
    if (id && !runs.includes(id)) runs.push(id);
  };
  const client = () => connect(emu.url);
  const status = async (id: string) => (await readRunRecord(await client(), id))?.status;

  /** A full run killed as soon as it printed its id: what `--resume` is documented for. */
  async function stoppedRun(): Promise<string> {
    const child = spawn("bash", ["-c", `dxm migrate ./exports --target ${emu.url} --map map.json --max-chunk 5`], { cwd: work, env: env() });
    const id = await new Promise<string>((resolve, reject) => {
      let seen = "";
      child.stderr.on("data", (d: Buffer) => {
        seen += d.toString();
        const m = RUN_ID.exec(seen);
        if (m) {
          child.kill("SIGKILL");
          resolve(m[1]);
        }
      });
      child.on("exit", () => reject(new Error(`the run ended before printing its id:\n${seen}`)));
    });
    await new Promise((r) => child.once("close", r));
    runs.push(id);
    return id;
  }

  /** The run a line's `<run id>` stands for. */
  async function runFor(command: string): Promise<string> {
    if (/--resume/.test(command)) return stoppedRun();
    if (/--include-children/.test(command)) {
      const parent = await bash(`dxm migrate ./exports --target ${emu.url} --map map.json`);
      remember(parent);
      const parentId = runs[runs.length - 1];
      remember(await bash(`dxm migrate ./exports-later --target ${emu.url} --map map.json --mode delta --parent ${parentId}`));
      return parentId;
    }
    for (const id of [...runs].reverse()) if (!/^(Roll|Finished)/.test((await status(id)) ?? "")) return id;
    throw new Error("no run to stand for <run id>: the docs use it before any command started a run");
  }

  async function asWritten(c: DocumentedCommand): Promise<string> {
    let command = c.command.replace(/https:\/\/yourorg\.crm\.dynamics\.com/g, emu.url).replace(/--target \.\.\./g, `--target ${emu.url}`);
    if (command.includes("<run id>")) command = command.replace(/<run id>/g, await runFor(command));
    return command;
  }

  const commands = DOCS.flatMap((doc) => documentedCommands(doc, readFileSync(join(ROOT, doc), "utf8")));

  it("finds the commands in the docs (migrate, reconcile, resume, delta, rollback, finish)", () => {
    const all = commands.map((c) => c.command).join("\n");
    for (const expected of [/^dxm propose /m, /^dxm migrate .*--mode sample/m, /^dxm reconcile /m, /--resume <run id>/, /--mode delta --parent <run id>/, /^dxm rollback .*--yes/m, /^dxm finish .*--yes/m]) {
      expect(all).toMatch(expected);
    }
  });

  it("runs every one of them, in order, and each exits 0", async () => {
    const failed: string[] = [];
    for (const c of commands) {
      const command = await asWritten(c);
      const outcome = await bash(command);
      remember(outcome);
      if (outcome.code !== 0) failed.push(`${c.doc}:${c.line} \`${c.command}\` exited ${outcome.code}:\n${outcome.stderr.slice(-1500)}${outcome.stdout.slice(-1500)}`);
    }
    expect(failed).toEqual([]);
    // What the lines did, not only their exit codes: a sample, a full run, a resumed one and a delta ran,
    // the rollbacks rolled their runs back, and the finish finished one.
    expect(runs.length).toBeGreaterThanOrEqual(4);
    const statuses = await Promise.all(runs.map(status));
    expect(statuses).toContain("Rolled back");
    expect(statuses).toContain("Finished");
    expect(statuses.filter((s) => s === "Completed" || s === "Rolled back" || s === "Finished").length).toBe(runs.length);
  });
});
