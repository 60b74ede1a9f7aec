import type { ValidationIssue } from "../../../../migration/plan/types";
import type { ExportRows } from "../../../../migration/plan/types";
import { toSafeCsv } from "../common/csv";

const ISSUE_COLUMNS = ["severity", "code", "file", "line", "column", "sourceKey", "reason"];

/**
 * The validation problems with the export rows they concern, for the admin to fix the export: each
 * problem's fields, then that row's values under its file's own headers (files with other headers leave
 * those cells empty). Built in the browser for a download only; never logged or stored.
 */
export async function rowsConcernedCsv(exports: ExportRows, issues: ValidationIssue[]): Promise<string> {
  const wanted = new Map<string, Set<number>>();
  for (const i of issues) if (i.line !== undefined) (wanted.get(i.file) ?? wanted.set(i.file, new Set()).get(i.file)!).add(i.line);
  const found = new Map<string, Record<string, string>>();
  const headers: string[] = [];
  for (const [file, lines] of wanted) {
    const info = exports.inventory.files.find((f) => f.name === file);
    if (!info?.readable) continue;
    for (const h of info.headers) if (!headers.includes(h)) headers.push(h);
    let left = lines.size;
    for await (const row of exports.rows(file)) {
      if (!lines.has(row.line)) continue;
      found.set(`${file}:${row.line}`, row.values);
      if (--left === 0) break;
    }
  }
  return toSafeCsv(
    [...ISSUE_COLUMNS, ...headers],
    issues.map((i) => {
      const values = i.line === undefined ? undefined : found.get(`${i.file}:${i.line}`);
      return [i.severity, i.code, i.file, i.line, i.column, i.sourceKey, i.reason, ...headers.map((h) => values?.[h] ?? "")];
    }),
  );
}
