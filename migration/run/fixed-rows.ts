import Papa from "papaparse";
import type { ExportRows } from "../plan/types";
import { FAILED_ROWS_LINE } from "./failed-rows";

/**
 * Fixed rows fed back: the admin corrected a failed-rows file (`dxm migrate --failed-rows`, or the Studio's
 * download) and gives it to the next run beside the original exports. Each fixed row stands in for the row
 * of the export it came from (its `Export Line`); a row without a line is one the admin added. The next run
 * reads the export with those rows replaced and migrates it as a whole: what landed the first time is found
 * unchanged and left alone, references resolve against the whole set, and only the fixed rows are written.
 */
export interface FixedRows {
  /** The export file the fixed rows belong to (`patients.csv`). */
  file: string;
  /** The fixed rows by the export line they replace, in the export file's own columns. */
  byLine: Map<number, string[]>;
  /** Rows without an export line: added by the admin, appended to the file. */
  added: string[][];
}

/** What merging did, in counts and line numbers only (no values: they may be patient data). */
export interface FixedRowsMerge {
  file: string;
  replaced: number;
  added: number;
  /** Lines a fixed row named that the export does not have: those rows were appended instead. */
  unknownLines: number[];
  /** Lines the reader refused that no fixed row replaced: left out, as the first run left them out. */
  refusedLeftOut: number[];
  /** The export line each line of the merged file holds a row of (added rows have none), so the rows that
   * fail again are named by their export line and can be fixed and fed back again. */
  exportLines: Map<number, number>;
}

export class FixedRowsError extends Error {}

/**
 * Reads a fixed failed-rows file against the export file it belongs to. Every column of the export must be
 * there (a fixed file that lost a column would blank it on every row it replaces); the file may put them in
 * any order, and the two columns the failed-rows file adds are not data.
 */
export function parseFixedRows(file: string, exportHeaders: string[], text: string): FixedRows {
  const parsed = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: "greedy" });
  const fields = parsed.meta.fields ?? [];
  const missing = exportHeaders.filter((h) => !fields.includes(h));
  if (missing.length > 0) {
    throw new FixedRowsError(`${file}: the fixed rows lack the export's column${missing.length > 1 ? "s" : ""} ${missing.map((m) => `'${m}'`).join(", ")}; keep every column of the failed-rows file.`);
  }
  const fatal = parsed.errors.find((e) => e.type === "Quotes");
  if (fatal) throw new FixedRowsError(`${file}: row ${(fatal.row ?? 0) + 2} has a quote that is never closed; fix it and save the file as CSV again.`);
  const byLine = new Map<number, string[]>();
  const added: string[][] = [];
  for (const [index, row] of parsed.data.entries()) {
    const values = exportHeaders.map((h) => row[h] ?? "");
    const lineText = (row[FAILED_ROWS_LINE] ?? "").trim();
    if (lineText === "") {
      added.push(values);
      continue;
    }
    const line = Number(lineText);
    if (!Number.isInteger(line) || line < 2) throw new FixedRowsError(`${file}: row ${index + 2} has '${lineText}' as its ${FAILED_ROWS_LINE}; leave the number as it was, or empty for a row you add.`);
    if (byLine.has(line)) throw new FixedRowsError(`${file}: two rows name ${FAILED_ROWS_LINE} ${line}; each export line can be fixed once.`);
    byLine.set(line, values);
  }
  return { file, byLine, added };
}

/** Rows per piece of CSV text the merge yields. */
const PIECE_ROWS = 2_000;

/**
 * The export file with its fixed rows in place, as CSV text in pieces (one header line, then the rows in the
 * export's order, the added ones last), and what was done. Rows are written as they were read; a row the
 * reader refused (its values cannot be trusted) is replaced when fixed and otherwise left out, as the first
 * run left it out. `merge` is complete once every piece has been taken.
 */
export function mergeFixedRows(exports: ExportRows, fixed: FixedRows): { pieces: AsyncIterable<string>; merge: FixedRowsMerge } {
  const info = exports.inventory.files.find((f) => f.name === fixed.file);
  if (!info?.readable) throw new FixedRowsError(`${fixed.file}: there is no readable export file of that name to fix.`);
  const headers = info.headers;
  const merge: FixedRowsMerge = { file: fixed.file, replaced: 0, added: 0, unknownLines: [], refusedLeftOut: [], exportLines: new Map() };
  // The merged file's next line: the header is line 1, and a row spans one line plus its values' line breaks.
  let nextLine = 2;
  const place = (values: string[], exportLine: number | undefined): string[] => {
    if (exportLine !== undefined) merge.exportLines.set(nextLine, exportLine);
    nextLine += 1 + values.reduce((n, v) => n + (v.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    return values;
  };
  const unparse = (data: string[][]): string => `${Papa.unparse({ fields: headers, data }, { header: false, quotes: true, newline: "\r\n" })}\r\n`;
  async function* pieces(): AsyncIterable<string> {
    yield `${Papa.unparse([headers], { quotes: true, newline: "\r\n" })}\r\n`;
    const left = new Map(fixed.byLine);
    let piece: string[][] = [];
    for await (const row of exports.rows(fixed.file)) {
      const replacement = left.get(row.line);
      if (replacement) {
        left.delete(row.line);
        merge.replaced++;
        piece.push(place(replacement, row.line));
      } else if (row.refused) {
        merge.refusedLeftOut.push(row.line);
      } else {
        piece.push(place(headers.map((h) => row.values[h] ?? ""), row.line));
      }
      if (piece.length >= PIECE_ROWS) {
        yield unparse(piece);
        piece = [];
      }
    }
    merge.unknownLines = [...left.keys()].sort((a, b) => a - b);
    const appended = [...left.values(), ...fixed.added];
    merge.added = appended.length;
    piece.push(...appended.map((values) => place(values, undefined)));
    if (piece.length > 0) yield unparse(piece);
  }
  return { pieces: pieces(), merge };
}
