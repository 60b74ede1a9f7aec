import type { ObjectKind, ValueType } from "../model/types";
import type { DateOrder } from "../time";

/**
 * What the reader takes and gives. Input is a browser `File`/`Blob` or, in Node, anything with the same
 * shape (the CLI wraps paths): the engine never touches the file system itself.
 */
export interface SourceFile {
  /** Path relative to the export folder, e.g. `patients.csv` or `attachments/note-12.pdf`. */
  name: string;
  size: number;
  /** Byte range reader; the reader streams through it in chunks. */
  slice(start: number, end: number): { arrayBuffer(): Promise<ArrayBuffer> };
}

export type Encoding = "utf-8" | "utf-8-bom" | "utf-16le" | "windows-1252";

export type ProblemSeverity = "error" | "warning";

/** Something wrong with a file, named so an admin can act on it. Never carries cell values of patient data. */
export interface SourceProblem {
  file: string;
  /** 1-based physical line, when it applies. */
  line?: number;
  column?: string;
  severity: ProblemSeverity;
  code: string;
  /** What is wrong and what to do, in words. */
  message: string;
  /**
   * On the summary of a code with more problems than are listed one by one: every further line with it,
   * in file order. Every defect is named by its line, however many there are; only the wording is shared.
   */
  lines?: number[];
}

/**
 * Why the reader refuses a row: it holds a NUL byte, or it is a record the parser could not separate from
 * the rows after it (a quote that closes lines later, or never). A refused row is still streamed, its
 * values as parsed, so that planning names it as an errored row (the run refuses to start unless the admin
 * leaves errored rows out) and knows its id; nothing migrates it.
 */
export interface RowRefusal {
  code: "nul-byte" | "unseparated-rows" | "unterminated-quote";
  /** Last physical line the record covers: `line` itself, or the last of the rows it swallowed. */
  lastLine: number;
  /** nul-byte: the first column holding one. */
  column?: string;
}

export interface SourceRow {
  /** 1-based physical line the row starts on (header is line 1 in a typical file). */
  line: number;
  values: Record<string, string>;
  /** Set when the reader refuses the row (see RowRefusal); its values are then not to be trusted. */
  refused?: RowRefusal;
}

export interface ColumnProfile {
  name: string;
  /** Share of non-empty values that parse as each type, best first (only types above a small share); from a sample in long columns. */
  types: { type: ValueType; share: number; detail?: string }[];
  nonEmpty: number;
  nullRate: number;
  distinct: number;
  /**
   * distinct === nonEmpty and nonEmpty > 0. When `distinctEstimated`, it means no repeat was seen while
   * counting exactly and the estimate is within the estimator's error of nonEmpty.
   */
  unique: boolean;
  /**
   * True when `distinct` (and the counts in `topValues`) are estimates: the column had too many distinct
   * values to count exactly (HyperLogLog), or it was long enough to be profiled from a sample.
   */
  distinctEstimated?: boolean;
  minLength: number;
  maxLength: number;
  min?: string;
  max?: string;
  /** A few example values, kept in memory only (never logged or stored). */
  examples: string[];
  /** Up to ~50 most frequent distinct values with counts, for value maps of option sets. */
  topValues: { value: string; count: number }[];
  /** For a date or date-time column with `NN/NN/YYYY` values: what every one of them says about day and month order. */
  dateOrder?: ColumnDateOrder;
}

/**
 * How a column's `NN/NN/YYYY` dates read, counted over every value: day first only (first field above 12),
 * month first only (second field above 12), or either way. Lines: the first few of each (1-based, physical).
 */
export interface ColumnDateOrder {
  dayFirst: number;
  monthFirst: number;
  either: number;
  dayFirstLines: number[];
  monthFirstLines: number[];
  eitherLines: number[];
}

/** A file's date order as its values show it. One report writer writes one order, so it is decided per file. */
export interface FileDateOrder {
  /** The order the values show, or null: none decides (every day 12 or below), or they contradict each other. */
  order: DateOrder | null;
  /** Whether the file has dates whose day and month could be read either way (only then does a null order need a choice). */
  ambiguous: boolean;
  /** Values show both orders: a reader error (the lines are in the file's problems). */
  conflict: boolean;
  /** In words, with the deciding column and line; no cell values. */
  evidence: string;
}

export interface ExportFileInfo {
  name: string;
  size: number;
  encoding: Encoding;
  delimiter: string;
  headers: string[];
  /** 1-based physical line of the header row (lines above it were a preamble and were skipped). */
  headerLine?: number;
  /**
   * Data rows. A record the reader could not separate counts each of its lines as a row (what the export
   * most likely held), so control totals still compare.
   */
  rows: number;
  /** Of `rows`, those the reader refuses (`SourceRow.refused`); each is named by line in `problems`. */
  refusedRows?: number;
  /** The object this file most likely holds, from its name and headers (the mapping refines it). */
  object: ObjectKind | null;
  /** How its dates write day and month, from its values (absent for unreadable files). */
  dateOrder?: FileDateOrder;
  profiles: ColumnProfile[];
  problems: SourceProblem[];
  /** A file the reader cannot read as CSV (binary, zip, empty): no rows, problems say why. */
  readable: boolean;
}

export interface Inventory {
  files: ExportFileInfo[];
  /** Non-CSV files, e.g. attachments/… (name and size only). */
  attachments: { name: string; size: number }[];
  /** Top-level files that are neither exports nor attachments (e.g. a README), listed and not read. */
  other?: { name: string; size: number }[];
  problems: SourceProblem[];
}

/** Counts the admin enters from Dental-Exec's own reports, per object, and how the inventory compares. */
export interface ControlTotal {
  object: ObjectKind;
  expected: number;
  found: number;
  matches: boolean;
}

/** How far the reader has got; reported between chunks. */
export interface ReadProgress {
  file: string;
  /** 0-based index of the file among the export files being read. */
  fileIndex: number;
  fileCount: number;
  bytesRead: number;
  bytesTotal: number;
  rows: number;
}

export interface ReadOptions {
  onProgress?: (progress: ReadProgress) => void;
  /** Aborting rejects with an `AbortError` between chunks. */
  signal?: AbortSignal;
}

/** What `readExports` gives: the inventory (with profiles) and fresh row streams on demand. */
export interface ExportSet {
  inventory: Inventory;
  /** Streams the rows of one export file again from its bytes (nothing is kept in memory). */
  rows(fileName: string, options?: { signal?: AbortSignal }): AsyncIterable<SourceRow>;
  file(name: string): SourceFile | undefined;
}

/** Counts the admin enters from Dental-Exec's own reports. */
export type ExpectedTotals = Partial<Record<ObjectKind, number>>;
