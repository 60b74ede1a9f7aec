import { formatDateOnly, localToUtcIso, parseLocalDate, parseLocalDateTime, parseLocalTime } from "../time";
import type { DateOrder } from "../time";

/** Date-only column value ("YYYY-MM-DD"), never shifted by a zone; `order` is how the file writes day and month. */
export function dateOnly(text: string, order: DateOrder): string | undefined {
  const d = parseLocalDate(text, order);
  return d ? formatDateOnly(d) : undefined;
}

/** Date-time column value (UTC ISO) from a local date, a local date-time, or a date and a separate time; the date read in `order`. */
export function utcDateTime(text: string, order: DateOrder, timeZone: string, time?: string): string | undefined {
  if (time) {
    const d = parseLocalDate(text, order);
    const t = parseLocalTime(time);
    return d && t ? localToUtcIso(d, t, timeZone) : undefined;
  }
  const dt = parseLocalDateTime(text, order);
  return dt ? localToUtcIso(dt.date, dt.time, timeZone) : undefined;
}
