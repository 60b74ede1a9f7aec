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

/**
 * Streams a file as decoded text, one slice at a time: at most two slices are in memory, and the streaming
 * TextDecoder carries a multi-byte character split across two slices into the next one. A UTF-8 or UTF-16
 * byte-order mark is consumed by the decoder.
 */
export async function* decodedChunks(file: SourceFile, encoding: Encoding, signal?: AbortSignal, chunkBytes = CHUNK_BYTES): AsyncGenerator<TextChunk> {
  const decoder = new TextDecoder(decoderLabel(encoding));
  const read = (start: number): Promise<Uint8Array> => {
    const bytes = readBytes(file, start, start + chunkBytes);
    bytes.catch(() => undefined); // a read left behind when the consumer stops early must not go unhandled
    return bytes;
  };
  // The next slice is read while this one is parsed (two slices in memory at most).
  let next = file.size > 0 ? read(0) : null;
  let offset = 0;
  while (next) {
    if (signal?.aborted) throw abortError();
    const bytes = await next;
    offset = Math.min(offset + chunkBytes, file.size);
    const final = offset >= file.size;
    next = final ? null : read(offset);
    const text = decoder.decode(bytes, { stream: !final });
    for (let at = 0; at < text.length || at === 0; at += PIECE_CHARS) {
      const last = at + PIECE_CHARS >= text.length;
      yield { text: text.substring(at, at + PIECE_CHARS), bytesRead: last ? offset : offset - bytes.length, final: final && last };
    }
  }
  if (file.size === 0) yield { text: "", bytesRead: 0, final: true };
}
