import { createWriteStream, type WriteStream } from "node:fs";
import { once } from "node:events";
import type { FieldSpec, ObjectSpec } from "../../migration/model/types";
import type { Cell } from "./csv-writer";
import { Rng } from "./prng";

/** The defects `--dirty` injects, as they turn up in real exports. */
export type DefectKind =
  | "impossible-date"
  | "invalid-email"
  | "duplicate-id"
  | "orphan-row"
  | "over-long-text"
  | "mis-encoded"
  | "mojibake"
  | "formula"
  | "unmapped-option";

export const DEFECT_KINDS: DefectKind[] = ["impossible-date", "invalid-email", "duplicate-id", "orphan-row", "over-long-text", "mis-encoded", "mojibake", "formula", "unmapped-option"];

/** One injected defect: where it is and which record it belongs to (never the value itself). */
export interface Defect {
  file: string;
  /** 1-based physical line of the row. */
  line: number;
  /** Header of the damaged column. */
  column: string;
  kind: DefectKind;
  sourceKey: string;
}

/** Dates impossible whichever way day and month are read ("13/05/2020" would be a day-first date, not a defect). */
const IMPOSSIBLE_DATES = ["02/30/2019", "02/29/2023", "13/25/2020", "04/31/2021", "00/12/2018", "06/00/2022", "11/31/2017"];
const INVALID_EMAILS = ["jsmith@gmail", "mary.jones@@yahoo.com", "bob smith@aol.com", "no email", "kathy@hotmail..com", "tom.lee@", "@comcast.net"];
const ACCENTED = ["José", "Renée", "Zoë", "Müller", "Nuñez", "Chloé", "Bjørn", "Peña"];
/** Coverage order and relationship values no value map covers (a coverage row typed by hand). */
export const UNMAPPED_OPTIONS = ["Quaternary", "??", "COB-9", "Pending"];
export const OVER_LONG_CHARS = 5000;
/** Ids of orphan rows point at patients in this range, which no export contains. */
export const ORPHAN_PATIENT_BASE = 990_000_000;

/** What to write for a row: the cells, and an optional extra row (an orphan) written after it. */
export interface Injected {
  cells: Cell[];
  defect?: Omit<Defect, "line" | "file">;
  orphan?: { cells: Cell[]; defect: Omit<Defect, "line" | "file"> };
}

/**
 * Decides, row by row with its own PRNG (so a dirty set differs from the clean one only where defects
 * are), whether to damage the row and how. Writes the manifest as a stream: a dirty million-patient set
 * has more defects than should sit in memory.
 */
export class DefectInjector {
  private readonly rng: Rng;
  private readonly manifest: WriteStream;
  private count = 0;
  private readonly previousKey = new Map<string, string>();
  private orphans = 0;
  readonly counts = new Map<DefectKind, number>();
  /** Kinds chosen but not yet recorded (the row is being written). */
  private readonly pending = new Set<DefectKind>();

  constructor(seed: number, readonly rate: number, manifestPath: string) {
    this.rng = new Rng(seed, "defects");
    this.manifest = createWriteStream(manifestPath);
    this.manifest.write("[\n");
  }

  inject(spec: ObjectSpec, file: string, fields: FieldSpec[], cells: string[]): Injected {
    const keyIndex = fields.findIndex((f) => f.id === spec.keyField);
    const key = cells[keyIndex];
    const previous = this.previousKey.get(file);
    // The key as written: a duplicate copies the key of the row before it as that row was written.
    this.previousKey.set(file, key);
    if (!this.rng.chance(this.rate)) return { cells };
    const nonEmpty = (type: FieldSpec["type"]): number[] => fields.flatMap((f, i) => (f.type === type && cells[i] !== "" && i !== keyIndex ? [i] : []));
    const dates = nonEmpty("date");
    const emails = nonEmpty("email");
    const texts = nonEmpty("text");
    // Coverage rows: their order or relationship typed as something no choice is.
    const choices = spec.kind === "insurance" ? nonEmpty("status") : [];
    const patientIndex = fields.findIndex((f) => f.id === "patientId");
    const options: DefectKind[] = [];
    if (dates.length) options.push("impossible-date");
    if (emails.length) options.push("invalid-email");
    if (previous !== undefined && previous !== key) options.push("duplicate-id");
    if (patientIndex >= 0 && spec.kind !== "patient") options.push("orphan-row");
    if (texts.length) options.push("over-long-text", "mis-encoded", "mojibake", "formula");
    if (choices.length) options.push("unmapped-option");
    if (options.length === 0) return { cells };
    // Kinds not injected yet go first, so even a small dirty set holds every kind its files allow.
    const unused = options.filter((k) => !this.counts.has(k) && !this.pending.has(k));
    // Emails are only in patients.csv, the rarest place to land: an unused invalid-email goes first there.
    const kind = unused.includes("invalid-email") ? "invalid-email" : this.rng.pick(unused.length ? unused : options);
    this.pending.add(kind);
    const out: Cell[] = [...cells];
    const at = (column: number, value: Cell): Injected => {
      out[column] = value;
      const sourceKey = `${spec.keyPrefix}:${column === keyIndex ? String(value) : key}`;
      return { cells: out, defect: { column: fields[column].header, kind, sourceKey } };
    };
    switch (kind) {
      case "impossible-date": return at(this.rng.pick(dates), this.rng.pick(IMPOSSIBLE_DATES));
      case "invalid-email": return at(this.rng.pick(emails), this.rng.pick(INVALID_EMAILS));
      case "duplicate-id":
        this.previousKey.set(file, previous as string);
        return at(keyIndex, previous as string);
      case "over-long-text": return at(this.rng.pick(texts), overLong(this.rng));
      case "unmapped-option": return at(this.rng.pick(choices), this.rng.pick(UNMAPPED_OPTIONS));
      case "formula": return at(this.rng.pick(texts), `=HYPERLINK("http://example.invalid/chart?id=${key}","Open chart")`);
      case "mis-encoded": return at(this.rng.pick(texts), Buffer.from(this.rng.pick(ACCENTED), "latin1"));
      case "mojibake": return at(this.rng.pick(texts), Buffer.from(this.rng.pick(ACCENTED), "utf8").toString("latin1"));
      case "orphan-row": {
        const orphanKey = `${900_000_000 + ++this.orphans}`;
        const orphan: Cell[] = [...cells];
        orphan[keyIndex] = orphanKey;
        orphan[patientIndex] = String(ORPHAN_PATIENT_BASE + this.orphans);
        return { cells, orphan: { cells: orphan, defect: { column: fields[patientIndex].header, kind, sourceKey: `${spec.keyPrefix}:${orphanKey}` } } };
      }
    }
  }

  async record(defect: Defect): Promise<void> {
    this.counts.set(defect.kind, (this.counts.get(defect.kind) ?? 0) + 1);
    this.pending.delete(defect.kind);
    const text = `${this.count++ === 0 ? "" : ",\n"}  ${JSON.stringify(defect)}`;
    if (!this.manifest.write(text)) await once(this.manifest, "drain");
  }

  async close(): Promise<void> {
    this.manifest.end("\n]\n");
    await once(this.manifest, "finish");
  }
}

function overLong(rng: Rng): string {
  const phrase = rng.pick(["Patient requested copy of records sent to new address. ", "See previous chart entry for details. ", "Pt called re: balance, will call back. "]);
  return phrase.repeat(Math.ceil(OVER_LONG_CHARS / phrase.length)).slice(0, OVER_LONG_CHARS).trim();
}
