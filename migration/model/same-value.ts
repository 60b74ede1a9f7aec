/**
 * Whether a value the migration writes equals the value Dataverse returns for it, compared as Dataverse keeps
 * values: empty (null, absent, "") is one value; numbers by value to the cent (money, decimals, option values);
 * booleans by value; date-only columns by their date; date-times by instant, to the whole second (Dataverse
 * keeps no milliseconds); text exactly. Used by the load (an unchanged record is left alone) and by reconcile
 * (a sampled record re-read and compared).
 */
export function sameValue(expected: unknown, actual: unknown): boolean {
  const empty = (v: unknown) => v === null || v === undefined || v === "";
  if (empty(expected) || empty(actual)) return empty(expected) && empty(actual);
  if (typeof expected === "number" || typeof actual === "number") return Math.abs(Number(expected) - Number(actual)) < 0.005;
  if (typeof expected === "boolean" || typeof actual === "boolean") return String(expected) === String(actual);
  const e = String(expected);
  const a = String(actual);
  if (DATE_ONLY.test(e)) return a.slice(0, 10) === e;
  if (DATE_TIME.test(e) && DATE_TIME.test(a)) return Math.floor(Date.parse(e) / 1000) === Math.floor(Date.parse(a) / 1000);
  return e === a;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T/;
