/**
 * Referring provider (columns on the patient row) → its own contact with provider role "Referring provider".
 * The same dentist is typed many ways ("Dr. Jane Roe", "ROE, JANE DDS", "Jane Roe DDS", "Dr J. Roe"): names
 * are parsed (titles, credentials and middle initials dropped, "LAST, FIRST" turned round) and deduplicated
 * by normalised name and practice (see ReferrerIndex). Key `referrer:<last>-<first>`, with `:<practice>`
 * when two dentists share a name. Every merge (a contact made of more than one spelling) goes to
 * PlanReport.referringMerges with the patient rows where each spelling first appeared.
 */
import { providerRoleOptions } from "../../solution/model/tables/contact";
import { detach } from "../source/detach";
import type { PlannedRecord, PlanReport } from "../plan/types";
import { compact, plannedRecord, sourceKey } from "./bind";
import type { MappedRow } from "./mapped-row";
import { normalisePhone } from "./values";

export const REFERRING_PROVIDER_ROLE = providerRoleOptions.find((o) => o.label === "Referring provider")!.value;

const titles = new Set(["dr", "doctor", "mr", "mrs", "ms", "miss", "prof"]);
const credentialWords = new Set([
  "dds", "dmd", "md", "rdh", "msd", "ms", "phd", "pc", "pa", "pllc", "llc", "facd", "fagd", "magd", "mph", "do", "bds", "mds", "dmsc",
]);
const suffixes = new Set(["jr", "sr", "ii", "iii", "iv"]);

export interface ReferrerName {
  first: string;
  last: string;
  credentials: string[];
  /** `roe-jane`: the deduplication key. */
  normalised: string;
}

