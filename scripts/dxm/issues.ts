import type { RunIssue } from "../../migration/run/types";
import type { Inventory, SourceProblem } from "../../migration/source/types";

/**
 * What the reader and the planner found, in words the commands share: files, lines, columns, codes and
 * source keys, never cell values (neither the reader's problems nor the issues quote them).
 */

/** How many issues of a severity a command lists one by one; the rest are counted (all are in the run report). */
export const LISTED_ERRORS = 200;
export const LISTED_WARNINGS = 50;

export function describeIssue(i: RunIssue): string {
  if (i.kind === "load") return `  ${i.step} failed ${i.file}:${i.line} ${i.sourceKey} → ${i.error.code} ${i.error.message}`;
  return `  ${i.severity} ${i.code} ${i.file}${i.line ? `:${i.line}` : ""}${i.column ? ` [${i.column}]` : ""}${i.sourceKey ? ` ${i.sourceKey}` : ""}: ${i.reason}`;
}

/** Issues listed up to `limit`, then a count of the rest. */
export function listIssues(title: string, issues: RunIssue[], limit: number): string {
  if (issues.length === 0) return "";
  const more = issues.length > limit ? `  … ${issues.length - limit} more (see the run report)\n` : "";
  return `${title}\n${issues.slice(0, limit).map(describeIssue).join("\n")}\n${more}`;
}

const where = (p: SourceProblem): string => `${p.file}${p.line !== undefined ? `:${p.line}` : ""}${p.column ? ` [${p.column}]` : ""}`;

/**
 * Every problem the reader reported, file by file, as `dxm inspect` shows them: each is one line, and a
 * code's summary names its further lines (the first dozen in words, the count of the rest).
 */
export function describeSourceProblems(inventory: Inventory): string {
  const problems = [...inventory.files.flatMap((f) => f.problems), ...inventory.problems];
  if (problems.length === 0) return "";
  const errors = problems.filter((p) => p.severity === "error").length;
  const lines = problems.map((p) => `  ${p.severity === "error" ? "ERROR" : "warn "} ${p.code} ${where(p)}: ${p.message}`);
  return `the reader found ${problems.length} problems in the exports (${errors} errors, ${problems.length - errors} warnings):\n${lines.join("\n")}\n`;
}
