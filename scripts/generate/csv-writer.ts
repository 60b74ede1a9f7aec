import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import { csvCell } from "./formats";

/** A cell: text (quoted as needed, written as UTF-8) or raw bytes written as they are (mis-encoded defects). */
export type Cell = string | Uint8Array;

const CRLF = "\r\n";

/**
 * Writes one CSV file row by row through a Node stream, waiting for `drain` when the stream's buffer is
 * full (backpressure), and counts physical lines so every row's line number is known.
 */
export class CsvWriter {
  private readonly stream: WriteStream;
  /** Physical lines written so far; the next row starts on `lines + 1`. */
  lines = 0;
  rows = 0;

  constructor(readonly path: string, readonly headers: string[]) {
    this.stream = createWriteStream(path);
  }

  async start(): Promise<void> {
    await this.write(this.headers);
    this.rows = 0;
  }

  /** Writes a row and returns the line it starts on. */
  async write(cells: Cell[]): Promise<number> {
    const line = this.lines + 1;
    const parts: Uint8Array[] = [];
    let text = "";
    cells.forEach((cell, i) => {
      const sep = i === 0 ? "" : ",";
      if (typeof cell === "string") {
        text += sep + csvCell(cell);
        this.lines += countNewlines(cell);
      } else {
        parts.push(Buffer.from(text + sep), cell);
        text = "";
      }
    });
    parts.push(Buffer.from(text + CRLF));
    this.lines += 1;
    this.rows++;
    const chunk = parts.length === 1 ? parts[0] : Buffer.concat(parts);
    if (!this.stream.write(chunk)) await once(this.stream, "drain");
    return line;
  }

  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, "finish");
  }
}

function countNewlines(s: string): number {
  let n = 0;
  for (let i = s.indexOf("\n"); i !== -1; i = s.indexOf("\n", i + 1)) n++;
  return n;
}