const words = (s: string) => s.split(/\s+/).map((w) => w.replace(/\./g, "")).filter(Boolean);
/** Key-safe form; the lengths keep `referrer:<last>-<first>:<practice>` within dxm_sourcekey's 100 characters. */
const slug = (s: string, max = 30) => s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, max);
const hasMixedCase = (s: string) => /\p{Ll}/u.test(s) && /\p{Lu}/u.test(s);
/** A word typed in mixed case ("McAllister") is kept as written; one in ALL CAPS or all lower case is title-cased. */
const titleCase = (s: string) =>
  s.split(/(\s+)/).map((w) => (hasMixedCase(w) ? w : w.toLowerCase().replace(/(^|['-])(\p{Ll})/gu, (_, p: string, c: string) => p + c.toUpperCase()))).join("");

/** Parses a referring dentist's name as typed; null when nothing name-like is left. */
export function parseReferrerName(raw: string): ReferrerName | null {
  const credentials: string[] = [];
  const keep = (w: string) => {
    const lw = w.toLowerCase();
    if (credentialWords.has(lw)) {
      credentials.push(w.toUpperCase());
      return false;
    }
    return !titles.has(lw) && !suffixes.has(lw);
  };
  const [head, ...rest] = raw.split(",");
  const headWords = words(head).filter(keep);
  const restWords = words(rest.join(" ")).filter(keep);
  let first: string;
  let last: string;
  if (restWords.length > 0 && headWords.length > 0) {
    // "ROE, JANE DDS": last name before the comma.
    last = headWords.join(" ");
    first = restWords[0];
  } else {
    const all = [...headWords, ...restWords].filter((w, i, a) => !(w.length === 1 && i > 0 && i < a.length - 1));
    if (all.length === 0) return null;
    first = all.length > 1 ? all[0] : "";
    last = all[all.length - 1];
  }
  const normalised = [slug(last), slug(first)].filter(Boolean).join("-");
  if (!normalised) return null;
  return { first: titleCase(first), last: titleCase(last), credentials, normalised };
}

/** One spelling after normalisation: last name, first name (or initial), practice. */
interface Spelling {
  name: ReferrerName;
  practice: string;
  practiceRaw: string;
  npi?: string;
  phone?: string;
  file: string;
  line: number;
  /** The name was typed in mixed case, so its capitals ("McAllister") are the dentist's own. */
  mixedCase: boolean;
  /** Distinct spellings as typed (name | practice) → patient key where each first appeared. */
  variants: Map<string, string>;
  person?: Person;
}

/** A referring dentist: the spellings judged to be the same person. */
interface Person {
  key: string;
  last: string;
  first: string;
  practice: string;
  spellings: Spelling[];
}

/** Practice as typed, reduced for comparison: case, punctuation and "PC", "DDS"... dropped. */
function practiceKey(raw: string): string {
  return words(raw.replace(/,/g, " ")).map((w) => w.toLowerCase()).filter((w) => !credentialWords.has(w)).map((w) => slug(w)).filter(Boolean).join("-").slice(0, 25).replace(/-$/, "");
}

const compatiblePractice = (a: string, b: string) => !a || !b || a === b;
const compatibleNpi = (a: string | undefined, b: string | undefined) => !a || !b || a === b;
const isInitial = (first: string) => slug(first).length <= 1;

/**
 * Collects every referrer named on patient rows (a first pass), settles who is who, then answers the contact
 * key of each row. Holds one entry per distinct spelling, never patient data.
 *
 * Who is who, per last name: spellings with a full first name are one person per (first name, practice),
 * and a spelling without a practice joins the only practice that name has. A spelling with only an initial
 * ("Dr J. Roe") joins the one person its initial, practice and NPI fit; when several fit it stays apart
 * rather than guess. A matching NPI always decides.
 */
export class ReferrerIndex {
  private spellings = new Map<string, Spelling>();
  private persons: Person[] = [];

  private static spellingId(name: ReferrerName, practice: string) {
    return `${name.normalised}|${practice}`;
  }

  observe(row: MappedRow): void {
    // Names and practices are kept for the whole run: copies, so they do not hold the file's text alive.
    const raw = detach(row.get("referringName"));
    const name = raw ? parseReferrerName(raw) : null;
    if (!name) return;
    const practiceRaw = detach(row.get("referringPractice"));
    const practice = practiceKey(practiceRaw);
    const id = ReferrerIndex.spellingId(name, practice);
    let s = this.spellings.get(id);
    if (!s) this.spellings.set(id, (s = { name, practice, practiceRaw, file: row.file, line: row.line, mixedCase: hasMixedCase(raw), variants: new Map() }));
    // Another row may type the same dentist with their real capitals: keep the best-written form.
    if (!s.mixedCase && hasMixedCase(raw)) Object.assign(s, { name, mixedCase: true });
    if (practiceRaw.trim() && (!s.practiceRaw.trim() || (!hasMixedCase(s.practiceRaw) && hasMixedCase(practiceRaw)))) s.practiceRaw = practiceRaw;
    s.npi ??= row.get("referringNpi") || undefined;
    s.phone ??= normalisePhone(row.get("referringPhone"));
    const variant = `${raw.replace(/\s+/g, " ").trim()}|${practiceRaw.trim()}`;
    if (!s.variants.has(variant)) s.variants.set(variant, sourceKey("patient", row.get("patientId")));
  }

  /** Settles who is who once every row is observed. */
  finish(): void {
    const byLast = new Map<string, Spelling[]>();
    for (const s of this.spellings.values()) {
      const last = slug(s.name.last);
      byLast.set(last, [...(byLast.get(last) ?? []), s]);
    }
    const persons: Person[] = [];
    for (const [last, group] of byLast) {
      const found: Person[] = [];
      const join = (p: Person, s: Spelling) => {
        p.spellings.push(s);
        s.person = p;
        if (!p.practice && s.practice) p.practice = s.practice;
      };
      const make = (s: Spelling) => {
        const p: Person = { key: "", last, first: slug(s.name.first), practice: s.practice, spellings: [] };
        join(p, s);
        found.push(p);
      };
      const full = group.filter((s) => !isInitial(s.name.first)).sort((a, b) => (a.practice ? 0 : 1) - (b.practice ? 0 : 1));
      for (const s of full) {
        const first = slug(s.name.first);
        const same = found.filter((p) => p.first === first && compatibleNpi(p.spellings[0].npi, s.npi));
        const byNpi = s.npi ? same.filter((p) => p.spellings.some((x) => x.npi === s.npi)) : [];
        const fits = byNpi.length === 1 ? byNpi : same.filter((p) => (s.practice ? p.practice === s.practice : true));
        if (fits.length === 1 && (s.practice || same.length === 1 || byNpi.length === 1)) join(fits[0], s);
        else make(s);
      }
      for (const s of group.filter((x) => isInitial(x.name.first))) {
        const initial = slug(s.name.first);
        const fit = found.filter((p) => (!initial || p.first.startsWith(initial)) && compatiblePractice(p.practice, s.practice) && compatibleNpi(p.spellings.find((x) => x.npi)?.npi, s.npi));
        const byNpi = s.npi ? fit.filter((p) => p.spellings.some((x) => x.npi === s.npi)) : [];
        if (byNpi.length === 1) join(byNpi[0], s);
        else if (fit.length === 1) join(fit[0], s);
        else make(s);
      }
      // Keys: the name, plus the practice when the same name is several people.
      for (const p of found) {
        const base = [p.last, p.first].filter(Boolean).join("-");
        const namesake = found.filter((q) => q.last === p.last && q.first === p.first).length > 1;
        p.key = sourceKey("referrer", namesake && p.practice ? `${base}:${p.practice}` : base);
      }
      const used = new Set<string>();
      for (const p of found) {
        let key = p.key;
        for (let n = 2; used.has(key); n++) key = `${p.key}:${n}`;
        used.add(key);
        p.key = key;
      }
      persons.push(...found);
    }
    this.persons = persons.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** Contact key of the referrer a patient row names, or undefined. */
  keyOf(row: MappedRow): string | undefined {
    const raw = row.get("referringName");
    const name = raw ? parseReferrerName(raw) : null;
    if (!name) return undefined;
    return this.spellings.get(ReferrerIndex.spellingId(name, practiceKey(row.get("referringPractice"))))?.person?.key;
  }

  /** One contact per referring dentist (optionally only those `include` accepts). */
  records(include: (key: string) => boolean = () => true): PlannedRecord[] {
    return this.persons.filter((p) => include(p.key)).map(planReferringProvider);
  }

  merges(): PlanReport["referringMerges"] {
    return this.persons
      .map((p) => ({ p, variants: p.spellings.flatMap((s) => [...s.variants.values()]) }))
      .filter(({ variants }) => variants.length > 1)
      .map(({ p, variants }) => ({ mergedKey: p.key, variants: variants.length, sourceKeys: [...new Set(variants)] }));
  }
}

function planReferringProvider(p: Person): PlannedRecord {
  // A spelling typed in mixed case carries the real capitals; an all-caps row is the fallback.
  const fullNames = p.spellings.filter((s) => !isInitial(s.name.first));
  const first = fullNames.find((s) => s.mixedCase) ?? fullNames[0] ?? p.spellings[0];
  const credentials = [...new Set(p.spellings.flatMap((s) => s.name.credentials))];
  const practices = p.spellings.map((s) => s.practiceRaw.trim()).filter(Boolean);
  const practice = practices.find(hasMixedCase) ?? practices[0];
  const origin = p.spellings.reduce((a, b) => (a.line <= b.line ? a : b));
  const payload = compact({
    firstname: first.name.first || undefined,
    lastname: first.name.last,
    dxm_credentials: credentials.length ? credentials.join(", ") : undefined,
    telephone1: p.spellings.find((s) => s.phone)?.phone,
    dxm_npi: p.spellings.find((s) => s.npi)?.npi,
    description: practice ? `Referring dentist, ${practice}` : "Referring dentist",
    dxm_providerrole: REFERRING_PROVIDER_ROLE,
    dxm_sourcekey: p.key,
  });
  // Object "provider": a referring provider is a provider (treating providers write no records of their own).
  return plannedRecord(origin, "provider", "contact", p.key, payload);
}
