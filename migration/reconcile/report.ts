import Papa from "papaparse";
import type { FieldDifference, ReconcileReport, TableVerification, VerificationReport } from "./types";

/**
 * The reconciliation report as CSV: one line per figure (section, subject, measure, expected, actual,
 * matches). Cells starting with = + - @ are escaped by papaparse (`escapeFormulae`), so a spreadsheet
 * never runs them.
 */
export function reconcileToCsv(report: ReconcileReport): string {
  const rows: (string | number | boolean | null)[][] = [];
  for (const o of report.objects) {
    rows.push(["object", o.object, "source rows vs planned", o.sourceRows, o.planned, null]);
    rows.push(["object", o.object, "source rows vs planned + skipped", o.sourceRows, o.rowsPlanned + o.skipped, o.matches]);
    for (const [reason, n] of Object.entries(o.reasons)) rows.push(["object", o.object, `skipped: ${reason}`, null, n, null]);
    for (const u of o.unaccounted) rows.push(["row", `${u.file}:${u.line}`, "unaccounted", null, null, false]);
  }
  for (const t of report.tables) {
    const c = t.counters;
    rows.push(["table", t.table, "created/updated/unchanged/failed/skipped", c.total, `${c.created}/${c.updated}/${c.unchanged}/${c.failed}/${c.skipped}`, null]);
    rows.push(["table", t.table, "ledgered records vs stamped in target", t.ledgerCreated + t.ledgerUpdated, t.stampedInTarget, t.matches]);
    rows.push(["table", t.table, "planned vs landed + unchanged + failed", t.planned, t.landed + t.unchanged + t.failed, t.missingCount === 0]);
    if (t.notes) rows.push(["table", t.table, "planned notes vs notes on the run's records", t.notes.expected, t.notes.inTarget, t.notes.extra === 0 && t.notes.missing === 0]);
    for (const key of t.missing) rows.push(["record", `${t.table} ${key}`, "missing", null, null, false]);
  }
  for (const m of report.money) rows.push(["money", `${m.table}.${m.column}`, m.label, m.planned, m.target, m.matches]);
  for (const d of report.sample.mismatches) rows.push(["field", `${d.table} ${d.sourceKey}`, d.column, d.kind, d.id ?? null, false]);
  const v = report.verification;
  if (v) {
    for (const t of v.tables) {
      rows.push(["verification", t.table, "records / fields compared", t.records, t.fields, null]);
      rows.push(["verification", t.table, "differences / missing / extra", 0, `${t.differences}/${t.missing}/${t.extra}`, t.differences + t.missing + t.extra === 0]);
    }
    // Expected and found: the values compared (the admin's document, as verificationToCsv).
    for (const d of v.differences) rows.push(["verified field", `${d.table} ${d.sourceKey || (d.id ?? "")}`, `${d.column} (${d.kind})`, cellOf(d.expected), cellOf(d.found), false]);
    rows.push(["summary", report.runId, `verified ${v.records} records`, null, v.differenceCount, report.ok]);
  } else rows.push(["summary", report.runId, `sampled ${report.sample.records} records`, null, report.sample.mismatches.length, report.ok]);
  return `${Papa.unparse({ fields: ["section", "subject", "measure", "expected", "actual", "matches"], data: rows }, { escapeFormulae: true, newline: "\r\n" })}\r\n`;
}

/** A compared value as a report cell: empty for none, lists joined with "; ". */
export function cellOf(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(cellOf).join("; ");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

const unparse = (rows: unknown[][]) => Papa.unparse(rows, { escapeFormulae: true, newline: "\r\n" });

/** Columns of the verification CSV: one line per table summary, then one per difference. */
export const VERIFICATION_CSV_HEADER = `${unparse([["section", "table", "source key", "id", "column", "kind", "expected", "found", "records", "fields", "differences", "missing", "extra", "failed"]])}\r\n`;

/** One difference as a line of the verification CSV (formula-safe). */
export function verificationCsvLine(d: FieldDifference): string {
  return `${unparse([["difference", d.table, d.sourceKey, d.id ?? "", d.column, d.kind, cellOf(d.expected), cellOf(d.found), "", "", "", "", "", ""]])}\r\n`;
}

/** One table's summary as a line of the verification CSV. */
export function verificationSummaryLine(t: TableVerification): string {
  return `${unparse([["table", t.table, "", "", "", "", "", "", t.records, t.fields, t.differences, t.missing, t.extra, t.failed]])}\r\n`;
}

/**
 * The full verification report as CSV: the per-table summary, then the differences it lists. It holds the
 * values compared (patient data): the admin's document, for a file, never for a log.
 */
export function verificationToCsv(report: VerificationReport): string {
  return VERIFICATION_CSV_HEADER + report.tables.map(verificationSummaryLine).join("") + report.differences.map(verificationCsvLine).join("");
}
