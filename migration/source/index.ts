/** The reader: Dental-Exec CSV exports in (browser Files or wrapped Node paths), inventory, profiles and row streams out. */
export type * from "./types";
export { readExports, classifyFile } from "./read-exports";
export { compareControlTotals } from "./control-totals";
export { ColumnProfiler } from "./column-profiler";
export { guessObject } from "./object-guess";
export { sniff } from "./sniff";
export { fileDateOrder } from "./date-order";
export { slashDateOrder, parseDate, parseDateTime, parseTime, parseMoney, isNpi, npiCheckDigit, valueTests } from "./value-types";
