import { ColumnProfiler } from "./column-profiler";
import { detectDialect, detectHeader, sampleRecords, uniqueHeaders } from "./csv-layout";
import { csvRecords, type CsvDialect, type Span } from "./csv-records";
import { fileDateOrder } from "./date-order";
import { readBytes } from "./decode";
import { guessObject } from "./object-guess";
import { ProblemLog, problem } from "./problems";
import { SNIFF_BYTES, decoderLabel, lineAt, sniff } from "./sniff";
import type { ExportFileInfo, ExportSet, Inventory, ReadOptions, RowRefusal, SourceFile, SourceProblem, SourceRow } from "./types";

/** How a readable file is laid out, kept so its rows can be streamed again. */
interface FileLayout {
  dialect: CsvDialect;
  /** Physical line of the header row; 0 when the file has none and columns are named "Column N". */
  headerLine: number;
  headers: string[];
}

const EXPORT_EXTENSIONS = /\.(csv|tsv|txt|tab|psv|xlsx|xls|zip)$/i;
const inAttachments = (name: string): boolean => name.toLowerCase().startsWith("attachments/");

/**
 * Where a file belongs in the set: an export to read (a top-level CSV, or a workbook or archive to refuse
 * with a reason), an attachment of notes (under attachments/), or something else (listed, not read: a
 * README, or another export set in a subfolder).
 */
export function classifyFile(name: string): "export" | "attachment" | "other" {
  if (inAttachments(name)) return "attachment";
  return !name.includes("/") && EXPORT_EXTENSIONS.test(name) ? "export" : "other";
}

/** Characters that betray text that went wrong: the replacement character, and UTF-8 read as Windows-1252. */
const REPLACEMENT = "\uFFFD";
const MOJIBAKE = /[ÃÂ][\u0080-\u00BF]|â€/;
/** Cheap first look at a whole chunk (indexOf is far faster than a regular expression over 64 KB). */
const mayHoldMojibake = (text: string): boolean => text.includes("Ã") || text.includes("Â") || text.includes("â€");

const unreadable = (file: SourceFile, log: ProblemLog, add: Parameters<ProblemLog["add"]>[0]): { info: ExportFileInfo; layout: null } => {
  log.add(add);
  return {
    info: { name: file.name, size: file.size, encoding: "utf-8", delimiter: ",", headers: [], rows: 0, object: null, profiles: [], problems: log.list(), readable: false },
    layout: null,
  };
};

