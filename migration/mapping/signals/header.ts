import type { IndexedField } from "../fields";
import { tokenDice } from "../similarity";

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
 * with and without the words that only name the object itself (`Patient First Name` in a patient file);
 * those words count half, so sharing only "procedure" with a phrase is a weak match in a procedures file.
 * Misspelt words (`Frist Name`) still meet through the Jaro-Winkler test inside tokenDice; comparing whole
 * joined headers that way was tried and dropped: `appointmentid` and `appointmenttime` scored 0.95.
 */
export function headerMatch(header: PreparedHeader, field: IndexedField, contextWords: ReadonlySet<string>): HeaderMatch {
  // A header that names another fact (`Date Opened` of a location) is no reading of the field at all.
  if (field.otherFacts.size > 0 && header.tokens.some((t) => field.otherFacts.has(t))) return { score: 0, phrase: field.spec.header };
  const stripped = header.tokens.filter((t) => !contextWords.has(t));
  let best: HeaderMatch = { score: 0, phrase: field.spec.header };
  for (const phrase of field.phrases) {
    let score = tokenDice(header.tokens, phrase.tokens, contextWords);
    // Read without the object's own words only when that makes a (near) full match: `Appointment Status`
    // is the status, while `Appointment ID` must not half-match `Provider ID` through the bare "id".
    if (stripped.length > 0 && stripped.length < header.tokens.length) {
      const bare = tokenDice(stripped, phrase.tokens, contextWords);
      if (bare >= 0.8) score = Math.max(score, 0.97 * bare);
    }
    if (score > best.score) best = { score, phrase: phrase.text };
  }
  return best;
}
