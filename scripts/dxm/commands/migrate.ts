import { randomUUID } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import type { MigrationPlan, PlanReport, RunMode } from "../../../migration/plan/types";
import type { EntityMetadata } from "../../../dataverse/types";
import type { DataverseClientApi } from "../../../dataverse/types";
import { readRunRecord } from "../../../migration/ledger";
import type { ConfirmedMap } from "../../../migration/mapping/types";
import { missingRequiredFiles } from "../../../migration/plan";
import { migrate } from "../../../migration/run/migrate";
import { NO_RUN_YET, runPreflight } from "../../../migration/run/preflight";
import type { MigrationExports, RunIssue, RunResult } from "../../../migration/run/types";
import { reconcile } from "../../../migration/reconcile";
import { failedRowsFiles, type FailedRowsOptions } from "../../../migration/run/failed-rows";
import { FixedRowsError } from "../../../migration/run/fixed-rows";
import { readExports } from "../../../migration/source";
import { openAuditFile } from "../audit-file";
import { DATE_ORDER_OPTION, collectDateOrder, confirmedMapOrProposal, type DateOrderChoices } from "../confirmed-map";
import { connect } from "../connect";
import { describeSourceProblems, LISTED_ERRORS, LISTED_WARNINGS, listIssues } from "../issues";
import { describeMerges, exportFilesWithFixedRows } from "../fixed-rows";
import { nodeFiles } from "../node-files";
import { createProgressReporter, showTableProgress } from "../progress";
import { blockingItems, describeBypass, describePreflight } from "./preflight";
import { BypassNotAllowedError } from "../../../migration/run/bypass-custom-logic";
import { describeVerification, verificationFileName, verifyToFile } from "./reconcile";

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
  dateOrder?: DateOrderChoices;
  audit?: string;
  maxChunk?: number;
  /** False with --no-preflight. */
  preflight?: boolean;
  failedRows?: string;
  fixedRows?: string;
  bypassCustomLogic?: boolean;
  /** False with --no-verify. */
  verify?: boolean;
  sampled?: boolean;
  report?: string;
  identities?: string;
}

/** How long the chunks in flight may take to answer after a Ctrl-C before they are abandoned. */
const CANCEL_GRACE_MS = 5_000;

const positive = (value: string): number => {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("expected a whole number above 0.");
  return Number(value);
};

const mode = (value: string): RunMode => {
  if (value !== "sample" && value !== "full" && value !== "delta") throw new InvalidArgumentError("use sample, full or delta.");
  return value;
};

/** What the plan found that the admin must know: ids, keys and counts only. */
export function describeReport(report: PlanReport | undefined, timeZone: string): string {
  const lines = [`practice time zone: ${timeZone} (Dental-Exec local times converted from it to UTC)`];
  if (!report) return `${lines.join("\n")}\n`;
  for (const p of report.unmatchedProviders) lines.push(`unmatched provider ${p.providerKey}: ${p.reason === "disabled-user" ? "the Dynamics user is disabled" : "no Dynamics user with that email"}`);
  if (report.referringMerges.length > 0) {
    lines.push(`referring providers merged: ${report.referringMerges.length} (${report.referringMerges.reduce((n, m) => n + m.variants, 0)} spellings)`);
    for (const m of report.referringMerges.slice(0, 20)) lines.push(`  ${m.mergedKey} ← ${m.variants} spellings in ${m.sourceKeys.length} rows`);
  }
  for (const a of report.oversizeAttachments) lines.push(`attachment over the org's upload limit, kept as a note naming the file (needs SharePoint document management): ${a.sourceKey} ${a.file} ${(a.size / 1048576).toFixed(1)} MB`);
  if (report.deletedSinceParent.length > 0) lines.push(`deleted in Dental-Exec since the parent run (not deleted here): ${report.deletedSinceParent.length}, e.g. ${report.deletedSinceParent.slice(0, 5).map((d) => d.sourceKey).join(", ")}`);
  if (report.drugInteractionFlags > 0) lines.push(`patients with a drug-interaction alert: ${report.drugInteractionFlags} (kept in dxm_druginteractionflag; review them in Dynamics)`);
  if (report.rebuildReference) lines.push(`workflows, reminder sequences and billing rules: listed in the rebuild reference (${report.rebuildReference.fileName}) attached to the run as a note`);
  return `${lines.join("\n")}\n`;
}

