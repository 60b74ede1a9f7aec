import type { SourceProblem } from "./types";

/**
 * Problems of one kind listed one by one per file. Every further one is still named by its line, on the
 * code's summary (`SourceProblem.lines`): a number each, so a file broken on every row cannot flood memory
 * with a million messages, and yet no defect goes unnamed.
 */
export const PROBLEMS_PER_CODE = 20;
/** Line numbers a summary's message spells out (all of them are in its `lines`). */
const LINES_IN_MESSAGE = 12;

/** Collects a file's problems: the first of each code in full, the line of every one after that. */
export class ProblemLog {
  private readonly kept: SourceProblem[] = [];
  private readonly counts = new Map<string, number>();
  private readonly moreLines = new Map<string, number[]>();

  constructor(readonly file: string) {}

  add(problem: Omit<SourceProblem, "file">): void {
    const count = (this.counts.get(problem.code) ?? 0) + 1;
    this.counts.set(problem.code, count);
    if (count <= PROBLEMS_PER_CODE) this.kept.push({ file: this.file, ...problem });
    else if (problem.line !== undefined) {
      const lines = this.moreLines.get(problem.code) ?? [];
      this.moreLines.set(problem.code, lines);
      // A problem of several lines (rows the reader could not separate) has each of them named.
      for (const line of problem.lines ?? [problem.line]) if (lines[lines.length - 1] !== line) lines.push(line);
    }
  }

  has(code: string): boolean {
    return this.counts.has(code);
  }

