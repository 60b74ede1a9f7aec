export type { LocalDate, LocalTime } from "./local-time";
export {
  parseLocalDate, parseLocalTime, parseLocalDateTime, formatDateOnly, isValidTimeZone, zoneOffsetAt, localToUtcMillis, localToUtcIso,
} from "./local-time";
