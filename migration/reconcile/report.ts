import Papa from "papaparse";
import type { ReconcileReport } from "./types";

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
  rows.push(["summary", report.runId, `sampled ${report.sample.records} records`, null, report.sample.mismatches.length, report.ok]);
  return `${Papa.unparse({ fields: ["section", "subject", "measure", "expected", "actual", "matches"], data: rows }, { escapeFormulae: true, newline: "\r\n" })}\r\n`;
}
