import { openAsBlob } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type { SourceFile } from "../../migration/source/types";

/**
 * Wraps a file on disk as a `SourceFile`. Node's `fs.openAsBlob` gives a Blob whose slices read lazily
 * from disk, the same shape as a browser File, so nothing is loaded before the reader asks for it.
 */
export async function nodeFile(path: string, name: string): Promise<SourceFile> {
  const blob = await openAsBlob(path);
  return { name, size: blob.size, slice: (start, end) => blob.slice(start, end) };
}

/** Every file under `dir` (recursively), named by its path relative to `dir` with `/` separators. */
export async function nodeFiles(dir: string): Promise<SourceFile[]> {
  const info = await stat(dir);
  if (!info.isDirectory()) throw new Error(`${dir} is not a folder. Give the folder that holds the Dental-Exec CSV exports.`);
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const paths = entries.filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name)).sort();
  return Promise.all(paths.map((p) => nodeFile(p, relative(dir, p).split(sep).join("/"))));
}
