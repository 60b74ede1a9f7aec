export type { DateOrder, LocalDate, LocalTime } from "./local-time";
export {
  dateOrderPattern, parseLocalDate, parseLocalTime, parseLocalDateTime, formatDateOnly, isValidTimeZone, zoneOffsetAt, localToUtcMillis, localToUtcIso,
} from "./local-time";
