import { readExports } from "../../../migration/source";
import { proposeMapping } from "../../../migration/mapping";
import type { Inventory, ReadProgress, SourceFile } from "../../../migration/source/types";
import type { LearnedChoice, Proposal } from "../../../migration/mapping/types";

/** A browser Blob under the name the export folder gives it (`patients.csv`, `attachments/n-12.pdf`). */
export function asSourceFile(blob: Blob, name: string): SourceFile {
  return { name, size: blob.size, slice: (start, end) => blob.slice(start, end) };
}

/**
 * Reads and profiles the exports and proposes the map, following the choices admins confirmed before in the
 * org (`learned`): the heavy step, run inside the parse worker.
 */
export async function inspectExports(
  files: { blob: Blob; name: string }[],
  onProgress: (progress: ReadProgress) => void,
  learned: readonly LearnedChoice[] = [],
): Promise<{ inventory: Inventory; proposal: Proposal }> {
  const exportSet = await readExports(
    files.map((f) => asSourceFile(f.blob, f.name)),
    { onProgress },
  );
  return { inventory: exportSet.inventory, proposal: proposeMapping(exportSet.inventory, { learned }) };
}
