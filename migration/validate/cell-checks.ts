/**
 * Checks of one cell against the kind of value its field holds. Reasons describe the problem, never the
 * value (cells hold patient data).
 */
import { isEmail, parseInteger, parseMoney, parsePercent, parseYesNo } from "../objects/values";
import { dateOrderPattern, parseLocalDate, parseLocalDateTime, parseLocalTime } from "../time";
import type { DateOrder } from "../time";
import type { FieldSpec } from "../model/types";
import type { IssueCode } from "./issue";

export interface CellProblem {
  severity: "error" | "warning";
  code: IssueCode;
  reason: string;
}

/** U+FFFD, or UTF-8 read as Windows-1252 ("Ã©", "â€™", "Â "). */
const mojibake = /\uFFFD|Ã[\u0080-\u00BF\u00A0-\u00FF]|â€[\u0080-\u00FF\u2018-\u201E\u2020-\u2022\u2026\u2030\u2039\u203A\u20AC\u2122]|Â[\u00A0-\u00BF]/;

export function isMisEncoded(text: string): boolean {
  return mojibake.test(text);
}

/** A cell a spreadsheet would run as a formula. */
export function isFormulaLike(text: string): boolean {
  const s = text.trim();
  // A signed number or phone ("+1 614 384 2197", "-12.50") is data, not a formula.
  if (/^[+-][\d\s().,-]*$/.test(s)) return false;
  return /^[=+\-@]/.test(s) || /^[\t\r]/.test(text);
}

const textTypes = new Set<FieldSpec["type"]>(["text", "longText", "fileName"]);

/** Longer than any single-line text column the migration writes (names, addresses, subjects: at most 500). */
export const SINGLE_LINE_LIMIT = 500;

/** An error: the cell is not what its field takes. */
function notA(field: FieldSpec, code: IssueCode, what: string): CellProblem {
  return { severity: "error", code, reason: `${field.header} is not ${what}` };
}

/** `order` is how the cell's file writes day and month: a date impossible in it is an error, never re-read the other way. */
export function checkCell(field: FieldSpec, value: string, order: DateOrder, raw: string = value): CellProblem[] {
  const problems: CellProblem[] = [];
  if (!value) {
    if (field.required) problems.push({ severity: "error", code: "required", reason: `${field.header} is required and empty` });
    return problems;
  }
  if (isMisEncoded(raw)) {
    problems.push({ severity: "warning", code: "mis-encoded", reason: `${field.header} has mis-encoded characters (a replacement character or UTF-8 read as Windows-1252); it is kept as read` });
  }
  switch (field.type) {
    case "date":
      if (!parseLocalDate(value, order)) problems.push(notA(field, "impossible-date", `a possible date (${dateOrderPattern(order)}, as the file writes dates, or YYYY-MM-DD)`));
      break;
    case "datetime":
      if (!parseLocalDateTime(value, order)) problems.push(notA(field, "impossible-date", `a possible date and time (${dateOrderPattern(order)}, as the file writes dates)`));
      break;
    case "time":
      if (!parseLocalTime(value)) problems.push(notA(field, "invalid-time", "a time of day"));
      break;
    case "email":
      if (!isEmail(value)) problems.push(notA(field, "invalid-email", "a valid email address"));
      break;
    case "money":
      if (parseMoney(value) === undefined) problems.push(notA(field, "invalid-number", "an amount of money"));
      break;
    case "integer":
      if (parseInteger(value) === undefined) problems.push(notA(field, "invalid-number", "a whole number"));
      break;
    case "percent":
      if (parsePercent(value) === undefined) problems.push(notA(field, "invalid-number", "a percentage"));
      break;
    case "yn":
      if (parseYesNo(value) === undefined) {
        problems.push({ severity: "warning", code: "invalid-yes-no", reason: `${field.header} is not Y/N; it is left empty` });
      }
      break;
    default:
      break;
  }
  if (field.type === "text" && value.length > SINGLE_LINE_LIMIT) {
    problems.push({ severity: "warning", code: "too-long", reason: `${field.header} has ${value.length} characters, more than a single-line column holds (${SINGLE_LINE_LIMIT})` });
  }
  if (textTypes.has(field.type) && isFormulaLike(raw)) {
    problems.push({ severity: "warning", code: "formula-like", reason: `${field.header} starts like a spreadsheet formula (= + - @); it is stored as plain text` });
  }
  return problems;
}
