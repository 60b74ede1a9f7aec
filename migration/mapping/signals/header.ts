import type { IndexedField } from "../fields";
import { jaroWinkler, tokenDice } from "../similarity";

export interface HeaderMatch {
  score: number;
  /** The phrase the header reads as. */
  phrase: string;
}

/** A header prepared once: its words, and its words without those that only name the file's own object. */
export interface PreparedHeader {
  header: string;
  tokens: string[];
}

/**
 * How well a header names a field: the best token Dice over the field's phrases, reading the header both
 * with and without the words that only name the object itself (`Patient First Name` in a patient file),
 * and Jaro-Winkler over the joined words for spellings the tokens miss (`Frist Name`).
 */
export function headerMatch(header: PreparedHeader, field: IndexedField, contextWords: ReadonlySet<string>): HeaderMatch {
  const stripped = header.tokens.filter((t) => !contextWords.has(t));
  const compact = header.tokens.join("");
  let best: HeaderMatch = { score: 0, phrase: field.spec.header };
  for (const phrase of field.phrases) {
    let score = tokenDice(header.tokens, phrase.tokens);
    if (stripped.length > 0 && stripped.length < header.tokens.length) score = Math.max(score, 0.97 * tokenDice(stripped, phrase.tokens));
    const joined = phrase.compact;
    // Jaro-Winkler ≥ 0.92 needs lengths within about a fifth of each other; skip pairs that cannot reach it.
    if (score < 0.9 && compact.length >= 5 && Math.abs(compact.length - joined.length) <= Math.ceil(0.2 * Math.max(compact.length, joined.length))) {
      const jw = jaroWinkler(compact, joined);
      if (jw >= 0.92) score = Math.max(score, jw - 0.07);
    }
    if (score > best.score) best = { score, phrase: phrase.text };
  }
  return best;
}
