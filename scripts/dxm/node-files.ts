import { open, readdir, stat, type FileHandle } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { SourceFile } from "../../migration/source/types";

/** How long an idle file stays open between slices before it is closed. */
const IDLE_CLOSE_MS = 250;

/**
 * Reads byte ranges of one file through a handle that stays open while slices keep coming (opening the
 * file for each slice costs more than the read) and closes once no read has come for a moment. Reads may
 * overlap (two row streams of one file); the handle closes only when none is in flight.
 */
class RangeReader {
  private handle: Promise<FileHandle> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private inFlight = 0;

  constructor(private readonly path: string) {}

  async read(start: number, end: number): Promise<ArrayBuffer> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inFlight++;
    this.handle ??= open(this.path, "r");
    const handle = await this.handle;
    try {
      const buffer = new Uint8Array(Math.max(0, end - start));
      let filled = 0;
      while (filled < buffer.length) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return buffer.buffer.slice(0, filled);
    } finally {
      if (--this.inFlight === 0) this.timer = setTimeout(() => void this.close(), IDLE_CLOSE_MS).unref();
    }
  }

  private async close(): Promise<void> {
    if (this.inFlight > 0) return;
    const handle = this.handle;
    this.handle = null;
    this.timer = null;
    await (await handle)?.close().catch(() => undefined);
  }
}

/**
 * Wraps a file on disk as a `SourceFile`, the same shape as a browser File: slices are read from disk only
 * when the reader asks for them. (fs.openAsBlob gives the same shape but its slices read several times
 * slower, measured with bench/reader.ts.)
 */
export async function nodeFile(path: string, name: string): Promise<SourceFile> {
  const { size } = await stat(path);
  const reader = new RangeReader(path);
  return {
    name,
    size,
    slice: (start, end) => {
      const from = Math.max(0, Math.min(start, size));
      const to = Math.max(from, Math.min(end, size));
      return { arrayBuffer: () => reader.read(from, to) };
    },
  };
}

/** Every file under `dir` (recursively), named by its path relative to `dir` with `/` separators. */
export async function nodeFiles(dir: string): Promise<SourceFile[]> {
  const info = await stat(dir).catch(() => null);
  if (!info?.isDirectory()) throw new Error(`${dir} is not a folder. Give the folder that holds the Dental-Exec CSV exports.`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name)).sort();
  return Promise.all(paths.map((p) => nodeFile(p, relative(dir, p).split(sep).join("/"))));
}
