import type { ValueType } from "../model/types";
import type { DateOrder } from "../time";

/**
 * Recognisers for every ValueType, as US dental practice-management exports write values. Each returns
 * `false` for no match, or the format it matched (the profile reports the dominant one as detail).
 * Values arrive trimmed and non-empty.
 */

const US_STATES = new Set(
  ("AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA " +
    "RI SC SD TN TX UT VT VA WA WV WI WY PR VI GU AS MP").split(" "),
);

const daysInMonth = (y: number, m: number): number => (m === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

/** A real calendar day as yyyymmdd, or -1: 02/30/2019 is not a date. */
export function dayKey(y: number, m: number, d: number): number {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || y < 1800 || y > 2200) return -1;
  return y * 10000 + m * 100 + d;
}

const US_DATE = /^(\d{1,2})([/-])(\d{1,2})\2(\d{4}|\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

const yearOf = (text: string): number => (text.length === 2 ? 1900 + Number(text) + (Number(text) < 50 ? 100 : 0) : Number(text));

/**
 * Parses a date as exports write it; `key` is yyyymmdd (comparable), `format` names the pattern. With an
 * `order`, `NN/NN/YYYY` is read in it only. Without one (profiling, before the file's order is known) it is
 * read month first when it can be, else day first: either way it is a date.
 */
export function parseDate(value: string, order?: DateOrder): { key: number; format: string } | null {
  let m = US_DATE.exec(value);
  if (m) {
    const year = yearOf(m[4]);
    const tail = `${m[2]}${m[4].length === 2 ? "YY" : "YYYY"}`;
    const monthFirst = order === "DMY" ? -1 : dayKey(year, Number(m[1]), Number(m[3]));
    if (monthFirst >= 0) return { key: monthFirst, format: `MM${m[2]}DD${tail}` };
    const dayFirst = order === "MDY" ? -1 : dayKey(year, Number(m[3]), Number(m[1]));
    return dayFirst < 0 ? null : { key: dayFirst, format: `DD${m[2]}MM${tail}` };
  }
  m = ISO_DATE.exec(value);
  if (m) {
    const key = dayKey(Number(m[1]), Number(m[2]), Number(m[3]));
    return key < 0 ? null : { key, format: "YYYY-MM-DD" };
  }
  return null;
}

const TIME_12 = /^(\d{1,2}):([0-5]\d)(?::[0-5]\d)?\s?([AaPp])\.?[Mm]\.?$/;
const TIME_24 = /^([01]?\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/;

export function parseTime(value: string): { minutes: number; format: string } | null {
  let m = TIME_12.exec(value);
  if (m) {
    const h = Number(m[1]);
    if (h < 1 || h > 12) return null;
    return { minutes: ((h % 12) + (m[3].toLowerCase() === "p" ? 12 : 0)) * 60 + Number(m[2]), format: "h:mm AM/PM" };
  }
  m = TIME_24.exec(value);
  if (m) return { minutes: Number(m[1]) * 60 + Number(m[2]), format: m[3] ? "HH:mm:ss" : "HH:mm" };
  return null;
}

/**
 * Which order a `NN/NN/YYYY` date (or the date of a date-time) shows: "DMY" when only day first makes it
 * a date (first field above 12), "MDY" when only month first does (second field above 12), "either" when
 * both do (both fields 12 or below), null for anything else (ISO dates, which are the same in every order,
 * and values impossible both ways, which show nothing).
 */
export function slashDateOrder(value: string): DateOrder | "either" | null {
  const split = value.search(/[ T]/);
  const m = US_DATE.exec(split < 0 ? value : value.slice(0, split));
  if (!m) return null;
  const year = yearOf(m[4]);
  const monthFirst = dayKey(year, Number(m[1]), Number(m[3])) >= 0;
  const dayFirst = dayKey(year, Number(m[3]), Number(m[1])) >= 0;
  return monthFirst && dayFirst ? "either" : monthFirst ? "MDY" : dayFirst ? "DMY" : null;
}

/** Date and time in one value: `03/14/2023 2:30 PM`, `2023-03-14T14:30:00`. */
export function parseDateTime(value: string, order?: DateOrder): { key: number; format: string } | null {
  const split = value.search(/[ T]/);
  if (split < 0) return null;
  const date = parseDate(value.slice(0, split), order);
  const time = parseTime(value.slice(split + 1).trim().replace(/Z$|[+-]\d{2}:?\d{2}$/, ""));
  if (!date || !time) return null;
  return { key: date.key * 10000 + Math.floor(time.minutes / 60) * 100 + (time.minutes % 60), format: `${date.format} ${time.format}` };
}

/** Money as exports write it: `$1,234.50`, `1234.50`, `($12.00)`, `-$5.00`. Returns cents. */
export function parseMoney(value: string): number | null {
  const m = /^(\()?(-)?\s?\$?\s?(-)?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(\))?$/.exec(value);
  if (!m || Boolean(m[1]) !== Boolean(m[6])) return null;
  const hasDollar = value.includes("$");
  if (!hasDollar && m[5]?.length !== 2) return null;
  const cents = Number(m[4].replace(/,/g, "")) * 100 + Number((m[5] ?? "0").padEnd(2, "0"));
  return m[1] || m[2] || m[3] ? -cents : cents;
}

/** NPI: 10 digits starting 1 or 2, Luhn check digit over the `80840` prefix (CMS). */
export function isNpi(value: string): boolean {
  if (!/^[12]\d{9}$/.test(value)) return false;
  const digits = `80840${value}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) { d *= 2; if (d > 9) d -= 9; }
    sum += d;
  }
  return sum % 10 === 0;
}

/** The NPI check digit for a 9-digit base (the generator makes valid NPIs with it). */
export function npiCheckDigit(base9: string): number {
  for (let d = 0; d <= 9; d++) if (isNpi(`${base9}${d}`)) return d;
  throw new Error("unreachable: one check digit always fits");
}

const PHONE_CHARS = /^\+?[\d\s().-]+(?:\s*(?:x|ext\.?)\s*\d{1,5})?$/i;
function phoneFormat(value: string): string | false {
  if (!PHONE_CHARS.test(value)) return false;
  const digits = value.replace(/(?:x|ext\.?)\s*\d+$/i, "").replace(/\D/g, "");
  if (!(digits.length === 10 || (digits.length === 11 && digits[0] === "1"))) return false;
  if (/^\(\d{3}\) \d{3}-\d{4}/.test(value)) return "(NNN) NNN-NNNN";
  if (/^\d{3}-\d{3}-\d{4}/.test(value)) return "NNN-NNN-NNNN";
  if (/^\d{3}\.\d{3}\.\d{4}/.test(value)) return "NNN.NNN.NNNN";
  if (/^\d{10}$/.test(value)) return "NNNNNNNNNN";
  return "other";
}

const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}$/;
const YN = new Set(["y", "n", "yes", "no", "true", "false", "t", "f"]);
const GENDER = new Set(["m", "f", "u", "x", "male", "female", "unknown", "other", "nonbinary", "non-binary"]);
const SURFACE = /^[MODBLFI]{1,5}$/;

/** One test per ValueType; `status` and `id` also depend on the column as a whole (see the profiler). */
export const valueTests: Record<ValueType, (v: string) => string | false> = {
  id: (v) => (/^[A-Za-z]{0,4}[-_]?\d{1,12}$/.test(v) ? "id" : false),
  idList: (v) => (/^[A-Za-z]{0,4}\d{1,12}(?:\s*[;|,]\s*[A-Za-z]{0,4}\d{1,12})+$/.test(v) ? (v.includes(";") ? "; separated" : v.includes("|") ? "| separated" : ", separated") : false),
  text: (v) => (v.length <= 255 && v.indexOf("\n") === -1 ? "text" : false),
  longText: (v) => (v.length > 255 || v.indexOf("\n") !== -1 ? "long or multi-line" : false),
  date: (v) => parseDate(v)?.format ?? false,
  datetime: (v) => parseDateTime(v)?.format ?? false,
  time: (v) => parseTime(v)?.format ?? false,
  email: (v) => (EMAIL.test(v) ? "email" : false),
  phone: phoneFormat,
  zip: (v) => (/^\d{5}$/.test(v) ? "NNNNN" : /^\d{5}-\d{4}$/.test(v) ? "NNNNN-NNNN" : false),
  state: (v) => (US_STATES.has(v.toUpperCase()) && v.length === 2 ? "two-letter" : false),
  cdt: (v) => (/^D\d{4}$/i.test(v) ? "DNNNN" : false),
  tooth: (v) => (/^(?:[1-9]|[12]\d|3[0-2])$/.test(v) ? "1-32" : /^[A-T]$/.test(v) ? "A-T" : false),
  surface: (v) => (SURFACE.test(v) && new Set(v).size === v.length ? "surface letters" : false),
  money: (v) => (parseMoney(v) === null ? false : v.includes("$") ? "$N,NNN.NN" : "N.NN"),
  percent: (v) => (/^\d{1,3}(?:\.\d+)?\s?%$/.test(v) && Number.parseFloat(v) <= 100 ? "N%" : false),
  integer: (v) => (/^-?\d{1,15}$/.test(v) ? "integer" : false),
  npi: (v) => (isNpi(v) ? "NPI (check digit valid)" : false),
  yn: (v) => (YN.has(v.toLowerCase()) ? (v.length === 1 ? "Y/N" : "words") : false),
  gender: (v) => (GENDER.has(v.toLowerCase()) ? (v.length === 1 ? "letter" : "word") : false),
  status: (v) => (/^[A-Za-z][A-Za-z \-/]{1,39}$/.test(v) ? "word" : false),
  fileName: (v) => (/^[^\\/:*?"<>|\r\n@]+\.[A-Za-z0-9]{2,5}$/.test(v) && !/^[\d.,$]+$/.test(v) ? "name.ext" : false),
};

export const ALL_TYPES = Object.keys(valueTests) as ValueType[];

/** When two types match equally often, the more specific is listed first. */
export const SPECIFICITY: ValueType[] = [
  "npi", "cdt", "email", "datetime", "date", "time", "money", "percent", "phone", "state", "surface", "yn",
  "gender", "idList", "fileName", "integer", "zip", "tooth", "id", "status", "longText", "text",
];

/** Types most values fit; a specific type matching nearly as many values is the better guess. */
export const GENERIC_TYPES = new Set<ValueType>(["text", "longText", "id", "status"]);
