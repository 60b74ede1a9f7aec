import type { Rng } from "./prng";

/** A calendar day, counted in days since 1970-01-01 (UTC, no time zone involved). */
export type Day = number;

const MS_PER_DAY = 86_400_000;
export const day = (y: number, m: number, d: number): Day => Date.UTC(y, m - 1, d) / MS_PER_DAY;
/** The day the reference export was taken; every generated date is relative to it. */
export const EXPORT_DAY = day(2024, 6, 28);

const parts = (d: Day): [number, number, number] => {
  const date = new Date(d * MS_PER_DAY);
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate()];
};
const pad = (n: number): string => String(n).padStart(2, "0");

/** `MM/DD/YYYY`, as US practice-management exports write dates. */
export function usDate(d: Day): string {
  const [y, m, dd] = parts(d);
  return `${pad(m)}/${pad(dd)}/${y}`;
}

/** How an export writes day and month: `MM/DD/YYYY` (US, the default) or `DD/MM/YYYY` (a report writer set day first). */
export type DateStyle = "MDY" | "DMY";

/**
 * A date or date-time cell written month first (`usDate`, `usDateTime`) in the export's style: day first
 * swaps the two fields of the leading `MM/DD/YYYY`, the time after it stays as it is.
 */
export function inDateStyle(cell: string, style: DateStyle): string {
  return style === "DMY" ? cell.replace(/^(\d{2})\/(\d{2})\/(\d{4})/, "$2/$1/$3") : cell;
}

/** `2:30 PM` from minutes after midnight. */
export function usTime(minutes: number): string {
  const h = Math.floor(minutes / 60) % 24;
  return `${h % 12 === 0 ? 12 : h % 12}:${pad(minutes % 60)} ${h < 12 ? "AM" : "PM"}`;
}

/** `03/14/2023 2:30 PM`. */
export const usDateTime = (d: Day, minutes: number): string => `${usDate(d)} ${usTime(minutes)}`;

/** `$1,234.50` from cents. */
export function money(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}$${Math.floor(abs / 100).toLocaleString("en-US")}.${pad(abs % 100)}`;
}

/** A US number in one of the formats front desks type. */
export function phone(rng: Rng, area?: string): string {
  const a = area ?? `${rng.int(2, 9)}${rng.digits(2)}`;
  const exchange = `${rng.int(2, 9)}${rng.digits(2)}`;
  const line = rng.digits(4);
  return rng.weighted<string>([
    [`(${a}) ${exchange}-${line}`, 5],
    [`${a}-${exchange}-${line}`, 3],
    [`${a}.${exchange}.${line}`, 1],
    [`${a}${exchange}${line}`, 1],
    [`+1 ${a} ${exchange} ${line}`, 0.5],
  ]);
}

/** A CSV cell: quoted when it holds the delimiter, a quote or a line break. */
export function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
