import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readExports } from "../../../migration/source";
import { MAX_RECORD_CHARS } from "../../../migration/source/csv-records";
import { nodeFile } from "../../../scripts/dxm/node-files";

/**
 * A 200 MB export: read end to end through the streaming path with memory held flat (checked loosely
 * from resident memory during the read), and an unterminated quote near its end that must stop the
 * record from swallowing the rest of the file.
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
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("reads a 200 MB file in bounded memory and stops an unterminated quote at its line", async () => {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const file = await nodeFile(path, "procedures.csv");
  expect(file.size).toBeGreaterThanOrEqual(200 * MB);
  const set = await readExports([file], { onProgress: () => { peak = Math.max(peak, process.memoryUsage().rss); } });
  const info = set.inventory.files[0];
  expect(info.rows).toBe(rowsBeforeQuote);
  expect(info.problems).toEqual([expect.objectContaining({ code: "unterminated-quote", line: quoteLine, severity: "error" })]);
  expect(info.profiles.find((p) => p.name === "Procedure ID")).toMatchObject({ distinctEstimated: true, unique: true });
  expect(info.profiles.find((p) => p.name === "Fee")?.types[0]?.type).toBe("money");
  // Streaming keeps memory to chunks, profiles and the capped record: far below the file's size.
  expect(peak - baseline).toBeLessThan(200 * MB);

  let last = 0;
  let count = 0;
  for await (const row of set.rows("procedures.csv")) {
    count++;
    last = row.line;
  }
  expect(count).toBe(rowsBeforeQuote);
  expect(last).toBe(quoteLine - 1);
}, 300_000);
