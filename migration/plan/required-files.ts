import type { ConfirmedMap } from "../mapping/types";
import type { Inventory } from "../source/types";

/** A file the run cannot start without, and why it cannot be used. */
export interface UnusableFile {
  file: string;
  reason: string;
}

/**
 * The patients are what every other object hangs on: a run needs a file of patients with rows. When the map
 * has none, the files that should have been it (the reader's guess, or a name that says patients) are named
 * with what the reader found wrong, so the admin hears "patients.csv is empty", not that everything else is
 * an orphan. Empty when the run can start.
 */
export function missingRequiredFiles(inventory: Inventory, map: ConfirmedMap): UnusableFile[] {
  const patientFiles = new Set(map.files.filter((f) => f.object === "patient").map((f) => f.file));
  const usable = inventory.files.some((f) => patientFiles.has(f.name) && f.readable && f.rows > 0);
  if (usable) return [];
  const candidates = inventory.files.filter((f) => patientFiles.has(f.name) || f.object === "patient" || /patient/i.test(f.name));
  if (candidates.length === 0) return [{ file: "(none)", reason: "No file of patients is in the export set or the map. Add Dental-Exec's patient export." }];
  return candidates.map((f) => ({
    file: f.name,
    reason: f.problems.find((p) => p.severity === "error")?.message
      ?? f.problems.find((p) => p.code === "header-only")?.message
      ?? (f.rows === 0 ? "The file has no rows." : "The confirmed map does not use it as the patients file."),
  }));
}
