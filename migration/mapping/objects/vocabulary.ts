import type { ObjectKind } from "../../model/types";

/**
 * How exports name one Dental-Exec object: words in its file names, words that only say "this object"
 * inside its own headers (`Patient` in `Patient First Name` of a patient file), and, per field id, the
 * phrases headers use for it besides the reference header. Phrases are written in expanded words (see
 * abbreviations.ts), so `DOB`, `Pt DOB` and `birthdate` all meet the phrase "birth date".
 */
export interface ObjectVocabulary {
  kind: ObjectKind;
  fileWords: string[];
  contextWords: string[];
  synonyms: Record<string, string[]>;
  /**
   * Per field id, words that make a header name another fact than the field, whatever else it shares with
   * it: a location's opening or founding date is a fact about the practice, not when its record was created.
   * Written in expanded words, as the synonyms are.
   */
  otherFacts?: Record<string, string[]>;
}
