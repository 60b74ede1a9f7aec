import type { Inventory, SourceProblem } from "../source/types";

/** Most characters the line ranges of one problem take on the run row (the column holds about a million). */
const RANGES_CHARS = 10_000;

/**
 * The lines of a problem as ranges, e.g. "40-43,97": a quote that swallowed the rest of a big file is one
 * range, not a hundred thousand numbers. Cut past RANGES_CHARS (the audit names every line left out).
 */
export function lineRanges(lines: number[]): string {
  const ranges: string[] = [];
  let length = 0;
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    while (i + 1 < lines.length && lines[i + 1] === lines[i] + 1) i++;
    const range = lines[i] === first ? String(first) : `${first}-${lines[i]}`;
    if (length + range.length > RANGES_CHARS) return `${ranges.join(",")},… (more in the audit)`;
    ranges.push(range);
    length += range.length + 1;
  }
  return ranges.join(",");
}

const summary = (p: SourceProblem) => ({ code: p.code, severity: p.severity, line: p.line, column: p.column, ...(p.lines ? { lines: lineRanges(p.lines) } : {}) });

/**
 * The inventory as stored on the run row: files, sizes, row counts (and rows the reader refused), objects
 * and problems with every line they name. Profiles are left out on purpose: their examples and top values
 * are patient data.
 */
export function inventorySummary(inventory: Inventory) {
  return {
    files: inventory.files.map((f) => ({
      name: f.name, size: f.size, rows: f.rows, ...(f.refusedRows ? { refusedRows: f.refusedRows } : {}), object: f.object, encoding: f.encoding, readable: f.readable,
      problems: f.problems.map(summary),
    })),
    attachments: { count: inventory.attachments.length, bytes: inventory.attachments.reduce((n, a) => n + a.size, 0) },
    problems: inventory.problems.map((p) => ({ file: p.file, code: p.code, severity: p.severity, line: p.line })),
  };
}
