import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { MAX_RECORD_CHARS } from "../../../migration/source/csv-records";

/**
 * A 200 MB export: read end to end through the streaming path in a process whose heap is capped well
 * below the file's size, and an unterminated quote near its end: the record must not swallow the rest of
 * the file unseen, every line from the quote's to the last is named and refused.
 */
const MB = 1024 * 1024;
const ROW = (i: number): string => `${100000 + i},${10000 + (i % 50000)},1004,03/14/2023,D2392,"Resin-based composite - two surfaces, posterior",${(i % 32) + 1},MO,$235.00,03/14/2023\r\n`;
/** After the stray quote no value is quoted, so nothing can close it: the quote is truly unterminated. */
const PLAIN_ROW = (i: number): string => `${100000 + i},${10000 + (i % 50000)},1004,03/14/2023,D1110,Prophylaxis - adult,,,$115.00,03/14/2023\r\n`;
const HEADER = "Procedure ID,Patient ID,Provider ID,Date Performed,CDT Code,Description,Tooth,Surface,Fee,Created Date\r\n";

let dir: string;
let path: string;
let rowsBeforeQuote = 0;
let quoteLine = 0;
let rowsWritten = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dxm-big-"));
  path = join(dir, "procedures.csv");
  const fd = openSync(path, "w");
  let written = writeSync(fd, HEADER);
  let i = 0;
  let block = "";
  const target = 200 * MB;
  const quoteAt = target - MAX_RECORD_CHARS - 4 * MB;
  while (written < target) {
    if (quoteLine === 0 && written + block.length >= quoteAt) {
      written += writeSync(fd, block);
      block = "";
      rowsBeforeQuote = i;
      quoteLine = i + 2;
      block += `${100000 + i},10001,1004,03/14/2023,D2392,"Resin-based composite, the closing quote never comes,1,MO,$235.00,03/14/2023\r\n`;
      i++;
    }
    block += quoteLine === 0 ? ROW(i++) : PLAIN_ROW(i++);
    if (block.length > MB) {
      written += writeSync(fd, block);
      block = "";
    }
  }
  writeSync(fd, block);
  closeSync(fd);
  rowsWritten = i;
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The file is read in a child process whose heap is capped far below the file's size. */
const HEAP_MB = 160;

it("reads a 200 MB file within a heap far smaller than the file, and refuses the lines of an unterminated quote, naming each", () => {
  const script = join(__dirname, "../../fixtures/source/read-file-summary.ts");
  const result = spawnSync(process.execPath, [`--max-old-space-size=${HEAP_MB}`, "--require", "tsx/cjs", script, path, "procedures.csv"], {
    encoding: "utf8",
    maxBuffer: 64 * MB,
  });
  expect(result.stderr).not.toMatch(/heap out of memory/i);
  expect(result.status).toBe(0);
  const info = JSON.parse(result.stdout) as {
    size: number; rows: number; refusedRows?: number; problems: { code: string; line: number; severity: string; lines?: number[] }[];
    profiles: { name: string; distinctEstimated?: boolean; unique: boolean; types: { type: string }[] }[];
    streamed: { count: number; last: number };
  };
  expect(info.size).toBeGreaterThanOrEqual(200 * MB);
  // Every data row is counted (the header is line 1, so the last line is rowsWritten + 1); those from the quote on are refused.
  expect({ rows: info.rows, refusedRows: info.refusedRows }).toEqual({ rows: rowsWritten, refusedRows: rowsWritten - rowsBeforeQuote });
  expect(info.problems).toEqual([expect.objectContaining({ code: "unterminated-quote", line: quoteLine, severity: "error" })]);
  const lines = info.problems[0].lines ?? [];
  expect({ count: lines.length, first: lines[0], last: lines.at(-1) }).toEqual({ count: rowsWritten - rowsBeforeQuote, first: quoteLine, last: rowsWritten + 1 });
  expect(info.profiles.find((p) => p.name === "Procedure ID")).toMatchObject({ distinctEstimated: true, unique: true });
  expect(info.profiles.find((p) => p.name === "Fee")?.types[0]?.type).toBe("money");
  // The rows before the quote, then the refused record (marked refused: planning names it as errored).
  expect(info.streamed).toEqual({ count: rowsBeforeQuote + 1, last: quoteLine });
}, 300_000);
