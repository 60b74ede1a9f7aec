import type { RunIssue } from "../../../../migration/run/types";
import { toSafeCsv } from "../common/csv";

/** The rows concerned by issues, as CSV: file, line, source key, code, reason. Ids, keys and codes only. */
export function issuesToCsv(issues: RunIssue[]): string {
  return toSafeCsv(
    ["kind", "severity", "file", "line", "sourceKey", "table", "code", "reason"],
    issues.map((i) =>
      i.kind === "validation"
        ? ["validation", i.severity, i.file, i.line, i.sourceKey, "", i.code, i.reason]
        : ["load", "error", i.file, i.line, i.sourceKey, i.table, i.error.code, `${i.step}: ${i.error.message}`],
    ),
  );
}
