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
    const found = this.placeOf(id);
    if (found >= 0) return found;
    if (this.count === this.flags.length) this.grow();
    const place = this.count++;
    if (parseGuid(id, this.parsed)) {
      this.words.set(this.parsed, 4 * place);
      this.slots[this.freeSlot(this.parsed)] = place + 1;
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
    const mask = this.slots.length - 1;
    for (let slot = hash(this.parsed) & mask; ; slot = (slot + 1) & mask) {
      const entry = this.slots[slot];
      if (entry === 0) return -1;
      if (this.sameAt(entry - 1, this.parsed)) return entry - 1;
    }
  }

  /** The id at `place`. */
  id(place: number): string {
    const other = this.others?.byPlace.get(place);
    if (other !== undefined) return other;
    const hex = [0, 1, 2, 3].map((i) => this.words[4 * place + i].toString(16).padStart(8, "0")).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  flagged(place: number): boolean {
    return this.flags[place] === 1;
  }

  flag(place: number): void {
    this.flags[place] = 1;
  }

  /** The ids at `start` up to `end`, as strings (made when asked, a chunk at a time). */
  slice(start: number, end = this.count): string[] {
    const ids: string[] = [];
    for (let place = Math.max(0, start); place < Math.min(end, this.count); place++) ids.push(this.id(place));
    return ids;
  }

  private sameAt(place: number, words: Uint32Array): boolean {
    const at = 4 * place;
    return this.words[at] === words[0] && this.words[at + 1] === words[1] && this.words[at + 2] === words[2] && this.words[at + 3] === words[3];
  }

  private freeSlot(words: Uint32Array): number {
    const mask = this.slots.length - 1;
    let slot = hash(words) & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    return slot;
  }

  /** Half again as much room (doubling would leave up to half of two million ids' room unused). */
  private grow(): void {
    const capacity = Math.ceil(this.flags.length * 1.5);
    this.words = resized(this.words, 4 * capacity);
    this.flags = resized(this.flags, capacity);
  }

  private rehash(): void {
    this.slots = new Int32Array(2 * this.slots.length);
    const words = new Uint32Array(4);
    for (let place = 0; place < this.count; place++) {
      if (this.others?.byPlace.has(place)) continue;
      words.set(this.words.subarray(4 * place, 4 * place + 4));
      this.slots[this.freeSlot(words)] = place + 1;
    }
  }
}

function resized<T extends Uint32Array | Uint8Array>(array: T, length: number): T {
  const copy = new (array.constructor as new (n: number) => T)(length);
  copy.set(array);
  return copy;
}

/** Mixes all four words: Dataverse's GUIDs are sequential in parts, so no one word is spread enough. */
function hash(words: Uint32Array): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < 4; i++) h = Math.imul(h ^ words[i], 0x01000193) ^ (h >>> 15);
  return h >>> 0;
}

const HEX_AT = [0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34];

/** The 16 bytes of a GUID written `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`, into `out` as four words; false for anything else. */
function parseGuid(id: string, out: Uint32Array): boolean {
  if (id.length !== 36 || id[8] !== "-" || id[13] !== "-" || id[18] !== "-" || id[23] !== "-") return false;
  out.fill(0);
  for (let byte = 0; byte < 16; byte++) {
    const hi = hexValue(id.charCodeAt(HEX_AT[byte]));
    const lo = hexValue(id.charCodeAt(HEX_AT[byte] + 1));
    if (hi < 0 || lo < 0) return false;
    out[byte >> 2] = (out[byte >> 2] << 8) | (hi << 4) | lo;
  }
  return true;
}

function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
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
