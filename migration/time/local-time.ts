/**
 * Dental-Exec writes local wall-clock times without a zone. Date-time columns take UTC, converted from the
 * practice's IANA zone with Intl (the only zone database both the browser and Node carry); date-only columns
 * take "YYYY-MM-DD" and are never shifted.
 */

export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

export interface LocalTime {
  hour: number;
  minute: number;
  second: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function validDate(year: number, month: number, day: number): LocalDate | null {
  if (year < 1753 || year > 9999 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/**
 * How a file writes day and month in `NN/NN/YYYY` dates: month first (`03/14/2021`, US, Dental-Exec's default)
 * or day first (`14/03/2021`). A file's order is found from its values or chosen by the admin, never guessed.
 */
export type DateOrder = "MDY" | "DMY";

/** How an admin reads the order: `MM/DD/YYYY` or `DD/MM/YYYY`. */
export const dateOrderPattern = (order: DateOrder): string => (order === "DMY" ? "DD/MM/YYYY" : "MM/DD/YYYY");

/**
 * `03/04/2021`, `3/4/2021` read in the file's `order`, or `2021-03-04` (ISO, the same in every order). Null
 * when impossible in that order (02/30/2019 month first, 14/13/2021 day first): a value is never re-read the
 * other way round.
 */
export function parseLocalDate(text: string, order: DateOrder): LocalDate | null {
  const s = text.trim();
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(s);
  if (m) return validDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(s);
  if (m) return order === "DMY" ? validDate(Number(m[3]), Number(m[2]), Number(m[1])) : validDate(Number(m[3]), Number(m[1]), Number(m[2]));
  return null;
}

/** `14:30`, `14:30:15`, `2:30 PM`, `02:30PM`. Null when not a time of day. */
export function parseLocalTime(text: string): LocalTime | null {
  const m = /^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?$/.exec(text.trim());
  if (!m) return null;
  let hour = Number(m[1]);
  const minute = Number(m[2]);
  const second = m[3] ? Number(m[3]) : 0;
  const meridiem = m[4]?.toUpperCase();
  if (meridiem) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (meridiem === "PM" ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  return { hour, minute, second };
}

/** A date with an optional time: `03/04/2021 14:30`, `2021-03-04T14:30:00`, `3/4/2021 2:30 PM`, or a bare date (midnight); the date read in `order`. */
export function parseLocalDateTime(text: string, order: DateOrder): { date: LocalDate; time: LocalTime } | null {
  const m = /^(\S+?)(?:[T\s]+(.+))?$/.exec(text.trim());
  if (!m) return null;
  const date = parseLocalDate(m[1], order);
  if (!date) return null;
  const time = m[2] === undefined ? { hour: 0, minute: 0, second: 0 } : parseLocalTime(m[2]);
  return time ? { date, time } : null;
}

/** "YYYY-MM-DD" for a date-only column. */
export function formatDateOnly(date: LocalDate): string {
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone, hourCycle: "h23", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

const DAY = 86_400_000;
const QUARTER_HOUR = 900_000;
/**
 * Time zone → UTC day → the day's offset, or NaN when the day holds a transition; and time zone → quarter
 * hour → offset, for those days only. Number keys: no string per cached entry.
 */
const dayOffsets = new Map<string, Map<number, number>>();
const quarterOffsets = new Map<string, Map<number, number>>();
let cachedOffsets = 0;
const MAX_CACHED_OFFSETS = 200_000;

function cacheOf(caches: Map<string, Map<number, number>>, timeZone: string): Map<number, number> {
  if (cachedOffsets >= MAX_CACHED_OFFSETS) {
    dayOffsets.clear();
    quarterOffsets.clear();
    cachedOffsets = 0;
  }
  let zone = caches.get(timeZone);
  if (!zone) caches.set(timeZone, (zone = new Map()));
  return zone;
}

/**
 * The zone's offset from UTC at an instant, in milliseconds (local = utc + offset). Intl is slow (tens of
 * microseconds a call), so offsets are cached: per UTC day when the day starts and ends on the same offset
 * (no zone changes its offset and back within one day), else per quarter hour, when the quarter hour has
 * one offset throughout (every transition since 1900 falls on a quarter-hour boundary; a quarter hour
 * holding one is computed exactly).
 */
export function zoneOffsetAt(utcMillis: number, timeZone: string): number {
  const day = Math.floor(utcMillis / DAY);
  const days = cacheOf(dayOffsets, timeZone);
  let dayOffset = days.get(day);
  if (dayOffset === undefined) {
    const start = exactOffsetAt(day * DAY, timeZone);
    dayOffset = start === exactOffsetAt((day + 1) * DAY - 1000, timeZone) ? start : NaN;
    days.set(day, dayOffset);
    cachedOffsets++;
  }
  if (!Number.isNaN(dayOffset)) return dayOffset;
  const bucket = Math.floor(utcMillis / QUARTER_HOUR);
  const quarters = cacheOf(quarterOffsets, timeZone);
  const cached = quarters.get(bucket);
  if (cached !== undefined) return cached;
  const start = exactOffsetAt(bucket * QUARTER_HOUR, timeZone);
  const end = exactOffsetAt((bucket + 1) * QUARTER_HOUR - 1000, timeZone);
  if (start !== end) return exactOffsetAt(utcMillis, timeZone);
  quarters.set(bucket, start);
  cachedOffsets++;
  return start;
}

function exactOffsetAt(utcMillis: number, timeZone: string): number {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(utcMillis))) if (p.type !== "literal") parts[p.type] = Number(p.value);
  const asUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return asUtc - Math.floor(utcMillis / 1000) * 1000;
}

/**
 * The UTC instant of a local wall-clock time in `timeZone`. Across a DST change: a time that does not exist
 * (spring forward, 02:30) moves forward by the gap, as clocks do; a time that happens twice (fall back,
 * 01:30) takes the first occurrence (daylight time).
 */
export function localToUtcMillis(date: LocalDate, time: LocalTime, timeZone: string): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, time.hour, time.minute, time.second);
  const before = zoneOffsetAt(wall - 86_400_000, timeZone);
  const after = zoneOffsetAt(wall + 86_400_000, timeZone);
  // Try both offsets that surround the wall time; keep those that map back onto it.
  const candidates = [before, after].map((offset) => wall - offset).filter((t) => t + zoneOffsetAt(t, timeZone) === wall);
  if (candidates.length > 0) return Math.min(...candidates);
  // In a gap: the wall time does not exist; shift by the gap (use the offset in force before it).
  return wall - before;
}

/** ISO UTC string ("2021-03-14T07:30:00Z") of a local wall-clock time. */
export function localToUtcIso(date: LocalDate, time: LocalTime, timeZone: string): string {
  return new Date(localToUtcMillis(date, time, timeZone)).toISOString().replace(".000Z", "Z");
}
