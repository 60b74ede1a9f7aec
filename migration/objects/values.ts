/**
 * Turning Dental-Exec cell text into Dataverse values. Each function takes trimmed text and returns the
 * value, or undefined when the cell is empty or does not parse (the validator reports those rows).
 */
import type { OptionDef } from "../../solution/model/types";

/** "$1,234.50" → 1234.5; "(12.00)" and "-12" are negative. */
export function parseMoney(text: string): number | undefined {
  const s = text.trim();
  if (!s) return undefined;
  const negative = /^\(.*\)$/.test(s) || /^-/.test(s) || /^\$\s*-/.test(s);
  const digits = s.replace(/[()$\s,-]/g, "");
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(digits)) return undefined;
  const n = Number(digits);
  return negative ? -n : n;
}

/** "80%", "80" → 80. */
export function parsePercent(text: string): number | undefined {
  const m = /^(-?\d+(?:\.\d+)?)\s*%?$/.exec(text.trim());
  return m ? Math.round(Number(m[1])) : undefined;
}

export function parseInteger(text: string): number | undefined {
  const s = text.trim().replace(/,/g, "");
  return /^-?\d+$/.test(s) ? Number(s) : undefined;
}

const yes = new Set(["y", "yes", "true", "t", "1", "x"]);
const no = new Set(["n", "no", "false", "f", "0"]);

/** Y/N (and yes/no, true/false, 1/0) → boolean. */
export function parseYesNo(text: string): boolean | undefined {
  const s = text.trim().toLowerCase();
  if (yes.has(s)) return true;
  if (no.has(s)) return false;
  return undefined;
}

/** Light normalisation: ten US digits (optionally after a leading 1) become "(555) 123-4567"; anything else is kept, whitespace collapsed. */
export function normalisePhone(text: string): string | undefined {
  const s = text.trim().replace(/\s+/g, " ");
  if (!s) return undefined;
  const m = /^(?:\+?1[\s.-]?)?\(?(\d{3})\)?[\s.-]?(\d{3})[\s.-]?(\d{4})((?:\s*(?:x|ext\.?)\s*\d+)?)$/i.exec(s);
  if (!m) return s;
  const ext = m[4].replace(/\D/g, "");
  return `(${m[1]}) ${m[2]}-${m[3]}${ext ? ` x${ext}` : ""}`;
}

/** A reasonable email shape (what Dataverse's email-format columns accept). */
export function isEmail(text: string): boolean {
  const m = /^([^\s@"<>(),;:]+)@([^\s@"<>(),;:]+\.[A-Za-z]{2,})$/.exec(text.trim());
  // No empty dot-separated part on either side ("a..b", ".a", "a.").
  return m !== null && m.slice(1).every((part) => part.split(".").every(Boolean));
}

/** Text kept as written, whitespace trimmed; empty → undefined. */
export function text(value: string): string | undefined {
  const s = value.trim();
  return s ? s : undefined;
}

const fold = (s: string) => s.trim().toLowerCase().replace(/[\s_-]+/g, " ");

/**
 * A choice value: the confirmed value map first (exact, then case- and spacing-insensitive), then an option
 * whose label matches the text. Undefined when neither knows the value.
 */
export function mapOption(value: string, valueMap: Record<string, number | boolean> | undefined, options: OptionDef[] = []): number | undefined {
  const s = value.trim();
  if (!s) return undefined;
  if (valueMap) {
    const exact = valueMap[s];
    if (typeof exact === "number") return exact;
    const key = Object.keys(valueMap).find((k) => fold(k) === fold(s));
    if (key !== undefined && typeof valueMap[key] === "number") return valueMap[key] as number;
  }
  return options.find((o) => fold(o.label) === fold(s))?.value;
}

/** Like mapOption for Yes/No columns mapped through a value map of booleans. */
export function mapBoolean(value: string, valueMap: Record<string, number | boolean> | undefined): boolean | undefined {
  const s = value.trim();
  if (valueMap) {
    const key = Object.keys(valueMap).find((k) => fold(k) === fold(s));
    if (key !== undefined) return Boolean(valueMap[key]);
  }
  return parseYesNo(s);
}

/** Content types of the attachments Dental-Exec stores, by extension. */
const mimeTypes: Record<string, string> = {
  pdf: "application/pdf", jpg: "image/jpeg", jpeg: "image/jpeg", png: "image/png", gif: "image/gif", tif: "image/tiff", tiff: "image/tiff",
  bmp: "image/bmp", dcm: "application/dicom", txt: "text/plain", rtf: "application/rtf", doc: "application/msword",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document", xls: "application/vnd.ms-excel",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv: "text/csv", zip: "application/zip", xml: "application/xml",
};

export function mimeTypeOf(fileName: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? "";
  return mimeTypes[ext] ?? "application/octet-stream";
}
