import type { Encoding } from "./types";

/** What the first bytes of a file say it is. */
export type Sniffed =
  | {
      kind: "text";
      encoding: Encoding;
      /** UTF-8 text that also holds bytes invalid in UTF-8 (e.g. Windows-1252). */
      mixed: boolean;
      /** Offset of the first byte that is not valid UTF-8, when there is one in the sample. */
      firstInvalid?: number;
    }
  | { kind: "empty" }
  | { kind: "container"; format: string }
  | { kind: "binary"; reason: string };

/** Bytes the reader looks at to decide encoding and kind. */
export const SNIFF_BYTES = 64 * 1024;

const startsWith = (bytes: Uint8Array, magic: number[]): boolean => magic.every((b, i) => bytes[i] === b);

/** Magic numbers of files that admins hand over instead of CSV. */
const CONTAINERS: { magic: number[]; format: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], format: "a zip archive or an Excel workbook (.xlsx)" },
  { magic: [0x50, 0x4b, 0x05, 0x06], format: "an empty zip archive" },
  { magic: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1], format: "an Excel 97-2003 workbook (.xls)" },
  { magic: [0x25, 0x50, 0x44, 0x46], format: "a PDF document" },
  { magic: [0x1f, 0x8b], format: "a gzip archive" },
  { magic: [0x52, 0x61, 0x72, 0x21], format: "a RAR archive" },
  { magic: [0x37, 0x7a, 0xbc, 0xaf], format: "a 7-Zip archive" },
];

/** Decides a file's kind and encoding from its first bytes (BOMs, magic numbers, UTF-8 validity). */
export function sniff(head: Uint8Array, totalSize: number): Sniffed {
  if (totalSize === 0) return { kind: "empty" };
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { kind: "text", encoding: "utf-8-bom", mixed: false };
  if (startsWith(head, [0xff, 0xfe])) return { kind: "text", encoding: "utf-16le", mixed: false };
  if (startsWith(head, [0xfe, 0xff])) return { kind: "binary", reason: "UTF-16 big-endian text, which the reader does not take" };
  const container = CONTAINERS.find((c) => startsWith(head, c.magic));
  if (container) return { kind: "container", format: container.format };
  if (looksLikeUtf16WithoutBom(head)) return { kind: "binary", reason: "UTF-16 text without a byte-order mark" };
  if (controlShare(head) > 0.05) return { kind: "binary", reason: "binary data (control bytes), not text" };
  if (head.length === totalSize && head.every((b) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d)) return { kind: "empty" };
  const { valid, invalid, firstInvalid } = countUtf8(head, head.length < totalSize);
  if (invalid === 0) return { kind: "text", encoding: "utf-8", mixed: false };
  // Invalid UTF-8 with no valid multi-byte sequence is a single-byte code page: Windows-1252 in US PM exports.
  if (valid === 0) return { kind: "text", encoding: "windows-1252", mixed: false, firstInvalid };
  return { kind: "text", encoding: "utf-8", mixed: true, firstInvalid };
}

function looksLikeUtf16WithoutBom(head: Uint8Array): boolean {
  if (head.length < 16) return false;
  let zeroOdd = 0;
  for (let i = 1; i < head.length; i += 2) if (head[i] === 0) zeroOdd++;
  return zeroOdd / (head.length / 2) > 0.4;
}

function controlShare(head: Uint8Array): number {
  if (head.length === 0) return 0;
  let control = 0;
  for (const b of head) if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) control++;
  return control / head.length;
}

/**
 * Counts well-formed multi-byte UTF-8 sequences and invalid bytes. Hand-written because TextDecoder only
 * says "invalid" (fatal) or replaces silently; telling mixed text from Windows-1252 needs both counts.
 */
export function countUtf8(bytes: Uint8Array, truncated: boolean): { valid: number; invalid: number; firstInvalid?: number } {
  let valid = 0;
  let invalid = 0;
  let firstInvalid: number | undefined;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
    if (need < 0) { firstInvalid ??= i; invalid++; i++; continue; }
    if (i + need >= bytes.length && truncated) break;
    let ok = true;
    for (let k = 1; k <= need; k++) if (i + k >= bytes.length || (bytes[i + k] & 0xc0) !== 0x80) ok = false;
    if (ok) { valid++; i += need + 1; } else { firstInvalid ??= i; invalid++; i++; }
  }
  return { valid, invalid, firstInvalid };
}

/** 1-based physical line of a byte offset (line breaks counted as LF, or CR alone). */
export function lineAt(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < bytes.length; i++) if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  return line;
}

/** The WHATWG label TextDecoder takes for each encoding. */
export const decoderLabel = (encoding: Encoding): string =>
  encoding === "utf-8-bom" ? "utf-8" : encoding;
