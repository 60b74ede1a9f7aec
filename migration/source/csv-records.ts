import Papa from "papaparse";
import { decodedChunks, type TextChunk } from "./decode";
import type { ProblemLog } from "./problems";
import { problem } from "./problems";
import type { Encoding, SourceFile } from "./types";

/** A physical record: the fields of one CSV row and the 1-based line it starts on. */
export interface RawRecord {
  line: number;
  fields: string[];
}

/** The records of one piece of text: `rows[i]` starts on `lines[i]` (two arrays: no object per row). */
export interface RecordBatch {
  rows: string[][];
  lines: number[];
}

export type Newline = "\n" | "\r\n" | "\r";

export interface CsvDialect {
  encoding: Encoding;
  delimiter: string;
  newline: Newline;
}

/**
 * The longest a single record may grow while its closing quote is awaited. No Dental-Exec value comes
 * near it; past it the quote is taken as unterminated, which keeps memory bounded on a broken 200 MB file.
 */
export const MAX_RECORD_CHARS = 8 * 1024 * 1024;

interface PapaResult {
  data: string[][];
  errors: { code: string; row: number }[];
  meta: { cursor: number };
}

const countOf = (text: string, ch: string): number => {
  let n = 0;
  for (let i = text.indexOf(ch); i !== -1; i = text.indexOf(ch, i + 1)) n++;
  return n;
};

/** Physical lines a record spans: one, plus the line breaks inside its quoted values. */
function linesSpanned(fields: string[], newline: Newline): number {
  const ch = newline === "\r" ? "\r" : "\n";
  let lines = 1;
  for (const f of fields) if (f.indexOf(ch) !== -1) lines += countOf(f, ch);
  return lines;
}

function isBlank(fields: string[]): boolean {
  const first = fields[0];
  if (first.length > 0 && first.charCodeAt(0) > 32) return false;
  for (const f of fields) if (f.trim() !== "") return false;
  return true;
}

/**
 * Streams a CSV file as batches of records (one batch per slice), with each record's physical line.
 *
 * papaparse's own streamers are bound to FileReader (browser) or Node streams and push rows at their own
 * pace; here its core `Papa.Parser` is driven slice by slice over `SourceFile`, the same in browser and
 * Node, pulled by the consumer (backpressure for free), keeping the unfinished last record between slices
 * the way papaparse's ChunkStreamer does, with a cap on how long that record may grow.
 * Blank lines are skipped (but counted).
 */
export async function* csvRecords(
  file: SourceFile,
  dialect: CsvDialect,
  log: ProblemLog | null,
  options: { signal?: AbortSignal; onChunk?: (chunk: TextChunk) => void } = {},
): AsyncGenerator<RecordBatch> {
  const parser = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' });
  let partial = "";
  let line = 1;
  for await (const chunk of decodedChunks(file, dialect.encoding, options.signal)) {
    options.onChunk?.(chunk);
    const input = partial + chunk.text;
    const result = parser.parse(input, 0, !chunk.final) as PapaResult;
    partial = chunk.final ? "" : input.substring(result.meta.cursor);
    // Records span more than one line only when a quoted value holds a line break: count the line breaks
    // consumed, and look inside values only when they outnumber the records.
    const spans = input.indexOf('"') !== -1 && countOf(input.substring(0, result.meta.cursor), dialect.newline === "\r" ? "\r" : "\n") > result.data.length;
    const starts: number[] = new Array(result.data.length);
    const batch: RecordBatch = { rows: [], lines: [] };
    for (let i = 0; i < result.data.length; i++) {
      const fields = result.data[i];
      starts[i] = line;
      line += spans ? linesSpanned(fields, dialect.newline) : 1;
      if (!isBlank(fields)) {
        batch.rows.push(fields);
        batch.lines.push(starts[i]);
      }
    }
    let unterminated = false;
    for (const error of result.errors) {
      // An error in the unfinished last record is reported when that record is parsed whole.
      if (error.row >= starts.length && !chunk.final) continue;
      const at = error.row < starts.length ? starts[error.row] : line;
      if (error.code === "MissingQuotes") {
        unterminated = true;
        log?.add(problem.unterminatedQuote(at));
      } else if (error.code === "InvalidQuotes") {
        log?.add(problem.malformedQuote(at));
      }
    }
    if (unterminated) {
      // The last record swallowed the rest of the file: drop it, keep what came before.
      batch.rows.pop();
      batch.lines.pop();
      if (batch.rows.length > 0) yield batch;
      return;
    }
    if (batch.rows.length > 0) yield batch;
    if (partial.length > MAX_RECORD_CHARS) {
      log?.add(problem.unterminatedQuote(line));
      return;
    }
  }
}
