import type { IndexedObject } from "../fields";
import { tokenDice } from "../similarity";
import { headerTokens } from "../tokens";

/**
 * How well a file name names an object: exact reference file names score 1, otherwise the best token Dice
 * between the name's words (abbreviations expanded: `appts_2024.csv` → appointment) and the object's file
 * words. Numbers and dates in names are ignored.
 */
export function fileNameMatch(fileName: string, object: IndexedObject): { score: number; word: string } {
  const base = fileName.split("/").pop() ?? fileName;
  if (object.spec.files.includes(base.toLowerCase())) return { score: 1, word: object.spec.label };
  const tokens = headerTokens(base).filter((t) => !/^\d+$/.test(t) && t !== "export" && t !== "csv" && t !== "data");
  let best = { score: 0, word: object.spec.label };
  for (const words of object.fileWords) {
    const dice = tokenDice(tokens, words);
    // A file word found among the name's words counts in full ("pt_master_list" holds "patient").
    const contained = words.every((w) => tokens.includes(w)) ? 0.9 : 0;
    const score = Math.max(dice, contained);
    if (score > best.score) best = { score, word: words.join(" ") };
  }
  return best;
}