/**
 * The confirmed map of a run already in the org, announced with the run's own time zone: the run to resume,
 * or the parent a delta run builds on (the same export layout, confirmed once). Undefined (exit 2) if none.
 */
async function mapOfRun(client: DataverseClientApi, runId: string, purpose: "resume" | "delta"): Promise<ConfirmedMap | undefined> {
  const run = await readRunRecord(client, runId);
  if (!run?.map) {
    process.stderr.write(`Nothing migrated: the org has no run ${runId} with a confirmed map to ${purpose === "resume" ? "resume" : "build the delta run on"} (check the id: \`dxm migrate\` printed it).\n`);
    process.exitCode = 2;
    return undefined;
  }
  const what = purpose === "resume" ? "resuming run" : "delta run on the map of run";
  process.stderr.write(`${what} ${runId} (${run.status ?? "unknown status"}; practice time zone ${run.map.timeZone})\n`);
  return run.map;
}

/**
 * After a complete full run: full verification by default (every record, every field; the differences to the
 * report file, counts to the terminal), the sampled reconciliation with --sampled, nothing with --no-verify.
 * False when it found a difference.
 */
async function verifyAfterRun(options: MigrateOptions, result: RunResult, exports: MigrationExports, client: DataverseClientApi): Promise<boolean> {
  if (options.mode !== "full" || options.verify === false || !result.complete || result.status === "Map confirmed") return true;
  if (options.sampled) {
    const report = await reconcile(result.runId, exports, client);
    process.stderr.write(`reconciled (sampled field diff: ${report.sample.records} records, ${report.sample.mismatches.length} differing fields): ${report.ok ? "ok" : "DIFFERENCES FOUND (dxm reconcile for the details)"}\n`);
    return report.ok;
  }
  const file = options.report ?? verificationFileName(result.runId);
  const verification = await verifyToFile(result.runId, exports, client, file);
  process.stderr.write(describeVerification(verification, file));
  return verification.ok;
}

