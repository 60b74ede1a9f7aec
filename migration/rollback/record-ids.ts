/**
 * A set of record ids, each with its place (the order it was added in) and a flag, kept in typed
 * arrays: 16 bytes for a GUID (every Dataverse primary key is one), about 30 with its flag and hash slots.
 *
 * Why by hand: at 100,000 patients a rollback holds about two million ids. As strings in a `Map`, with the
 * arrays listing them, they took about 150 bytes each, and V8 lets the heap grow to a few times what is live
 * before it collects: 945 MB of peak heap for a rollback a browser tab runs too. No npm package packs GUIDs
 * this way; this is an open-addressing hash over the packed ids.
 *
 * Ids that are not GUIDs (Dataverse has none, a test double may) are kept as strings beside them. Ids come
 * back lower-case, which is how Dataverse writes them (its GUIDs compare without regard to case).
 */
export class RecordIds {
  private words = new Uint32Array(4 * 1024);
  private flags = new Uint8Array(1024);
  /** Open addressing: place + 1 of the id hashed there, 0 where free. */
  private slots = new Int32Array(2048);
  private others?: { byId: Map<string, number>; byPlace: Map<number, string> };
  private count = 0;
  private readonly parsed = new Uint32Array(4);

  get size(): number {
    return this.count;
  }

  /** Adds `id` (its flag unset) unless it is there; its place either way. */
  add(id: string): number {
    const guid = parseGuid(id, this.parsed);
    const slot = guid ? this.slotOf(this.parsed, 0) : -1;
    const found = guid ? this.slots[slot] - 1 : (this.others?.byId.get(id) ?? -1);
    if (found >= 0) return found;
    if (this.count === this.flags.length) this.grow();
    const place = this.count++;
    if (guid) {
      this.words.set(this.parsed, 4 * place);
      this.slots[slot] = place + 1;
    } else {
      this.others ??= { byId: new Map(), byPlace: new Map() };
      this.others.byId.set(id, place);
      this.others.byPlace.set(place, id);
    }
    if (2 * this.count > this.slots.length) this.rehash();
    return place;
  }

  has(id: string): boolean {
    return this.placeOf(id) >= 0;
  }

  /** The place of `id`, or -1. */
  placeOf(id: string): number {
    if (!parseGuid(id, this.parsed)) return this.others?.byId.get(id) ?? -1;
    return this.slots[this.slotOf(this.parsed, 0)] - 1;
  }

  /** The id at `place`. */
  id(place: number): string {
    const other = this.others?.byPlace.get(place);
    if (other !== undefined) return other;
    return formatGuid(this.words, 4 * place);
  }

  flagged(place: number): boolean {
    return this.flags[place] === 1;
  }

  flag(place: number): void {
    this.flags[place] = 1;
  }

  /** The slot holding the GUID at `words[at]`, or the free slot where it would go. */
  private slotOf(words: Uint32Array, at: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash(words, at) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) return slot;
      const held = 4 * (entry - 1);
      if (this.words[held] === words[at] && this.words[held + 1] === words[at + 1] && this.words[held + 2] === words[at + 2] && this.words[held + 3] === words[at + 3]) return slot;
    }
  }

  /** Half again as much room (doubling would leave up to half of two million ids' room unused). */
  private grow(): void {
    const capacity = Math.ceil(this.flags.length * 1.5);
    this.words = resized(this.words, 4 * capacity);
    this.flags = resized(this.flags, capacity);
  }

  private rehash(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    for (let place = 0; place < this.count; place++) {
      if (this.others?.byPlace.has(place)) continue;
      this.slots[this.slotOf(this.words, 4 * place)] = place + 1;
    }
  }
}

function resized<T extends Uint32Array | Uint8Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (n: number) => T)(length);
  copy.set(array);
  return copy;
}

/** Mixes all four words: Dataverse's GUIDs are sequential in parts, so no one word is spread enough. */
function hash(words: Uint32Array, at: number): number {
  let h = 0x811c9dc5;
  for (let i = at; i < at + 4; i++) h = Math.imul(h ^ words[i], 0x01000193) ^ (h >>> 15);
  return h >>> 0;
}

const HEX_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];
const HEX = "0123456789abcdef";
const DASH = 45;
/** Character codes of the GUID being written (one buffer: `id` is called two million times in a rollback). */
const guidCodes: number[] = Array.from({ length: 36 }, (_, i) => (i === 8 || i === 13 || i === 18 || i === 23 ? DASH : 48));

/** The GUID whose four words start at `words[at]`, in lower case. */
function formatGuid(words: Uint32Array, at: number): string {
  for (let byte = 0; byte < 16; byte++) {
    const value = (words[at + (byte >> 2)] >>> (24 - 8 * (byte & 3))) & 0xff;
    guidCodes[HEX_AT[byte]] = HEX.charCodeAt(value >> 4);
    guidCodes[HEX_AT[byte] + 1] = HEX.charCodeAt(value & 15);
  }
  return String.fromCharCode.apply(null, guidCodes);
}

/** Hex digit values by character code (-1: not a hex digit). */
const HEX_VALUE = Int8Array.from({ length: 128 }, (_, code) => HEX.indexOf(String.fromCharCode(code).toLowerCase()));

/** The 16 bytes of a GUID written `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, into `out` as four words; false for anything else. */
function parseGuid(id: string, out: Uint32Array): boolean {
  if (id.length !== 36 || id.charCodeAt(8) !== DASH || id.charCodeAt(13) !== DASH || id.charCodeAt(18) !== DASH || id.charCodeAt(23) !== DASH) return false;
  for (let word = 0; word < 4; word++) {
    let value = 0;
    for (let byte = 4 * word; byte < 4 * word + 4; byte++) {
      const hi = hexValue(id.charCodeAt(HEX_AT[byte]));
      const lo = hexValue(id.charCodeAt(HEX_AT[byte] + 1));
      if (hi < 0 || lo < 0) return false;
      value = (value << 8) | (hi << 4) | lo;
    }
    out[word] = value;
  }
  return true;
}

function hexValue(code: number): number {
  return code < 128 ? HEX_VALUE[code] : -1;
}

/** Ids in order, made into strings a slice at a time (a plain array is one). */
export interface IdSequence {
  readonly length: number;
  slice(start: number, end: number): string[];
}

/** The ids of `ids`, then those of `more`, without those of `leaveOut`. */
export function idSequence(ids: RecordIds | undefined, more: string[], leaveOut: Set<string>): IdSequence {
  const own = ids ?? new RecordIds();
  const extra = leaveOut.size > 0 ? more.filter((id) => !leaveOut.has(id)) : more;
  // Places of the ids kept in, listed only when some are left out (a rollback seldom leaves any).
  let places: Uint32Array | undefined;
  if (leaveOut.size > 0) {
    const out = new Set([...leaveOut].map((id) => own.placeOf(id)));
    places = new Uint32Array(own.size - [...out].filter((place) => place >= 0).length);
    for (let place = 0, i = 0; place < own.size; place++) if (!out.has(place)) places[i++] = place;
  }
  const ownLength = places?.length ?? own.size;
  return {
    length: ownLength + extra.length,
    slice(start, end) {
      const slice: string[] = [];
      for (let i = Math.max(0, start); i < Math.min(end, ownLength); i++) slice.push(own.id(places ? places[i] : i));
      return slice.concat(extra.slice(Math.max(0, start - ownLength), Math.max(0, end - ownLength)));
    },
  };
}
