import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import type { DataverseClientApi } from "../../../dataverse/types";
import { readLedger } from "../../../migration/ledger/codec";
import { reconcile, reconcileToCsv, verifyRun } from "../../../migration/reconcile";
import type { ReconcileReport, VerificationReport } from "../../../migration/reconcile/types";
import type { MigrationExports } from "../../../migration/run/types";
import { auditFromLedger, auditToCsv } from "../../../migration/run/audit";
import { readExports } from "../../../migration/source";
import { connect } from "../connect";
import { nodeFiles } from "../node-files";
import { openVerificationFile } from "../verification-file";

/**
 * The full verification's summary for the terminal: per table, counts only (records, fields, differences,
 * missing, extra). The differences themselves hold patient data: they are in the report file, never printed.
 */
export function describeVerification(report: VerificationReport, file: string): string {
  const out = [`run ${report.runId}: full verification, ${report.records} records in ${report.seconds.toFixed(1)} s: ${report.ok ? "every field as the source says" : `${report.differenceCount} DIFFERENCES`}`];
  for (const t of report.tables) {
    const bad = t.differences + t.missing + t.extra;
    out.push(`  ${t.table.padEnd(22)} records ${t.records}  fields ${t.fields}  differences ${t.differences}  missing ${t.missing}  extra ${t.extra}${t.failed ? `  (failed in the run, not compared ${t.failed})` : ""}  ${bad === 0 ? "ok" : "MISMATCH"}`);
  }
  out.push(`  report (table, source key, column, expected, found): ${file}`);
  return `${out.join("\n")}\n`;
}

/** The default report file of a run's full verification, in the working folder. */
export const verificationFileName = (runId: string) => `dxm-verification-${runId}.csv`;

/**
 * Runs full verification of a run, streaming every difference to the report file (CSV) as it is found;
 * the per-table summary closes the file. Returns the report (differences: the first thousand).
 */
export async function verifyToFile(runId: string, exports: MigrationExports, client: DataverseClientApi, file: string): Promise<VerificationReport> {
  const out = await openVerificationFile(file);
  try {
    const report = await verifyRun(runId, exports, client, { onDifference: out.difference });
    await out.close(report);
    return report;
  } catch (error) {
    await out.close();
    throw error;
  }
}

function describe(report: ReconcileReport): string {
  const out = [`run ${report.runId}: ${report.ok ? "reconciled" : "DIFFERENCES FOUND"}`];
  for (const o of report.objects) {
    const reasons = Object.entries(o.reasons).map(([r, n]) => `${r} ${n}`).join(", ");
    out.push(`  ${o.object.padEnd(16)} source rows ${o.sourceRows}  planned ${o.rowsPlanned} (${o.planned} records)  skipped ${o.skipped}${reasons ? ` (${reasons})` : ""}${o.matches ? "" : `  UNACCOUNTED ${o.unaccounted.length}: ${o.unaccounted.slice(0, 10).map((u) => `${u.file}:${u.line}`).join(" ")}`}`);
  }
  for (const t of report.tables) {
    const c = t.counters;
    const target = t.notes ? `notes on the run's records ${t.notes.inTarget} (planned ${t.notes.expected}, extra ${t.notes.extra}, missing ${t.notes.missing})` : `target ${t.stampedInTarget ?? "n/a"}`;
    out.push(`  ${t.table.padEnd(22)} planned ${t.planned} = landed ${t.landed} + unchanged ${t.unchanged} + failed ${t.failed}${t.missingCount ? ` + MISSING ${t.missingCount}` : ""} | counters created ${c.created} updated ${c.updated} unchanged ${c.unchanged} failed ${c.failed} of ${c.total} | ledger ${t.ledgerCreated}+${t.ledgerUpdated} ${target} ${t.matches ? "ok" : "MISMATCH"}`);
    if (t.missing.length > 0) out.push(`    missing: ${t.missing.slice(0, 20).join(" ")}`);
  }
  for (const m of report.money) out.push(`  ${m.label.padEnd(24)} planned ${m.planned.toFixed(2)} target ${m.target.toFixed(2)} ${m.matches ? "ok" : `DIFF ${m.difference.toFixed(2)}`}`);
  out.push(`  sampled ${report.sample.records} records: ${report.sample.mismatches.length} differing fields`);
  for (const d of report.sample.mismatches.slice(0, 50)) out.push(`    ${d.table} ${d.sourceKey} ${d.column} ${d.kind}`);
  return `${out.join("\n")}\n`;
}

export function register(program: Command): void {
  program
    .command("reconcile")
    .description("Reconcile a run: counts per object and table, ledger against target, money totals, a sampled field-by-field diff; with --full, verify every record and every field instead (alone). Exit code 0 when everything agrees.")
    .argument("<dir>", "the folder of Dental-Exec exports the run migrated")
    .requiredOption("--run <id>", "the migration run")
    .requiredOption("--target <url>", "org URL or emulator URL")
    .option("--identities <file>", "several application users side by side, as for dxm migrate")
    .option("--json", "print the report as JSON")
    .option("--csv <file>", "write the report as CSV")
    .option("--audit <file>", "write the run's audit log (from the ledger) as CSV")
    .option("--full", "full verification alone: every record the run wrote read back and compared field by field with the source; the differences (table, source key, column, expected, found) go to --report")
    .option("--report <file>", "with --full: the verification report (CSV; it holds the values compared, patient data: keep it as you keep the exports)")
    .action(async (dir: string, options: { run: string; target: string; json?: boolean; csv?: string; audit?: string; full?: boolean; report?: string; identities?: string }) => {
      const exports = await readExports(await nodeFiles(dir));
      const client = await connect(options.target, { identitiesFile: options.identities });
      if (options.full) {
        const file = options.report ?? verificationFileName(options.run);
        const verification = await verifyToFile(options.run, exports, client, file);
        const { differences: _listed, ...counts } = verification;
        process.stdout.write(options.json ? `${JSON.stringify(counts, null, 2)}\n` : describeVerification(verification, file));
        process.exitCode = verification.ok ? 0 : 1;
        return;
      }
      const report = await reconcile(options.run, exports, client);
      if (options.csv) await writeFile(options.csv, reconcileToCsv(report));
      if (options.audit) await writeFile(options.audit, auditToCsv(auditFromLedger(await readLedger(client, options.run))));
      process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report));
      process.exitCode = report.ok ? 0 : 1;
    });
}