export function register(program: Command): void {
  program
    .command("migrate")
    .description("Migrate a folder of Dental-Exec exports into Dataverse (or the local emulator): plan, load, ledger; prints the run id. Exit code 0 only if every valid row landed.")
    .argument("<dir>", "folder holding the Dental-Exec CSV exports (and attachments/)")
    .requiredOption("--target <url>", "org URL (https://org.crm.dynamics.com) or emulator URL (http://127.0.0.1:PORT)")
    .option("--identities <file>", "several application users side by side (JSON: docs/run-a-migration.md); they share the tenant's daily entitlement")
    .option("--map <file>", "confirmed field map (JSON, as exported by Migration Studio or `dxm propose`)")
    .option("--mode <mode>", "sample | full | delta", mode, "full" as RunMode)
    .option("--parent <run>", "the run a delta run builds on")
    .option("--resume <run>", "continue a run that stopped (crash, cancel, failure) with its own map and options")
    .option("--sample <n>", "sample mode: number of patients", positive)
    .option("--fallback-owner <email>", "owner of records whose provider has no enabled user")
    .option("--time-zone <iana>", "practice time zone (IANA, e.g. America/Chicago) when confirming the proposal: required, as the export has none")
    .option("--skip-errored", "leave rows with errors out (all listed, impossible dates included: skipped, never repaired) instead of refusing to run")
    .option("--yes", "without --map: confirm the proposed map as it is")
    .option(DATE_ORDER_OPTION[0], DATE_ORDER_OPTION[1], collectDateOrder)
    .option("--audit <file>", "write the audit log (create, update, skip) as CSV")
    .option("--failed-rows <dir>", "write the rows that did not land, one CSV per export file in its own columns with the reason last")
    .option("--fixed-rows <dir>", "the failed-rows files of an earlier run, fixed: each row stands in for its export line (what landed before is left alone)")
    .option("--bypass-custom-logic", "skip the org's custom plug-ins and flows while writing (MSCRM.BypassBusinessLogicExecution: CustomSync,CustomAsync); needs prvBypassCustomBusinessLogic, refused before any write otherwise; the run record says so")
    .option("--no-preflight", "start a new run without the pre-flight check (run `dxm preflight` first)")
    .option("--no-verify", "after a full run, do not verify it (by default every record is read back and compared field by field with the source)")
    .option("--sampled", "after a full run, reconcile with a sampled field diff instead of the full verification (faster, checks a sample)")
    .option("--report <file>", "the full verification report after a full run (CSV with the values compared: patient data), default dxm-verification-<run>.csv")
    .option("--max-chunk <n>", "most records per write request (1–1000, default 1000): lower it for orgs whose plug-ins make writes slow", positive)
    .action(async (dir: string, options: MigrateOptions) => {
      if (options.failedRows && resolve(options.failedRows) === resolve(dir)) {
        process.stderr.write("--failed-rows must name another folder than the exports: its files would replace them.\n");
        process.exitCode = 2;
        return;
      }
      let files = await nodeFiles(dir);
      let exportLine: FailedRowsOptions["exportLine"];
      if (options.fixedRows) {
        try {
          const fixed = await exportFilesWithFixedRows(dir, options.fixedRows);
          files = fixed.files;
          const merged = new Map(fixed.merges.map((m) => [m.file, m.exportLines]));
          exportLine = (file, line) => (merged.has(file) ? merged.get(file)!.get(line) : line);
          process.stderr.write(describeMerges(fixed.merges));
        } catch (error) {
          if (!(error instanceof FixedRowsError)) throw error;
          process.stderr.write(`Nothing migrated: ${error.message}\n`);
          process.exitCode = 2;
          return;
        }
      }
      const exports = await readExports(files);
      process.stderr.write(describeSourceProblems(exports.inventory));
      // Cancels the requests still in flight, a few seconds after a Ctrl-C (see onSigint).
      const inFlight = new AbortController();
      const client = await connect(options.target, { signal: inFlight.signal, identitiesFile: options.identities });
      // A resume takes the run's own confirmed map (and, in migrate, its options): the run id is enough. A
      // delta run takes its parent's map unless given one (or --yes to confirm the proposal afresh).
      const map = options.resume && !options.map
        ? await mapOfRun(client, options.resume, "resume")
        : options.parent && !options.map && !options.yes
          ? await mapOfRun(client, options.parent, "delta")
          : await confirmedMapOrProposal(options, exports, client, "Nothing migrated: review the proposal, then pass --yes to confirm it as it is, or --map FILE with an edited map.");
      if (!map) return;
      const missing = missingRequiredFiles(exports.inventory, map);
      if (missing.length > 0) {
        process.stderr.write(`${missing.map((m) => `BLOCKING ${m.file}: ${m.reason}`).join("\n")}\nNothing migrated: the run needs a file of patients with rows.\n`);
        process.exitCode = 2;
        return;
      }
      // A new run starts only after the pre-flight passes (a resumed one passed it when it started).
      // A new full run is planned once: by the pre-flight, under the id the run will have.
      let planned: { runId: string; plan: MigrationPlan; metadata?: Record<string, EntityMetadata> } | undefined;
      if (!options.resume && options.preflight !== false) {
        const newRunId = options.mode === "full" ? randomUUID() : NO_RUN_YET;
        const pre = await runPreflight(client, { exports, map, runId: newRunId, fallbackOwnerEmail: options.fallbackOwner, keepPlan: options.mode === "full" });
        if (pre.runPlan) planned = { runId: newRunId, plan: pre.runPlan, metadata: pre.runMetadata };
        process.stderr.write(describePreflight(pre));
        const bypassRefused = options.bypassCustomLogic === true && pre.preflight.mayBypassCustomLogic !== true;
        if (bypassRefused) process.stderr.write(`  BLOCKING bypass-custom-logic: --bypass-custom-logic was given, but bypassing is ${describeBypass(pre.preflight.mayBypassCustomLogic)}\n`);
        if (blockingItems(pre).length > 0 || bypassRefused) {
          process.stderr.write("Nothing migrated: resolve what blocks the run (see above), or check again with `dxm preflight`.\n");
          process.exitCode = 2;
          return;
        }
      }

      const progress = createProgressReporter();
      const controller = new AbortController();
      let runId: string | undefined;
      // Ctrl-C: no new chunk starts; the chunks in flight get a few seconds to answer, then are abandoned (what
      // landed is found again by the resume: every record's key or id is known before it is written).
      const onSigint = () => {
        if (controller.signal.aborted) process.exit(130);
        progress.log(`Cancelling after the chunks in flight (at most ${CANCEL_GRACE_MS / 1000} s; Ctrl-C again to quit at once).`);
        controller.abort();
        setTimeout(() => inFlight.abort(), CANCEL_GRACE_MS).unref();
      };
      process.on("SIGINT", onSigint);
      const issues: RunIssue[] = [];
      const auditFile = options.audit ? openAuditFile(options.audit) : undefined;
      try {
        const result = await migrate(
          {
            exports, map, mode: options.mode, sampleSize: options.sample, parentRunId: options.parent, runId: options.resume,
            fallbackOwnerEmail: options.fallbackOwner, skipErroredRows: options.skipErrored, bypassCustomLogic: options.bypassCustomLogic,
            chunk: options.maxChunk ? { max: options.maxChunk, initial: Math.min(200, options.maxChunk) } : undefined,
            planned,
          },
          client,
          {
            signal: controller.signal,
            onRunStarted: (id) => {
              runId = id;
              progress.log(`run ${id}`);
            },
            onProgress: (p) => showTableProgress(progress, p),
            onIssue: (i) => issues.push(i),
            onAudit: auditFile?.write,
          },
        );
        progress.stop();
        const errors = issues.filter((i) => i.kind === "load" || i.severity === "error");
        process.stderr.write(listIssues(`${errors.length} rows not migrated:`, errors, LISTED_ERRORS));
        const warnings = issues.filter((i) => !errors.includes(i));
        process.stderr.write(listIssues(`${warnings.length} warnings:`, warnings, LISTED_WARNINGS));
        if (options.failedRows && errors.length > 0) {
          const files = await failedRowsFiles(exports, errors, { exportLine });
          await mkdir(options.failedRows, { recursive: true });
          for (const f of files) await writeFile(join(options.failedRows, f.file), f.csv);
          process.stderr.write(`Failed rows: ${files.map((f) => `${f.file} (${f.rows})`).join(", ")} in ${options.failedRows} (each in its export file's own columns, the reason last).\n`);
        }
        process.stderr.write(describeReport(result.report, map.timeZone));
        for (const [table, c] of Object.entries(result.counters)) {
          process.stderr.write(`${table.padEnd(22)} total ${c.total}  created ${c.created}  updated ${c.updated}  unchanged ${c.unchanged}  failed ${c.failed}  skipped ${c.skipped}\n`);
        }
        for (const reason of result.blockedBy ?? []) process.stderr.write(`Not started: ${reason} (--skip-errored, --fallback-owner EMAIL).\n`);
        await auditFile?.close();
        process.stderr.write(`status: ${result.status}; requests: ${client.counters.requests}\n`);
        const verified = await verifyAfterRun(options, result, exports, client);
        process.stdout.write(`${result.runId}\n`);
        process.exitCode = result.complete && result.status !== "Map confirmed" && verified ? 0 : 1;
      } catch (error) {
        if (error instanceof BypassNotAllowedError) {
          progress.stop();
          process.stderr.write(`${error.message}\n`);
          process.exitCode = 2;
          return;
        }
        if (!inFlight.signal.aborted) throw error;
        progress.stop();
        process.stderr.write(`Cancelled: requests that had not answered were abandoned.${runId ? ` Resume with: dxm migrate ${dir} --target ${options.target} --resume ${runId}` : ""}\n`);
        process.exitCode = 130;
      } finally {
        progress.stop();
        process.off("SIGINT", onSigint);
        // A run that failed still leaves the audit of what it did.
        await auditFile?.close().catch(() => undefined);
      }
    });
}
