import Papa from "papaparse";
import { objectSpecs } from "../model";
import type { Newline, RawRecord } from "./csv-records";

/** Delimiters Dental-Exec exports (and the spreadsheets admins re-save them with) use. */
export const DELIMITERS = [",", "\t", ";", "|"];

/** Guesses delimiter and line break from the first part of a file, using papaparse's own guesser. */
export function detectDialect(sample: string): { delimiter: string; newline: Newline } {
  const result = Papa.parse<string[]>(sample, { preview: 30, delimitersToGuess: DELIMITERS });
  const delimiter = DELIMITERS.includes(result.meta.delimiter) ? result.meta.delimiter : ",";
  const newline = (["\r\n", "\n", "\r"] as const).find((n) => n === result.meta.linebreak) ?? "\n";
  return { delimiter, newline };
}

/** Parses the first records of a sample (the unfinished last one is dropped unless the sample is the whole file). */
export function sampleRecords(sample: string, delimiter: string, newline: Newline, whole: boolean, limit = 40): RawRecord[] {
  const parsed = new Papa.Parser({ delimiter, newline, quoteChar: '"', preview: limit }).parse(sample, 0, !whole) as { data: string[][] };
  const records: RawRecord[] = [];
  let line = 1;
  const ch = newline === "\r" ? "\r" : "\n";
  for (const fields of parsed.data) {
    const start = line;
    line += 1 + fields.reduce((n, f) => n + (f.split(ch).length - 1), 0);
    if (fields.some((f) => f.trim() !== "")) records.push({ line: start, fields });
  }
  return records;
}

const KNOWN_HEADERS = new Set(objectSpecs.flatMap((s) => s.fields.map((f) => f.header.toLowerCase())));
/** Cells that are values rather than names: numbers, amounts, dates, times, codes with digits. */
const DATA_LIKE = /^[\s$()+\-.,:/%#\d]*\d[\s$()+\-.,:/%#\dAPMapm]*$/;

const hasKnownHeader = (fields: string[]): boolean => fields.some((c) => KNOWN_HEADERS.has(c.trim().toLowerCase()));

function looksLikeHeader(fields: string[]): boolean {
  const cells = fields.map((f) => f.trim());
  const nonEmpty = cells.filter((c) => c !== "");
  if (nonEmpty.length === 0 || nonEmpty.length < cells.length / 2) return false;
  const dataLike = nonEmpty.filter((c) => DATA_LIKE.test(c) || c.includes("@") || c.length > 60).length;
  return dataLike / nonEmpty.length <= 0.2;
}

function modalWidth(records: RawRecord[]): number | undefined {
  const counts = new Map<number, number>();
  for (const r of records) counts.set(r.fields.length, (counts.get(r.fields.length) ?? 0) + 1);
  let best: number | undefined;
  for (const [width, n] of counts) if (best === undefined || n > (counts.get(best) ?? 0)) best = width;
  return best;
}

/**
 * Finds the header row among the first records: the first one that holds a reference header name, or
 * that reads as names (not values) and is as wide as the rows after it. Report titles and blank lines above it are a preamble.
 */
export function detectHeader(records: RawRecord[]): { line: number; recognised: boolean } {
  const candidates = records.slice(0, 10);
  for (let i = 0; i < candidates.length; i++) {
    const width = modalWidth(records.slice(i + 1, i + 21));
    const r = candidates[i];
    if (hasKnownHeader(r.fields) || ((width === undefined || width === r.fields.length) && looksLikeHeader(r.fields))) return { line: r.line, recognised: true };
  }
  return { line: records[0]?.line ?? 1, recognised: false };
}

/** Unique column names: blanks get "Column N", repeats get "Name (2)". */
export function uniqueHeaders(fields: string[]): { headers: string[]; duplicates: { name: string; renamed: string; positions: [number, number] }[]; blanks: { position: number; renamed: string }[] } {
  const seen = new Map<string, number>();
  const headers: string[] = [];
  const duplicates: { name: string; renamed: string; positions: [number, number] }[] = [];
  const blanks: { position: number; renamed: string }[] = [];
  fields.forEach((raw, i) => {
    let name = raw.trim();
    if (name === "") {
      name = `Column ${i + 1}`;
      blanks.push({ position: i + 1, renamed: name });
    }
    const first = seen.get(name.toLowerCase());
    if (first !== undefined) {
      let n = 2;
      while (seen.has(`${name} (${n})`.toLowerCase())) n++;
      const renamed = `${name} (${n})`;
      duplicates.push({ name, renamed, positions: [first + 1, i + 1] });
      name = renamed;
    }
    seen.set(name.toLowerCase(), i);
    headers.push(name);
  });
  return { headers, duplicates, blanks };
}
