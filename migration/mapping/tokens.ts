import { abbreviations, stopWords } from "./abbreviations";

/** Words a compound token may be split into (`patfname` → `pat` + `fname`). */
const knownWords: ReadonlySet<string> = new Set([
  ...Object.keys(abbreviations),
  ...Object.values(abbreviations).flatMap((words) => words.split(" ")),
  "name", "phone", "date", "line", "home", "work", "last", "first", "id",
]);

/**
 * Splits a header or file name into lower-case raw tokens: camelCase, snake_case, kebab-case, spaces and
 * punctuation all separate words; `#` reads as "number" and `%` as "percent"; digits stay with their word
 * (`address1` → `address 1`).
 */
export function rawTokens(text: string): string[] {
  return text
    .replace(/\.[a-z0-9]{2,4}$/i, "")
    .replace(/#/g, " number ")
    .replace(/%/g, " percent ")
    .replace(/IDs(?=[^a-z]|$)/g, " ids ")
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/([a-zA-Z])(\d)/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

/** A token the dictionary does not know, split into two or three known words when it can be. */
function splitCompound(token: string, depth = 0): string[] | undefined {
  if (knownWords.has(token)) return [token];
  if (depth > 2 || token.length < 4) return undefined;
  for (let i = token.length - 2; i >= 2; i--) {
    const head = token.slice(0, i);
    if (!knownWords.has(head)) continue;
    const rest = splitCompound(token.slice(i), depth + 1);
    if (rest) return [head, ...rest];
  }
  return undefined;
}

/**
 * Single letters joined to what follows when together they make a known word: `FName` splits into
 * `f name` and reads as `fname`; `M.I.` reads as `mi`.
 */
function joinLetters(tokens: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    if (tokens[i].length === 1 && next !== undefined && knownWords.has(tokens[i] + next)) {
      out.push(tokens[i] + next);
      i++;
    } else out.push(tokens[i]);
  }
  return out;
}

/**
 * Header tokens in the vocabulary's words: raw tokens, compounds split, abbreviations expanded, stop
 * words dropped. `PAT_FNAME` → `patient first name`; `PtDOB` → `patient birth date`.
 */
export function headerTokens(text: string): string[] {
  const out: string[] = [];
  const tokens = joinLetters(rawTokens(text));
  tokens.forEach((raw, i) => {
    const letter = phoneLetters[raw];
    if (letter && [tokens[i - 1], tokens[i + 1]].some((t) => t !== undefined && abbreviations[t] === "phone")) {
      out.push(letter);
      return;
    }
    // The letter joined to the phone word: `HPHONE`, `CPhone`, `WkPh` is left to the dictionary.
    if (phoneLetters[raw[0]] && abbreviations[raw.slice(1)] === "phone" && !knownWords.has(raw)) {
      out.push(phoneLetters[raw[0]], "phone");
      return;
    }
    for (const part of splitCompound(raw) ?? [raw]) {
      const expanded = abbreviations[part] ?? part;
      for (const word of expanded.split(" ")) if (!stopWords.has(word)) out.push(word);
    }
  });
  return out;
}

/**
 * Single letters that say which phone a phone column is (`PAT_H_PH`, `C Phone`, `W-TEL`): read only next to a
 * phone word, where they cannot be an initial or a code.
 */
const phoneLetters: Readonly<Record<string, string>> = { h: "home", c: "cell", m: "cell", w: "work", b: "work" };

/** Words exports put before a practice's own fields ("Custom: Preferred Pharmacy", "UDF_PHARMACY"). */
export const customPrefix = /^\s*(custom|udf|user[\s_-]?defined|user[\s_-]?field)(?=[\s:_\-.])\s*[:_\-.]?\s*/i;

/** `dxm_` + snake case of the raw header words (a custom-field prefix dropped), for a proposed custom column. */
export function snakeName(text: string, maxLength = 40): string {
  const snake = rawTokens(text.replace(customPrefix, "")).join("_").slice(0, maxLength).replace(/_+$/, "");
  return snake.length > 0 ? snake : "column";
}

/** Title Case of the raw header words, for a proposed custom column's display name. */
export function displayName(text: string): string {
  const words = text.replace(customPrefix, "").replace(/([a-z])([A-Z])/g, "$1 $2").split(/[\s_\-.]+/).filter((w) => w.length > 0);
  return words.map((w) => w[0].toUpperCase() + w.slice(1).toLowerCase()).join(" ").slice(0, 100) || "Column";
}
