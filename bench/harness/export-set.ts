import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { generateExports, type DynamicsUser } from "../../scripts/generate";

/** A generated Dental-Exec export set on disk, reused when the same size and seed were generated before. */
export interface ExportSetOnDisk {
  dir: string;
  patients: number;
  seed: number;
  /** Rows per CSV file. */
  files: { name: string; rows: number }[];
  users: DynamicsUser[];
}

const MANIFEST = "bench-manifest.json";

/**
 * Generates `patients` patients with all their child rows into `<root>/p<patients>-s<seed>` (attachments
 * named but not written: their bytes would measure the disk, not the engine). A folder holding a
 * complete earlier generation is reused; the generator is deterministic, so the bytes are the same.
 */
export async function exportSet(root: string, patients: number, seed: number, options: { dirty?: number } = {}): Promise<ExportSetOnDisk> {
  const dir = join(root, `p${patients}-s${seed}${options.dirty ? `-d${options.dirty}` : ""}`);
  const manifest = join(dir, MANIFEST);
  if (!existsSync(manifest)) {
    await rm(dir, { recursive: true, force: true });
    const summary = await generateExports({ out: dir, patients, seed, dirty: options.dirty, attachments: false });
    await writeFile(manifest, JSON.stringify({ files: summary.files.map((f) => ({ name: f.name, rows: f.rows })) }));
  }
  const { files } = JSON.parse(await readFile(manifest, "utf8")) as { files: { name: string; rows: number }[] };
  const users = JSON.parse(await readFile(join(dir, "dynamics-users.json"), "utf8")) as DynamicsUser[];
  return { dir, patients, seed, files, users };
}
