import type { Inventory } from "../source/types";

/**
 * The inventory as stored on the run row: files, sizes, row counts, objects and problem counts. Profiles
 * are left out on purpose: their examples and top values are patient data.
 */
export function inventorySummary(inventory: Inventory) {
  return {
    files: inventory.files.map((f) => ({
      name: f.name, size: f.size, rows: f.rows, object: f.object, encoding: f.encoding, readable: f.readable,
      problems: f.problems.map((p) => ({ code: p.code, severity: p.severity, line: p.line, column: p.column })),
    })),
    attachments: { count: inventory.attachments.length, bytes: inventory.attachments.reduce((n, a) => n + a.size, 0) },
    problems: inventory.problems.map((p) => ({ file: p.file, code: p.code, severity: p.severity, line: p.line })),
  };
}
