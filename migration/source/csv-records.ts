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

/** A record that runs over more than one physical line: its last line, and why the parser may have merged rows into it. */
export interface Span {
  /** Last physical line of the record. */
  last: number;
  /** The quoted value's closing quote was malformed (a quote not followed by the delimiter or a line break). */
  malformed: boolean;
  /** A quoted value never closes: the record runs to the end of the file (or past MAX_RECORD_CHARS). */
  unterminated: boolean;
}

/** The records of one piece of text: `rows[i]` starts on `lines[i]` (two arrays: no object per row). */
export interface RecordBatch {
  rows: string[][];
  lines: number[];
  /**
   * Records spanning more than one line, by index in `rows` (sparse: most batches have none). A line break
   * inside a quoted value is legal CSV; the reader decides (read-exports.ts) whether the span is a value or
   * rows the parser could not separate.
   */
  spans?: Map<number, Span>;
  /** Some record of the batch may hold a NUL byte (the text they were parsed from holds one). */
  nul?: boolean;
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
  const ch = dialect.newline === "\r" ? "\r" : "\n";
  let partial = "";
  let line = 1;
  const chunks = decodedChunks(file, dialect.encoding, options.signal);
  for await (const chunk of chunks) {
    options.onChunk?.(chunk);
    const input = partial + chunk.text;
    const result = parser.parse(input, 0, !chunk.final) as PapaResult;
    partial = chunk.final ? "" : input.substring(result.meta.cursor);
    // Records span more than one line only when a quoted value holds a line break: count the line breaks
    // consumed, and look inside values only when they outnumber the records that end with one (all but
    // the file's last record, which ends the file instead).
    const multiLine = input.indexOf('"') !== -1 && countOf(input.substring(0, result.meta.cursor), ch) > result.data.length - (chunk.final ? 1 : 0);
    const starts: number[] = new Array(result.data.length);
    const batch: RecordBatch = { rows: [], lines: [] };
    // Looked for in the text the records come from, which holds the tail of earlier slices too.
    if (input.includes("\u0000")) batch.nul = true;
    const spanOf = new Map<number, number>();
    for (let i = 0; i < result.data.length; i++) {
      const fields = result.data[i];
      starts[i] = line;
      const spanned = multiLine ? linesSpanned(fields, dialect.newline) : 1;
      line += spanned;
      if (!isBlank(fields)) {
        if (spanned > 1) spanOf.set(i, batch.rows.length);
        batch.rows.push(fields);
        batch.lines.push(starts[i]);
      }
    }
    const span = (record: number): Span | undefined => {
      const at = spanOf.get(record);
      if (at === undefined) return undefined;
      batch.spans ??= new Map();
      let s = batch.spans.get(at);
      if (!s) batch.spans.set(at, (s = { last: (starts[record + 1] ?? line) - 1, malformed: false, unterminated: false }));
      return s;
    };
    for (const record of spanOf.keys()) span(record);
    for (const error of result.errors) {
      // An error in the unfinished last record is reported when that record is parsed whole.
      if (error.row >= starts.length && !chunk.final) continue;
      if (error.code === "MissingQuotes") {
        // Only the file's last record can lack its closing quote: it swallowed the rest of the file.
        if (!spanOf.has(error.row)) spanOf.set(error.row, batch.rows.length - 1);
        const s = span(error.row)!;
        s.unterminated = true;
        // A line break that ends the file is not a line of its own.
        if (input.endsWith(ch) && s.last > starts[error.row]) s.last--;
      } else if (error.code === "InvalidQuotes") {
        // In a record over several lines it is a sign of merged rows, which the reader names instead.
        const s = span(error.row);
        if (s) s.malformed = true;
        else log?.add(problem.malformedQuote(error.row < starts.length ? starts[error.row] : line));
      }
    }
    if (batch.rows.length > 0) yield batch;
    if (partial.length > MAX_RECORD_CHARS) {
      // Taken as unterminated: the record is refused with every line after it (counted without parsing).
      yield { rows: [firstLineFields(partial, dialect)], lines: [line], spans: new Map([[0, { last: line + countOf(partial, ch) + (await linesLeft(chunks, ch)), malformed: false, unterminated: true }]]) };
      return;
    }
  }
}

/** The fields of a record's first physical line (the record itself never ends). */
function firstLineFields(text: string, dialect: CsvDialect): string[] {
  const end = text.indexOf(dialect.newline);
  const parsed = new Papa.Parser({ delimiter: dialect.delimiter, newline: dialect.newline, quoteChar: '"' }).parse(end < 0 ? text : text.substring(0, end), 0, false) as PapaResult;
  return parsed.data[0] ?? [""];
}

/** Line breaks in the rest of the file, read to its end without parsing; a final line break ends the file. */
async function linesLeft(chunks: AsyncIterable<TextChunk>, ch: string): Promise<number> {
  let n = 0;
  let last = "";
  for await (const chunk of chunks) {
    n += countOf(chunk.text, ch);
    if (chunk.text.length > 0) last = chunk.text;
  }
  return last.endsWith(ch) ? n - 1 : n;
}
