import type { ValueType } from "../model/types";

/**
 * What single values look like. The reader's profiler reports type shares per column; the mapping reads
 * those, and uses these tests where a profile carries no shares (values seen only through topValues or
 * examples) and for the checks the evidence names (the NPI check digit).
 */

const states = new Set(
  ("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC " +
    "SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP").split(" "),
);

/** NPI check digit: Luhn over the 9 digits prefixed with 80840 (CMS NPI standard). */
export function isNpi(value: string): boolean {
  if (!/^\d{10}$/.test(value)) return false;
  const digits = `80840${value}`;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const dateRe = /^(\d{4}-\d{2}-\d{2}|\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4})$/;
const datetimeRe = /^(\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:?\d{2})?|\d{1,2}\/\d{1,2}\/\d{2,4} \d{1,2}:\d{2}(:\d{2})?( ?[AP]M)?)$/i;
const timeRe = /^\d{1,2}:\d{2}(:\d{2})?( ?[AP]M)?$/i;

/** The value types a single non-empty value fits, most specific first. */
export function valueKinds(raw: string): ValueType[] {
  const v = raw.trim();
  const out: ValueType[] = [];
  if (v === "") return out;
  if (isNpi(v)) out.push("npi");
  if (/^[DK]\d{4}$/i.test(v)) out.push("cdt");
  if (/^(Y|N|YES|NO|TRUE|FALSE|T|F|0|1)$/i.test(v)) out.push("yn");
  if (/^(M|F|U|MALE|FEMALE|UNKNOWN|O|OTHER|X)$/i.test(v)) out.push("gender");
  if (/^([1-9]|[12]\d|3[0-2]|[A-T])$/i.test(v)) out.push("tooth");
  if (/^[MODBLIFP]{1,5}$/.test(v) && new Set(v).size === v.length) out.push("surface");
  if (states.has(v.toUpperCase()) && v.length === 2) out.push("state");
  if (/^\d{5}(-\d{4})?$/.test(v)) out.push("zip");
  if (/^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i.test(v)) out.push("email");
  if (/^(\+?1[ .-]?)?\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}$/.test(v)) out.push("phone");
  if (datetimeRe.test(v)) out.push("datetime");
  else if (dateRe.test(v)) out.push("date");
  if (timeRe.test(v)) out.push("time");
  if (/^\d{1,3}(\.\d+)?\s?%$/.test(v)) out.push("percent");
  if (/^-?\$?-?\d{1,3}(,?\d{3})*\.\d{2}$/.test(v) || /^-?\$\d+(\.\d{1,2})?$/.test(v)) out.push("money");
  if (/^-?\d+$/.test(v)) out.push("integer");
  if (/^[A-Za-z]{0,4}-?\d{1,12}$/.test(v)) out.push("id");
  if (/^[A-Za-z]{0,4}-?\d{1,12}([;|,] ?[A-Za-z]{0,4}-?\d{1,12})+$/.test(v)) out.push("idList");
  if (/^[^\\/:*?"<>|]+\.(pdf|jpe?g|png|tiff?|gif|docx?|txt|dcm)$/i.test(v)) out.push("fileName");
  out.push(v.length > 120 || /\n/.test(v) ? "longText" : "text");
  return out;
}

/** Share of values fitting each type, best first, from a sample of (value, count) pairs. */
export function typeShares(values: { value: string; count: number }[]): { type: ValueType; share: number }[] {
  const counts = new Map<ValueType, number>();
  let total = 0;
  for (const { value, count } of values) {
    if (value.trim() === "") continue;
    total += count;
    for (const kind of valueKinds(value)) counts.set(kind, (counts.get(kind) ?? 0) + count);
  }
  if (total === 0) return [];
  return [...counts].map(([type, n]) => ({ type, share: n / total })).sort((a, b) => b.share - a.share);
}