  /** The kept problems, then one summary per code that went over the cap, naming every further line. */
  list(): SourceProblem[] {
    const summaries: SourceProblem[] = [];
    for (const [code, count] of this.counts) {
      if (count <= PROBLEMS_PER_CODE) continue;
      const first = this.kept.find((p) => p.code === code);
      const lines = this.moreLines.get(code) ?? [];
      const shown = lines.slice(0, LINES_IN_MESSAGE).map((l) => l.toLocaleString("en-US")).join(", ");
      const where = lines.length === 0 ? "" : `: line${lines.length > 1 ? "s" : ""} ${shown}${lines.length > LINES_IN_MESSAGE ? ` and ${lines.length - LINES_IN_MESSAGE} more (every one is in this problem's list of lines)` : ""}`;
      summaries.push({
        file: this.file, severity: first?.severity ?? "warning", code,
        message: `${count - PROBLEMS_PER_CODE} more have the same problem (${code}) as the ${PROBLEMS_PER_CODE} listed${where}.`,
        ...(lines.length > 0 ? { lines } : {}),
      });
    }
    return [...this.kept, ...summaries];
  }
}

const lineNo = (line: number): string => `line ${line.toLocaleString("en-US")}`;
const lineRange = (first: number, last: number): number[] => Array.from({ length: last - first + 1 }, (_, i) => first + i);
const linesNo = (first: number, last: number): string =>
  `lines ${first.toLocaleString("en-US")}-${last.toLocaleString("en-US")} (${(last - first + 1).toLocaleString("en-US")} lines)`;
/** How the admin goes on without fixing the file, in both front ends. */
const leaveOut = (what: "it" | "them"): string =>
  `or leave ${what} out knowingly (\`dxm migrate --skip-errored\`, or "leave the rows with errors out" in Migration Studio): the run lists and counts ${what === "it" ? "the row" : "every line"} it leaves out`;

/** The words of each problem: what is wrong and what to do. Never quotes cell values. */
export const problem = {
  emptyFile: (): Omit<SourceProblem, "file"> => ({
    severity: "error", code: "empty-file",
    message: "The file is empty. Run the export again in Dental-Exec, or remove the file if the object has no records.",
  }),
  container: (format: string): Omit<SourceProblem, "file"> => ({
    severity: "error", code: "not-csv",
    message: `The file is ${format}, not CSV text. Open it (or unzip it), save each sheet or file as "CSV UTF-8", and add those CSV files instead.`,
  }),
  binary: (reason: string): Omit<SourceProblem, "file"> => ({
    severity: "error", code: "binary-file",
    message: `The file holds ${reason}. Export the data again from Dental-Exec as CSV (UTF-8 or Windows-1252) and add that file.`,
  }),
  readFailed: (): Omit<SourceProblem, "file"> => ({
    severity: "error", code: "read-failed",
    message: "The file could not be read (it may have been moved or changed while reading). Add it again.",
  }),
  headerOnly: (line: number): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "header-only", line,
    message: `The file has column names (${lineNo(line)}) but no rows. If Dental-Exec holds records of this kind, run the export again.`,
  }),
  noHeader: (): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "no-header", line: 1,
    message: "No header row was recognised: line 1 looks like data but is used as the column names. Export again with column headers switched on.",
  }),
  preamble: (headerLine: number): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "preamble-skipped", line: headerLine,
    message: `Lines 1-${headerLine - 1} come before the header row and were skipped (a report title or blank lines). Check that the header is ${lineNo(headerLine)}.`,
  }),
  duplicateHeader: (column: string, renamed: string, positions: [number, number], line: number): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "duplicate-header", line, column: renamed,
    message: `Columns ${positions[0]} and ${positions[1]} are both named "${column}"; the second is read as "${renamed}". Rename one in the export if they hold different data.`,
  }),
  blankHeader: (position: number, renamed: string): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "blank-header", column: renamed,
    message: `Column ${position} has no name and is read as "${renamed}". Name it in the export, or leave it unmapped.`,
  }),
  ragged: (line: number, found: number, expected: number): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "ragged-row", line,
    message: found > expected
      ? `${lineNo(line)} has ${found} values but the header has ${expected}; the extra values were dropped. A value probably holds an unquoted delimiter: fix the row or export again with text quoted.`
      : `${lineNo(line)} has ${found} values but the header has ${expected}; the missing ones are read as empty. Check the row in the file.`,
  }),
  unterminatedQuote: (line: number, last: number): Omit<SourceProblem, "file"> => ({
    severity: "error", code: "unterminated-quote", line, lines: lineRange(line, last),
    message: `A quoted value opened on ${lineNo(line)} never closes, so ${line === last ? "that line" : linesNo(line, last)} could not be separated into rows; ${line === last ? "it is" : "they are"} refused. Fix the quote in the file (or export again) and add it again, ${leaveOut(line === last ? "it" : "them")}.`,
  }),
  unseparatedRows: (line: number, last: number, found: number, expected: number, malformed: boolean): Omit<SourceProblem, "file"> => ({
    severity: "error", code: "unseparated-rows", line, lines: lineRange(line, last),
    message: `${linesNo(line, last)[0].toUpperCase()}${linesNo(line, last).slice(1)} could not be separated into rows: a quoted value opened on ${lineNo(line)} closes only on ${lineNo(last)}${malformed ? " after a quote that is not doubled" : ""}, giving one record of ${found} values where the header has ${expected}. The lines are refused, not guessed at: fix the quotes in the file and add it again, ${leaveOut("them")}.`,
  }),
  nulByte: (line: number, column: string): Omit<SourceProblem, "file"> => ({
    severity: "error", code: "nul-byte", line, column,
    message: `${lineNo(line)[0].toUpperCase()}${lineNo(line).slice(1)}, column "${column}" holds a NUL (zero) byte, a sign of a damaged export or of padding the exporter left in; the row is refused, not altered. Fix the value in Dental-Exec and export again, ${leaveOut("it")}.`,
  }),
  malformedQuote: (line: number): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "malformed-quote", line,
    message: `${lineNo(line)} has a quote inside a quoted value that is not doubled; the value was read as it stands. Check the row.`,
  }),
  legacyEncoding: (line: number): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "windows-1252", line,
    message: `The file is not UTF-8 and was read as Windows-1252 (the first such character is on ${lineNo(line)}). Check that accented names read correctly; if not, export again as UTF-8.`,
  }),
  legacyCharacter: (line: number, column: string): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "windows-1252-character", line, column,
    message: `${lineNo(line)} (first in column "${column}") holds a character outside plain ASCII in a file read as Windows-1252; check that it reads correctly after the migration (a UTF-8 export avoids the guess).`,
  }),
  misEncoded: (line: number, column: string): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "mis-encoded", line, column,
    message: `${lineNo(line)}, column "${column}" holds bytes that are not valid UTF-8 (likely Windows-1252 text inside a UTF-8 file); they read as "\uFFFD". Export the file again in one encoding, or fix the value after the migration.`,
  }),
  mojibake: (line: number, column: string): Omit<SourceProblem, "file"> => ({
    severity: "warning", code: "mojibake", line, column,
    message: `${lineNo(line)}, column "${column}" looks double-encoded (UTF-8 read as Windows-1252, e.g. "Ã©" for "é"). Fix the value in Dental-Exec or after the migration.`,
  }),
};
