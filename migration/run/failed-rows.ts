import Papa from "papaparse";
import type { ExportRows } from "../plan/types";
import type { RunIssue } from "./types";

/** The column a failed-rows file adds last: why the row did not land. */
export const FAILED_ROWS_REASON = "Migration Error";
/** The column before it: the row's line in the export, so a fixed row can stand in for it (fixed-rows.ts). */
export const FAILED_ROWS_LINE = "Export Line";
/** The columns a failed-rows file adds after the export's own, which are never data. */
export const FAILED_ROWS_COLUMNS: readonly string[] = [FAILED_ROWS_LINE, FAILED_ROWS_REASON];

/** One export file's failed rows, ready to fix and feed to the next run under the same file name. */
export interface FailedRowsFile {
  /** The export file's own name (`patients.csv`), so the fixed file is read as the same object. */
  file: string;
  rows: number;
  csv: string;
}

export interface FailedRowsOptions {
  /** The export line a row read at `line` of `file` came from, when the run read a merge of fixed rows
   * (fixed-rows.ts): undefined for a row the admin added, which stays without a line. Default: the line. */
  exportLine?: (file: string, line: number) => number | undefined;
}

/** The reason a run issue gives, in words that carry no cell values (the issue texts never do). */
function reasonOf(issue: RunIssue): string {
  return issue.kind === "load" ? `${issue.step}: ${issue.error.code} ${issue.error.message}` : `${issue.code}: ${issue.reason}`;
}

/**
 * The rows a run left out or Dataverse refused, one CSV per export file: that file's own columns in its own
 * order, the row's values as read, then `Export Line` (where the row is in the export) and `Migration Error`
 * last (every reason for the row, joined). Rows keep the file's order. Fixed and given back beside the
 * exports (`dxm migrate DIR --fixed-rows FIXED`, fixed-rows.ts), each stands in for its export line. Values are written as they were read (a formula-guard quote would change
 * them on the way back); only the reason, the file's own text, is made formula-safe. Warnings name rows that
 * landed, so only errors count. Shared by Migration Studio's download and `dxm migrate --failed-rows DIR`.
 */
export async function failedRowsFiles(exports: ExportRows, issues: RunIssue[], options: FailedRowsOptions = {}): Promise<FailedRowsFile[]> {
  const byFile = new Map<string, Map<number, string[]>>();
  for (const issue of issues) {
    if (issue.kind === "validation" && issue.severity !== "error") continue;
    if (issue.line === undefined) continue;
    const lines = byFile.get(issue.file) ?? byFile.set(issue.file, new Map()).get(issue.file)!;
    const reasons = lines.get(issue.line) ?? lines.set(issue.line, []).get(issue.line)!;
    const reason = reasonOf(issue);
    if (!reasons.includes(reason)) reasons.push(reason);
  }
  const out: FailedRowsFile[] = [];
  for (const info of exports.inventory.files) {
    const lines = byFile.get(info.name);
    if (!lines || !info.readable) continue;
    const data: string[][] = [];
    let left = lines.size;
    for await (const row of exports.rows(info.name)) {
      const reasons = lines.get(row.line);
      if (!reasons) continue;
      const exportLine = options.exportLine ? options.exportLine(info.name, row.line) : row.line;
      data.push([...info.headers.map((h) => row.values[h] ?? ""), exportLine === undefined ? "" : String(exportLine), formulaSafe(reasons.join("; "))]);
      if (--left === 0) break;
    }
    out.push({ file: info.name, rows: data.length, csv: `${Papa.unparse({ fields: [...info.headers, FAILED_ROWS_LINE, FAILED_ROWS_REASON], data }, { quotes: true, newline: "\r\n" })}\r\n` });
  }
  return out;
}

/** A leading `=`, `+`, `-`, `@` would make a spreadsheet run the reason as a formula. */
function formulaSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}
