import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { once } from "node:events";
import { FixedRowsError, mergeFixedRows, parseFixedRows, type FixedRowsMerge } from "../../migration/run/fixed-rows";
import { readExports } from "../../migration/source";
import type { SourceFile } from "../../migration/source/types";
import { nodeFile, nodeFiles } from "./node-files";

/**
 * The export folder's files with the fixed failed-rows files of `fixedDir` merged in (each fixed row in place
 * of its export line; see migration/run/fixed-rows.ts). The merged files are written to a temporary folder
 * removed when the process ends; the export folder itself is never changed. Throws FixedRowsError, in words
 * an admin can act on, for a fixed file that matches no export file or lost a column.
 */
export async function exportFilesWithFixedRows(dir: string, fixedDir: string): Promise<{ files: SourceFile[]; merges: FixedRowsMerge[] }> {
  const files = await nodeFiles(dir);
  const listed = await readdir(fixedDir).catch(() => null);
  if (!listed) throw new FixedRowsError(`${fixedDir} is not a folder: give the folder of fixed failed-rows files.`);
  const fixedNames = listed.filter((n) => n.toLowerCase().endsWith(".csv")).sort();
  if (fixedNames.length === 0) throw new FixedRowsError(`${fixedDir} holds no .csv file of fixed rows.`);
  // Only the files being fixed are read here (their headers and rows); the run reads the whole set once.
  const original = await readExports(files.filter((f) => fixedNames.includes(f.name)));
  const out = mkdtempSync(join(tmpdir(), "dxm-fixed-"));
  process.once("exit", () => rmSync(out, { recursive: true, force: true }));
  const merges: FixedRowsMerge[] = [];
  const replaced = new Map<string, SourceFile>();
  for (const name of fixedNames) {
    const info = original.inventory.files.find((f) => f.name === name);
    if (!info) throw new FixedRowsError(`${name} (fixed rows) has no export file of that name in ${dir}: keep each failed-rows file's name.`);
    const fixed = parseFixedRows(name, info.headers, await readFile(join(fixedDir, name), "utf8"));
    const { pieces, merge } = mergeFixedRows(original, fixed);
    const path = join(out, name);
    const stream = createWriteStream(path, { encoding: "utf8" });
    for await (const piece of pieces) if (!stream.write(piece)) await once(stream, "drain");
    stream.end();
    await once(stream, "finish");
    merges.push(merge);
    replaced.set(name, await nodeFile(path, name));
  }
  return { files: files.map((f) => replaced.get(f.name) ?? f), merges };
}

/** One line per merged file: counts and export lines only. */
export function describeMerges(merges: FixedRowsMerge[]): string {
  const lines = merges.map((m) => {
    const notes = [
      m.unknownLines.length > 0 ? `${m.unknownLines.length} named a line the export does not have (${m.unknownLines.slice(0, 10).join(", ")}), added at the end` : "",
      m.refusedLeftOut.length > 0 ? `lines the reader refused and no fixed row replaced, left out as before: ${m.refusedLeftOut.slice(0, 10).join(", ")}${m.refusedLeftOut.length > 10 ? " …" : ""}` : "",
    ].filter(Boolean);
    return `fixed rows: ${m.file}: ${m.replaced} in place of their export lines, ${m.added} added${notes.length > 0 ? `; ${notes.join("; ")}` : ""}`;
  });
  return `${lines.join("\n")}\n`;
}
