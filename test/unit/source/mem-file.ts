import type { SourceFile } from "../../../migration/source/types";

/** An in-memory SourceFile (a Blob, as a browser File is), from text (UTF-8) or raw bytes. */
export function memFile(name: string, content: string | Uint8Array | (string | Uint8Array)[]): SourceFile {
  const parts = Array.isArray(content) ? content : [content];
  const blob = new Blob(parts.map((p) => (typeof p === "string" ? new TextEncoder().encode(p) : new Uint8Array(p)) as BlobPart));
  return { name, size: blob.size, slice: (start, end) => blob.slice(start, end) };
}

export const utf16le = (text: string): Uint8Array => {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = 0xff;
  out[1] = 0xfe;
  for (let i = 0; i < text.length; i++) {
    out[2 + i * 2] = text.charCodeAt(i) & 0xff;
    out[3 + i * 2] = text.charCodeAt(i) >> 8;
  }
  return out;
};

/** Windows-1252 bytes for text within Latin-1 (what the tests need). */
export const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
