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
    rows.push(["object", o.object, "skipped (errored rows)", null, o.skipped, null]);
  }
  for (const t of report.tables) {
    const c = t.counters;
    rows.push(["table", t.table, "created/updated/unchanged/failed/skipped", c.total, `${c.created}/${c.updated}/${c.unchanged}/${c.failed}/${c.skipped}`, null]);
    rows.push(["table", t.table, "ledgered records vs stamped in target", t.ledgerCreated + t.ledgerUpdated, t.stampedInTarget, t.matches]);
  }
  for (const m of report.money) rows.push(["money", `${m.table}.${m.column}`, m.label, m.planned, m.target, m.matches]);
  for (const d of report.sample.mismatches) rows.push(["field", `${d.table} ${d.sourceKey}`, d.column, d.kind, d.id ?? null, false]);
  rows.push(["summary", report.runId, `sampled ${report.sample.records} records`, null, report.sample.mismatches.length, report.ok]);
  return `${Papa.unparse({ fields: ["section", "subject", "measure", "expected", "actual", "matches"], data: rows }, { escapeFormulae: true, newline: "\r\n" })}\r\n`;
}
