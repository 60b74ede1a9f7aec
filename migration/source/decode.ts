import { decoderLabel } from "./sniff";
import type { Encoding, SourceFile } from "./types";

/** Bytes read per slice: large enough to amortise each read, small enough to keep memory flat. */
export const CHUNK_BYTES = 256 * 1024;
/** Characters handed to the parser at a time: a piece that stays in the CPU cache parses faster. */
export const PIECE_CHARS = 64 * 1024;

export interface TextChunk {
  text: string;
  /** Bytes of the file read so far (after this chunk). */
  bytesRead: number;
  /** The last chunk of the file. */
  final: boolean;
}

export function abortError(): Error {
  const error = new Error("Reading was cancelled.");
  error.name = "AbortError";
  return error;
}

/** Reads a byte range of a file. */
export async function readBytes(file: SourceFile, start: number, end: number): Promise<Uint8Array> {
  return new Uint8Array(await file.slice(start, Math.min(end, file.size)).arrayBuffer());
}

/** Bytes a byte-order mark takes at the start of a file in each encoding. */
const BOM_BYTES: Record<Encoding, number> = { "utf-8": 0, "utf-8-bom": 3, "utf-16le": 2, "windows-1252": 0 };

/**
 * How many leading bytes of a slice form whole characters; the rest (a character cut by the slice end)
 * waits for the next slice. Hand-written so each slice can be decoded as a whole, which Node's TextDecoder
 * does about twice as fast as in streaming mode.
 */
export function completeLength(bytes: Uint8Array, encoding: Encoding): number {
  const n = bytes.length;
  if (encoding === "windows-1252") return n;
  if (encoding === "utf-16le") {
    let end = n - (n % 2);
    const last = end >= 2 ? bytes[end - 2] | (bytes[end - 1] << 8) : 0;
    if (last >= 0xd800 && last <= 0xdbff) end -= 2; // a high surrogate waits for its pair
    return end;
  }
  // UTF-8: step back over continuation bytes to the last lead byte; keep it only if its sequence is whole.
  let i = n - 1;
  while (i >= 0 && n - i <= 3 && (bytes[i] & 0xc0) === 0x80) i--;
  if (i < 0) return n;
  const lead = bytes[i];
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return n - i >= need ? n : i;
}

/**
 * Streams a file as decoded text, one slice at a time: at most two slices are in memory (the next one is
 * read while this one is parsed). A character cut by a slice's end is carried to the next slice; a
 * byte-order mark is skipped. Yields pieces of at most PIECE_CHARS characters.
 */
export async function* decodedChunks(file: SourceFile, encoding: Encoding, signal?: AbortSignal, chunkBytes = CHUNK_BYTES): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder(decoderLabel(encoding), { ignoreBOM: true });
  const read = (start: number): Promise<Uint8Array> => {
    const bytes = readBytes(file, start, start + chunkBytes);
    bytes.catch(() => undefined); // a read left behind when the consumer stops early must not go unhandled
    return bytes;
  };
  let offset = Math.min(BOM_BYTES[encoding], file.size);
  let next = offset < file.size ? read(offset) : null;
  let carry: Uint8Array | null = null;
  while (next) {
    if (signal?.aborted) throw abortError();
    const slice = await next;
    offset = Math.min(offset + chunkBytes, file.size);
    const final = offset >= file.size;
    next = final ? null : read(offset);
    let bytes = slice;
    if (carry) {
      bytes = new Uint8Array(carry.length + slice.length);
      bytes.set(carry);
      bytes.set(slice, carry.length);
    }
    const whole = final ? bytes.length : completeLength(bytes, encoding);
    carry = whole < bytes.length ? bytes.slice(whole) : null;
    const text = decoder.decode(bytes.subarray(0, whole));
    for (let at = 0; at < text.length || at === 0; at += PIECE_CHARS) {
      const last = at + PIECE_CHARS >= text.length;
      yield { text: text.substring(at, at + PIECE_CHARS), bytesRead: last ? offset : offset - slice.length, final: final && last };
    }
  }
  if (offset >= file.size && file.size <= BOM_BYTES[encoding]) yield { text: "", bytesRead: file.size, final: true };
}
