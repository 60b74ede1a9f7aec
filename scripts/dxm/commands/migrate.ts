import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { confirmMap, parseMap, proposeMapping } from "../../../migration/mapping";
import type { ConfirmedMap, Proposal } from "../../../migration/mapping/types";
import type { RunMode } from "../../../migration/plan/types";
import { auditToCsv } from "../../../migration/run/audit";
import { migrate } from "../../../migration/run/migrate";
import type { RunIssue } from "../../../migration/run/types";
import { readExports } from "../../../migration/source";
import { connect } from "../connect";
import { nodeFiles } from "../node-files";
import { createProgressReporter, showTableProgress } from "../progress";

interface MigrateOptions {
  target: string;
  map?: string;
  mode: RunMode;
  parent?: string;
  resume?: string;
  sample?: number;
  fallbackOwner?: string;
  timeZone?: string;
  skipErrored?: boolean;
  yes?: boolean;
  audit?: string;
}

const positive = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("expected a whole number above 0.");
  return Number(value);
};

const mode = (value: string): RunMode => {
  if (value !== "sample" && value !== "full" && value !== "delta") throw new InvalidArgumentError("use sample, full or delta.");
  return value;
};

/** The proposal in words: files, objects and where each column lands, with confidence. No cell values. */
export function describeProposal(proposal: Proposal): string {
  const lines: string[] = [];
  for (const f of proposal.files) {
    lines.push(`${f.file} → ${f.object ?? "(not migrated)"} (${Math.round(f.confidence * 100)}%)`);
    for (const c of f.columns) lines.push(`    ${c.source.padEnd(30)} → ${c.target ?? "(not migrated)"} ${Math.round(c.confidence * 100)}%${c.flags?.length ? `  [${c.flags.join("; ")}]` : ""}`);
  }
  for (const w of proposal.warnings) lines.push(`warning: ${w}`);
  return `${lines.join("\n")}\n`;
}

function describeIssue(i: RunIssue): string {
  if (i.kind === "load") return `  ${i.step} failed ${i.file}:${i.line} ${i.sourceKey} → ${i.error.code} ${i.error.message}`;
  return `  ${i.severity} ${i.code} ${i.file}${i.line ? `:${i.line}` : ""}${i.column ? ` [${i.column}]` : ""}${i.sourceKey ? ` ${i.sourceKey}` : ""}: ${i.reason}`;
}

export function register(program: Command): void {
  program
    .command("migrate")
    .description("Migrate a folder of Dental-Exec exports into Dataverse (or the local emulator): plan, load, ledger; prints the run id. Exit code 0 only if every valid row landed.")
    .argument("<dir>", "folder holding the Dental-Exec CSV exports (and attachments/)")
    .requiredOption("--target <url>", "org URL (https://org.crm.dynamics.com) or emulator URL (http://127.0.0.1:PORT)")
    .option("--map <file>", "confirmed field map (JSON, as exported by Migration Studio or `dxm propose`)")
    .option("--mode <mode>", "sample | full | delta", mode, "full" as RunMode)
    .option("--parent <run>", "the run a delta run builds on")
    .option("--resume <run>", "continue a run that stopped (crash, cancel, failure)")
    .option("--sample <n>", "sample mode: number of patients", positive)
    .option("--fallback-owner <email>", "owner of records whose provider has no enabled user")
    .option("--time-zone <iana>", "practice time zone when confirming the proposal (default: this machine's)")
    .option("--skip-errored", "leave rows with errors out (all listed) instead of refusing to run")
    .option("--yes", "without --map: confirm the proposed map as it is")
    .option("--audit <file>", "write the audit log (create, update, skip) as CSV")
    .action(async (dir: string, options: MigrateOptions) => {
      const exports = await readExports(await nodeFiles(dir));
      const client = await connect(options.target);
      let map: ConfirmedMap;
      if (options.map) {
        map = parseMap(await readFile(options.map, "utf8"));
      } else {
        const proposal = proposeMapping(exports.inventory);
        if (!options.yes) {
          process.stdout.write(describeProposal(proposal));
          process.stderr.write("Nothing migrated: review the proposal, then pass --yes to confirm it as it is, or --map FILE with an edited map.\n");
          process.exitCode = 2;
          return;
        }
        const me = await client.whoAmI();
        map = confirmMap(proposal, {}, { confirmedBy: `dxm:${me.UserId}`, timeZone: options.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone });
      }

      const progress = createProgressReporter();
      const controller = new AbortController();
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        progress.log("Cancelling after the chunk in flight (Ctrl-C again to quit at once; resume with --resume).");
        controller.abort();
      };
      process.on("SIGINT", onSigint);
      const issues: RunIssue[] = [];
      try {
        const result = await migrate(
          {
            exports, map, mode: options.mode, sampleSize: options.sample, parentRunId: options.parent, runId: options.resume,
            fallbackOwnerEmail: options.fallbackOwner, skipErroredRows: options.skipErrored,
          },
          client,
          {
            signal: controller.signal,
            onRunStarted: (id) => progress.log(`run ${id}`),
            onProgress: (p) => showTableProgress(progress, p),
            onIssue: (i) => issues.push(i),
          },
        );
        progress.stop();
        const errors = issues.filter((i) => i.kind === "load" || i.severity === "error");
        if (errors.length > 0) process.stderr.write(`${errors.length} rows not migrated:\n${errors.slice(0, 200).map(describeIssue).join("\n")}\n${errors.length > 200 ? `  … ${errors.length - 200} more (see the run report)\n` : ""}`);
        const warnings = issues.length - errors.length;
        if (warnings > 0) process.stderr.write(`${warnings} warnings (see the run report).\n`);
        for (const [table, c] of Object.entries(result.counters)) {
          process.stderr.write(`${table.padEnd(22)} total ${c.total}  created ${c.created}  updated ${c.updated}  unchanged ${c.unchanged}  failed ${c.failed}  skipped ${c.skipped}\n`);
        }
        for (const reason of result.blockedBy ?? []) process.stderr.write(`Not started: ${reason} (--skip-errored, --fallback-owner EMAIL).\n`);
        if (options.audit) await writeFile(options.audit, auditToCsv(result.audit));
        process.stderr.write(`status: ${result.status}; requests: ${client.counters.requests}\n`);
        process.stdout.write(`${result.runId}\n`);
        process.exitCode = result.complete && result.status !== "Map confirmed" ? 0 : 1;
      } finally {
        progress.stop();
        process.off("SIGINT", onSigint);
      }
    });
}
