import { readExports } from "../../../migration/source";
import { CHUNK_BYTES, completeLength } from "../../../migration/source/decode";
import type { SourceRow } from "../../../migration/source/types";
import { memFile, utf16le } from "./mem-file";

// Generous limits for a shared, busy machine: these read or write megabytes (no timing is asserted).
jest.setTimeout(120_000);

describe("completeLength", () => {
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
  it.each([
    ["ASCII", utf8("abc"), 3],
    ["a whole 2-byte character", utf8("aé"), 3],
    ["a cut 2-byte character", utf8("aé").subarray(0, 2), 1],
    ["a cut 3-byte character", utf8("a€").subarray(0, 3), 1],
    ["a cut 4-byte character", utf8("a😀").subarray(0, 4), 1],
    ["a whole 4-byte character", utf8("a😀"), 5],
  ])("UTF-8: %s", (_label, bytes, expected) => expect(completeLength(bytes, "utf-8")).toBe(expected));

  it("UTF-16 LE keeps odd bytes and a lone high surrogate for the next slice", () => {
    expect(completeLength(new Uint8Array([0x61, 0, 0x62]), "utf-16le")).toBe(2);
    expect(completeLength(new Uint8Array([0x61, 0, 0x3d, 0xd8]), "utf-16le")).toBe(2);
    expect(completeLength(new Uint8Array([0x3d, 0xd8, 0x00, 0xde]), "utf-16le")).toBe(4);
  });
});

it("reads a UTF-16 LE file larger than a slice, with characters outside the BMP cut by slice ends", async () => {
  const row = (i: number): string => `${i},Zoë 😀 Müller,${"€".repeat(i % 5)}\r\n`;
  const count = Math.ceil((3 * CHUNK_BYTES) / 40);
  const text = `Patient ID,First Name,Last Name\r\n${Array.from({ length: count }, (_, i) => row(i)).join("")}`;
  const set = await readExports([memFile("patients.csv", utf16le(text))]);
  expect(set.inventory.files[0]).toMatchObject({ encoding: "utf-16le", rows: count, problems: [] });
  const rows: SourceRow[] = [];
  for await (const r of set.rows("patients.csv")) rows.push(r);
  expect(rows.every((r, i) => r.values["First Name"] === "Zoë 😀 Müller" && r.values["Last Name"] === "€".repeat(i % 5) && r.line === i + 2)).toBe(true);
});