/** Reads one export file end to end: encoding, dialect, header, rows, profiles, problems. */
async function inspectFile(file: SourceFile, progress: (rows: number) => void, signal?: AbortSignal): Promise<{ info: ExportFileInfo; layout: FileLayout | null }> {
  const log = new ProblemLog(file.name);
  let head: Uint8Array;
  try {
    head = await readBytes(file, 0, SNIFF_BYTES);
  } catch {
    return unreadable(file, log, problem.readFailed());
  }
  const sniffed = sniff(head, file.size);
  if (sniffed.kind === "empty") return unreadable(file, log, problem.emptyFile());
  if (sniffed.kind === "container") return unreadable(file, log, problem.container(sniffed.format));
  if (sniffed.kind === "binary") return unreadable(file, log, problem.binary(sniffed.reason));

  if (sniffed.encoding === "windows-1252") log.add(problem.legacyEncoding(lineAt(head, sniffed.firstInvalid ?? 0)));
  const whole = head.length >= file.size;
  const sample = new TextDecoder(decoderLabel(sniffed.encoding)).decode(head, { stream: !whole });
  if (whole && sample.trim() === "") return unreadable(file, log, problem.emptyFile());
  const { delimiter, newline } = detectDialect(sample);
  const dialect: CsvDialect = { encoding: sniffed.encoding, delimiter, newline };
  const header = detectHeader(sampleRecords(sample, delimiter, newline, whole));
  if (!header.recognised) log.add(problem.noHeader());
  else if (header.line > 1) log.add(problem.preamble(header.line));
  const headerLine = header.recognised ? header.line : 0;
  // A file read as Windows-1252 was a guess: every line holding a non-ASCII character is named, not only the first.
  const legacy = sniffed.encoding === "windows-1252";

  let headers: string[] = [];
  let profilers: ColumnProfiler[] = [];
  let rows = 0;
  let refusedRows = 0;
  let suspect = false;
  let suspectBefore = false;
  const setHeaders = (names: string[]): void => {
    headers = names;
    profilers = names.map((h) => new ColumnProfiler(h));
  };

  try {
    for await (const batch of csvRecords(file, dialect, log, {
      signal,
      onChunk: (chunk) => {
        suspectBefore = suspect;
        suspect = chunk.text.includes(REPLACEMENT) || (mayHoldMojibake(chunk.text) && MOJIBAKE.test(chunk.text));
      },
    })) {
      const check = suspect || suspectBefore;
      // The rows to profile: the batch itself, unless a header, preamble or refused row is left out of it.
      let kept: string[][] | null = null;
      let keptLines: number[] | null = null;
      const { rows: records, lines } = batch;
      for (let r = 0; r < records.length; r++) {
        const fields = records[r];
        const line = lines[r];
        if (line <= headerLine || profilers.length === 0) {
          kept ??= records.slice(0, r);
          keptLines ??= lines.slice(0, r);
          if (line < headerLine) continue;
          if (line === headerLine) {
            const named = uniqueHeaders(fields);
            for (const d of named.duplicates) log.add(problem.duplicateHeader(d.name, d.renamed, d.positions, line));
            for (const b of named.blanks) log.add({ ...problem.blankHeader(b.position, b.renamed), line });
            setHeaders(named.headers);
            continue;
          }
          setHeaders(fields.map((_, i) => `Column ${i + 1}`));
        }
        const refusal = refusalOf(fields, line, headers, batch.spans?.get(r), batch.nul ?? false);
        if (refusal) {
          kept ??= records.slice(0, r);
          keptLines ??= lines.slice(0, r);
          log.add(refusalProblem(refusal, line, fields.length, headers.length, batch.spans?.get(r)?.malformed ?? false));
          refusedRows += refusal.lastLine - line + 1;
          continue;
        }
        if (fields.length !== headers.length) log.add(problem.ragged(line, fields.length, headers.length));
        if (check) checkText(fields, headers, line, log);
        if (legacy) checkLegacy(fields, headers, line, log);
        kept?.push(fields);
        keptLines?.push(line);
      }
      const data = kept ?? records;
      rows += data.length;
      for (let c = 0; c < profilers.length; c++) profilers[c].addColumn(data, c, keptLines ?? lines);
      progress(rows + refusedRows);
    }
  } catch (error) {
    if (error instanceof Error && error.name === "AbortError") throw error;
    log.add(problem.readFailed());
  }

  if (rows + refusedRows === 0 && headers.length > 0 && headerLine > 0) log.add(problem.headerOnly(headerLine));
  const profiles = profilers.map((p) => p.result());
  const dates = fileDateOrder(profiles);
  if (dates.problem) log.add(dates.problem);
  return {
    info: {
      name: file.name, size: file.size, encoding: dialect.encoding, delimiter, headers, headerLine: headerLine || undefined,
      rows: rows + refusedRows, ...(refusedRows > 0 ? { refusedRows } : {}),
      object: guessObject(file.name, headers).object,
      dateOrder: dates.dateOrder,
      profiles,
      problems: log.list(),
      readable: true,
    },
    layout: { dialect, headerLine, headers },
  };
}

const NUL = "\u0000";

/**
 * Whether the reader refuses a record, and why. A record over several lines is a quoted value holding line
 * breaks (legal, e.g. a note) only when the quotes are well formed and it has the header's width; otherwise
 * the quote swallowed the rows after it, and splitting it again would be a guess. A NUL byte means the bytes
 * are damaged (or padded by the exporter): removing it would change the value silently, and what it stood
 * for is unknown. Either way the row is refused as errored (as a row with an impossible date is), never
 * repaired: the run names it and starts only if the admin leaves errored rows out.
 */
function refusalOf(fields: string[], line: number, headers: string[], span: Span | undefined, mayHoldNul: boolean): RowRefusal | undefined {
  if (span && (span.unterminated || span.malformed || fields.length !== headers.length)) {
    return { code: span.unterminated ? "unterminated-quote" : "unseparated-rows", lastLine: span.last };
  }
  if (!mayHoldNul) return undefined;
  const c = fields.findIndex((value) => value.includes(NUL));
  return c < 0 ? undefined : { code: "nul-byte", lastLine: line, column: headers[c] ?? `Column ${c + 1}` };
}

function refusalProblem(refusal: RowRefusal, line: number, found: number, expected: number, malformed: boolean): Omit<SourceProblem, "file"> {
  if (refusal.code === "nul-byte") return problem.nulByte(line, refusal.column ?? "");
  if (refusal.code === "unterminated-quote") return problem.unterminatedQuote(line, refusal.lastLine);
  return problem.unseparatedRows(line, refusal.lastLine, found, expected, malformed);
}

