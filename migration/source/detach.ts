/**
 * A copy of a string that does not share memory with the text it was cut from. V8 keeps substrings of 13+
 * characters as views into their parent, and every cell of an export row is cut from a 64 KB piece of the
 * file: a value kept beyond its row (a profile's examples, an index's names) would otherwise hold its whole
 * piece alive, 64 KB for a few characters.
 */
export const detach = (value: string): string => (value.length < 13 ? value : ` ${value}`.slice(1));
