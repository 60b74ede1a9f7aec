import type { ValidationIssue } from "../plan/types";

/** Issue codes: what is wrong, in a word the Studio and the CLI can group by. */
export type IssueCode =
  | "required"
  | "impossible-date"
  | "invalid-time"
  | "invalid-email"
  | "invalid-number"
  | "invalid-yes-no"
  | "unmapped-value"
  | "unknown-communication-type"
  | "mis-encoded"
  | "formula-like"
  | "duplicate-id"
  | "orphan"
  | "unknown-reference"
  | "depends-on-errored-row"
  | "too-long"
  | "type-mismatch"
  | "option-not-in-set"
  | "required-column-empty"
  | "column-missing"
  | "metadata-not-read"
  | "file-missing"
  | "invalid-time-zone"
  | "date-order-mismatch"
  | "missing-attachment"
  // Rows the reader refuses (migration/source): a NUL byte, or lines it could not separate into rows.
  | "nul-byte"
  | "unseparated-rows"
  | "unterminated-quote";

export function issue(
  severity: ValidationIssue["severity"],
  code: IssueCode,
  where: { file: string; line?: number; column?: string; sourceKey?: string },
  reason: string,
): ValidationIssue {
  const out: ValidationIssue = { severity, code, file: where.file, reason };
  if (where.line !== undefined) out.line = where.line;
  if (where.column !== undefined) out.column = where.column;
  if (where.sourceKey !== undefined) out.sourceKey = where.sourceKey;
  return out;
}