const NON_ASCII = /[\u0080-\uFFFF]/;

/** One warning per line, naming the first column with a non-ASCII character. */
function checkLegacy(fields: string[], headers: string[], line: number, log: ProblemLog): void {
  const c = fields.findIndex((value, i) => i < headers.length && NON_ASCII.test(value));
  if (c >= 0) log.add(problem.legacyCharacter(line, headers[c]));
}

function checkText(fields: string[], headers: string[], line: number, log: ProblemLog): void {
  for (let c = 0; c < fields.length && c < headers.length; c++) {
    const value = fields[c];
    if (value.includes(REPLACEMENT)) log.add(problem.misEncoded(line, headers[c]));
    else if (MOJIBAKE.test(value)) log.add(problem.mojibake(line, headers[c]));
  }
}

/** Streams the rows of a file laid out as found, as SourceRows keyed by the (unique) header names; refused rows are marked. */
async function* streamRows(file: SourceFile, layout: FileLayout, signal?: AbortSignal): AsyncGenerator<SourceRow> {
  let headers = layout.headers;
  for await (const batch of csvRecords(file, layout.dialect, null, { signal })) {
    for (let r = 0; r < batch.rows.length; r++) {
      const fields = batch.rows[r];
      const line = batch.lines[r];
      if (line <= layout.headerLine) continue;
      if (headers.length === 0) headers = fields.map((_, i) => `Column ${i + 1}`);
      const values: Record<string, string> = {};
      for (let c = 0; c < headers.length; c++) values[headers[c]] = fields[c] ?? "";
      const refused = refusalOf(fields, line, headers, batch.spans?.get(r), batch.nul ?? false);
      yield refused ? { line, values, refused } : { line, values };
    }
  }
}

/**
 * Reads an export set: every CSV is streamed once to find its encoding, delimiter, header, row count,
 * column profiles and problems; attachments are listed by name and size. Rows are not kept: `rows(name)`
 * streams a file again. Bad files never throw: they come back unreadable with problems saying why.
 * Only cancelling (`signal`) rejects, with an `AbortError`.
 */
export async function readExports(files: SourceFile[], options: ReadOptions = {}): Promise<ExportSet> {
  const exportFiles = files.filter((f) => classifyFile(f.name) === "export").sort((a, b) => a.name.localeCompare(b.name));
  const layouts = new Map<string, FileLayout>();
  const infos: ExportFileInfo[] = [];
  for (const [index, file] of exportFiles.entries()) {
    let bytesRead = 0;
    const report = (rows: number): void =>
      options.onProgress?.({ file: file.name, fileIndex: index, fileCount: exportFiles.length, bytesRead, bytesTotal: file.size, rows });
    const tracked: SourceFile = {
      name: file.name,
      size: file.size,
      slice: (start, end) => {
        bytesRead = Math.max(bytesRead, Math.min(end, file.size));
        return file.slice(start, end);
      },
    };
    report(0);
    const { info, layout } = await inspectFile(tracked, report, options.signal);
    if (layout) layouts.set(file.name, layout);
    infos.push(info);
    report(info.rows);
  }
  const problems: SourceProblem[] = [];
  if (exportFiles.length === 0) {
    problems.push({
      file: "", severity: "error", code: "no-exports",
      message: "No CSV files were found. Add the CSV files Dental-Exec exported (one per object: patients.csv, appointments.csv, ...).",
    });
  }
  const attachments = files.filter((f) => classifyFile(f.name) === "attachment").map((f) => ({ name: f.name, size: f.size }));
  if (attachments.length > 0 && !infos.some((f) => f.object === "clinicalNote")) {
    problems.push({
      file: "attachments/", severity: "warning", code: "attachments-without-notes",
      message: `${attachments.length} attachment files were found but no clinical notes file refers to them. Add the clinical notes export (clinical_notes.csv).`,
    });
  }
  const inventory: Inventory = {
    files: infos,
    attachments,
    other: files.filter((f) => classifyFile(f.name) === "other").map((f) => ({ name: f.name, size: f.size })),
    problems,
  };
  const byName = new Map(files.map((f) => [f.name, f]));
  return {
    inventory,
    file: (name) => byName.get(name),
    rows: (fileName, rowOptions) => {
      const file = byName.get(fileName);
      const layout = layouts.get(fileName);
      if (!file || !layout) return (async function* empty(): AsyncGenerator<SourceRow> {})();
      return streamRows(file, layout, rowOptions?.signal);
    },
  };
}
