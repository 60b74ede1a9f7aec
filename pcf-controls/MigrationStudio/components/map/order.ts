import type { FileProposal } from "../../../../migration/mapping/types";

/**
 * A file's columns in the order the map screen shows them: the least sure proposals first, so the admin
 * judges the doubtful ones before the rest (issue 18). Ordered by the proposal's confidence, not the
 * draft's, so a row does not jump while the admin edits it; ties keep the file's column order.
 */
export function lowConfidenceFirst<T extends { source: string }>(columns: readonly T[], proposal: FileProposal | undefined): T[] {
  const confidence = new Map(proposal?.columns.map((c) => [c.source, c.confidence]) ?? []);
  return columns
    .map((column, index) => ({ column, index, confidence: confidence.get(column.source) ?? 0 }))
    .sort((a, b) => a.confidence - b.confidence || a.index - b.index)
    .map((entry) => entry.column);
}
