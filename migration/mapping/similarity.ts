/**
 * String similarity, hand-written: Jaro-Winkler and a token Dice coefficient are a few lines each, and the
 * npm packages that provide them pull in far more (or are unmaintained); the engine also has to stay free
 * of dependencies that are not already in the browser bundle.
 */

/** Match flags reused between calls (headers are compared by the hundred thousand; allocation dominated). */
let buffers = [new Uint8Array(64), new Uint8Array(64)];
function flags(which: 0 | 1, length: number): Uint8Array {
  if (buffers[which].length < length) buffers = buffers.map((b, i) => (i === which ? new Uint8Array(length * 2) : b));
  const buffer = buffers[which];
  buffer.fill(0, 0, length);
  return buffer;
}

/** Jaro-Winkler similarity of two strings in [0, 1] (prefix scale 0.1, prefix up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = flags(0, a.length);
  const bMatched = flags(1, b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(b.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (bMatched[j] || a[i] !== b[j]) continue;
      aMatched[i] = bMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  for (let i = 0, j = 0; i < a.length; i++) {
    if (!aMatched[i]) continue;
    while (!bMatched[j]) j++;
    if (a[i] !== b[j]) transpositions++;
    j++;
  }
  const jaro = (matches / a.length + matches / b.length + (matches - transpositions / 2) / matches) / 3;
  let prefix = 0;
  while (prefix < 4 && prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Two tokens count as the same word when equal, or near-equal (typos) when both are long enough. */
function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  // A truncated word (`Descript`, `Appoint`) is the same word when it keeps most of it.
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  if (short.length >= 4 && long.startsWith(short) && short.length / long.length >= 0.6) return true;
  if (a.length < 5 || b.length < 5 || Math.abs(a.length - b.length) > 2) return false;
  return jaroWinkler(a, b) >= 0.93;
}

/** Words that appear in many headers and say little on their own: they count half. */
const genericWords: ReadonlySet<string> = new Set(["id", "number", "date", "name", "type", "status", "code", "time", "amount", "flag"]);
const noWords: ReadonlySet<string> = new Set();

/**
 * Dice coefficient of two token lists (each token matched at most once, typos tolerated), with generic
 * words (`date`, `id`, `number`...) and the `light` ones weighted half, so sharing only "date" makes two
 * headers a weak match.
 */
export function tokenDice(a: readonly string[], b: readonly string[], light: ReadonlySet<string> = noWords): number {
  if (a.length === 0 || b.length === 0) return 0;
  // Plain loops: this runs for every header × phrase pair, and closures here showed up in profiles.
  let used = 0; // bit k set when b[k] is matched (headers have far fewer than 32 words)
  let common = 0;
  let total = 0;
  for (const token of a) {
    const w = genericWords.has(token) || light.has(token) ? 0.5 : 1;
    total += w;
    for (let k = 0; k < b.length && k < 32; k++) {
      if (used & (1 << k) || !sameWord(token, b[k])) continue;
      used |= 1 << k;
      common += w;
      break;
    }
  }
  for (const token of b) total += genericWords.has(token) || light.has(token) ? 0.5 : 1;
  return (2 * common) / total;
}
