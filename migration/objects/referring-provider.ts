/**
 * Referring provider (columns on the patient row) → its own contact with provider role "Referring provider".
 * The same dentist is typed many ways ("Dr. Jane Roe", "ROE, JANE DDS", "Jane Roe DDS"): names are parsed
 * (titles, credentials and middle initials dropped, "LAST, FIRST" turned round) and deduplicated by
 * normalised name and practice. Same name at one practice (or with no practice given) → one contact
 * `referrer:<last>-<first>`; same name at several practices → one contact per practice
 * `referrer:<last>-<first>:<practice>`, and rows without a practice keep the name-only contact.
 * Every merge (a contact made of more than one spelling) goes to PlanReport.referringMerges.
 */
import { providerRoleOptions } from "../../solution/model/tables/contact";
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
const slug = (s: string, max = 40) => s.toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, max);
const titleCase = (s: string) => s.toLowerCase().replace(/(^|[\s'-])([a-z])/g, (_, p: string, c: string) => p + c.toUpperCase());

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

interface ReferrerEntry {
  key: string;
  name: ReferrerName;
  practice: string;
  phone?: string;
  npi?: string;
  file: string;
  line: number;
  /** Distinct spellings (name | practice as typed) → patient key where it first appeared. */
  variants: Map<string, string>;
}

interface NameGroup {
  /** Practice slug ("" for none) → entry. */
  byPractice: Map<string, ReferrerEntry>;
}

/**
 * Collects every referrer named on patient rows (a first pass), then answers the contact key of each row.
 * Holds one entry per distinct referrer, never patient data.
 */
export class ReferrerIndex {
  private groups = new Map<string, NameGroup>();

  observe(row: MappedRow): void {
    const raw = row.get("referringName");
    const name = raw ? parseReferrerName(raw) : null;
    if (!name) return;
    const practiceRaw = row.get("referringPractice");
    const practice = slug(practiceRaw);
    let group = this.groups.get(name.normalised);
    if (!group) this.groups.set(name.normalised, (group = { byPractice: new Map() }));
    let entry = group.byPractice.get(practice);
    if (!entry) {
      entry = { key: "", name, practice: practiceRaw, file: row.file, line: row.line, variants: new Map() };
      group.byPractice.set(practice, entry);
    }
    entry.phone ??= normalisePhone(row.get("referringPhone"));
    entry.npi ??= row.get("referringNpi") || undefined;
    const variant = `${raw.replace(/\s+/g, " ").trim()}|${practiceRaw.trim()}`;
    if (!entry.variants.has(variant)) entry.variants.set(variant, sourceKey("patient", row.get("patientId")));
  }

  /** Settles keys once every row is observed: rows without a practice join the name's only practice. */
  finish(): void {
    for (const [normalised, group] of this.groups) {
      const withPractice = [...group.byPractice.entries()].filter(([p]) => p !== "");
      const none = group.byPractice.get("");
      if (none && withPractice.length === 1) {
        const [, only] = withPractice[0];
        for (const [v, k] of none.variants) if (!only.variants.has(v)) only.variants.set(v, k);
        only.phone ??= none.phone;
        only.npi ??= none.npi;
        if (none.line < only.line) Object.assign(only, { file: none.file, line: none.line });
        group.byPractice.set("", only);
      }
      const several = new Set([...group.byPractice.values()]).size > 1;
      for (const [practice, entry] of group.byPractice) {
        entry.key = sourceKey("referrer", several && practice ? `${normalised}:${practice}` : normalised);
      }
    }
  }

  /** Contact key of the referrer a patient row names, or undefined. */
  keyOf(row: MappedRow): string | undefined {
    const raw = row.get("referringName");
    const name = raw ? parseReferrerName(raw) : null;
    if (!name) return undefined;
    return this.groups.get(name.normalised)?.byPractice.get(slug(row.get("referringPractice")))?.key;
  }

  private entries(): ReferrerEntry[] {
    const seen = new Set<ReferrerEntry>();
    for (const g of this.groups.values()) for (const e of g.byPractice.values()) seen.add(e);
    return [...seen].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** One contact per distinct referrer (optionally only those `include` accepts). */
  records(include: (key: string) => boolean = () => true): PlannedRecord[] {
    return this.entries().filter((e) => include(e.key)).map(planReferringProvider);
  }

  merges(): PlanReport["referringMerges"] {
    return this.entries()
      .filter((e) => e.variants.size > 1)
      .map((e) => ({ mergedKey: e.key, variants: e.variants.size, sourceKeys: [...e.variants.values()] }));
  }
}

function planReferringProvider(e: ReferrerEntry): PlannedRecord {
  const payload = compact({
    firstname: e.name.first || undefined,
    lastname: e.name.last,
    dxm_credentials: e.name.credentials.length ? [...new Set(e.name.credentials)].join(", ") : undefined,
    telephone1: e.phone,
    dxm_npi: e.npi,
    description: e.practice ? `Referring dentist, ${e.practice}` : "Referring dentist",
    dxm_providerrole: REFERRING_PROVIDER_ROLE,
    dxm_sourcekey: e.key,
  });
  // Object "provider": a referring provider is a provider (treating providers write no records of their own).
  return plannedRecord(e, "provider", "contact", e.key, payload);
}
