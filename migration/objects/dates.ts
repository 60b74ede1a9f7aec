import { formatDateOnly, localToUtcIso, parseLocalDate, parseLocalDateTime, parseLocalTime } from "../time";

/** Date-only column value ("YYYY-MM-DD"), never shifted by a zone. */
export function dateOnly(text: string): string | undefined {
  const d = parseLocalDate(text);
  return d ? formatDateOnly(d) : undefined;
}

/** Date-time column value (UTC ISO) from a local date, a local date-time, or a date and a separate time. */
export function utcDateTime(text: string, timeZone: string, time?: string): string | undefined {
  if (time) {
    const d = parseLocalDate(text);
    const t = parseLocalTime(time);
    return d && t ? localToUtcIso(d, t, timeZone) : undefined;
  }
  const dt = parseLocalDateTime(text);
  return dt ? localToUtcIso(dt.date, dt.time, timeZone) : undefined;
}
