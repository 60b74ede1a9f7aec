import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { Rng } from "./prng";

const MAGIC: Record<string, number[]> = {
  pdf: [...Buffer.from("%PDF-1.4\n")],
  jpg: [0xff, 0xd8, 0xff, 0xe0],
  png: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
};
const BLOCK = 64 * 1024;

/**
 * Writes an attachment of exactly `size` bytes: the format's magic number, then seeded noise (a 64 KB
 * block repeated, so an 8 MB scan costs no more PRNG calls than a small one). One file in memory at a time.
 */
export async function writeAttachment(dir: string, seed: number, name: string, size: number): Promise<void> {
  const rng = new Rng(seed, "attachment", name);
  const block = new Uint8Array(Math.min(BLOCK, size));
  for (let i = 0; i < block.length; i++) block[i] = rng.int(0, 255);
  const bytes = new Uint8Array(size);
  for (let offset = 0; offset < size; offset += block.length) bytes.set(block.subarray(0, Math.min(block.length, size - offset)), offset);
  bytes.set((MAGIC[name.split(".").pop() ?? ""] ?? []).slice(0, size));
  await writeFile(join(dir, name), bytes);
}
