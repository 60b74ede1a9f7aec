import { objectSpecs } from "../model";
import type { ObjectKind } from "../model/types";

const stem = (name: string): string => (name.split("/").pop() ?? name).toLowerCase().replace(/\.[a-z0-9]+$/, "");
const words = (s: string): string[] => s.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
const singular = (w: string): string => w.replace(/ies$/, "y").replace(/s$/, "");

/**
 * The object a file most likely holds: its name against the reference file names (exact, or sharing a
 * word such as "patient" in `patient_export.csv`) and its headers against each object's reference headers.
 * The mapping stage refines this; the admin confirms it.
 */
export function guessObject(fileName: string, headers: string[]): { object: ObjectKind | null; score: number } {
  const base = stem(fileName);
  const baseWords = new Set(words(base).map(singular));
  const headerSet = new Set(headers.map((h) => h.trim().toLowerCase()));
  let best: { object: ObjectKind | null; score: number } = { object: null, score: 0 };
  for (const spec of objectSpecs) {
    const stems = spec.files.map(stem);
    const nameScore = stems.includes(base) ? 1 : stems.some((s) => words(s).map(singular).some((w) => baseWords.has(w))) ? 0.6 : 0;
    const known = spec.fields.filter((f) => headerSet.has(f.header.toLowerCase())).length;
    const headerScore = known / spec.fields.length;
    const score = 0.4 * nameScore + 0.6 * headerScore;
    if (score > best.score) best = { object: spec.kind, score };
  }
  return best.score >= 0.2 ? best : { object: null, score: best.score };
}
