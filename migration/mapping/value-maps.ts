import { findColumn } from "../../solution/model";
import { jaroWinkler } from "./similarity";

/** One choice a source value can map onto: an option value (or true/false) and the words that name it. */
export interface ValueChoice {
  value: number | boolean;
  label: string;
  words: string[];
}

/**
 * Standard Dataverse choices the solution model does not define (they come with the platform):
 * contact.gendercode (1 Male, 2 Female: Dental-Exec's "U" has no option and is reported unmapped),
 * task.statecode (0 Open, 1 Completed, 2 Canceled), account.industrycode (11 Doctor's Offices and Clinics) and
 * phonecall.directioncode (true Outgoing, false Incoming).
 */
const standardChoices: Record<string, ValueChoice[]> = {
  "contact.gendercode": [
    { value: 1, label: "Male", words: ["m", "male", "man", "boy"] },
    { value: 2, label: "Female", words: ["f", "female", "woman", "girl", "w"] },
  ],
  "task.statecode": [
    { value: 0, label: "Open", words: ["open", "o", "pending", "due", "active", "new", "scheduled", "todo", "not started", "in progress"] },
    { value: 1, label: "Completed", words: ["completed", "complete", "c", "done", "closed", "finished", "comp", "cmp"] },
    { value: 2, label: "Canceled", words: ["canceled", "cancelled", "cancel", "x", "cx", "cxl", "canc", "void", "deleted"] },
  ],
  // account.industrycode is a long standard list; a practice location is always "Doctor's Offices and
  // Clinics" (11), whatever its Dental-Exec practice type, so that is the one choice offered.
  "account.industrycode": [
    {
      value: 11, label: "Doctor's Offices and Clinics",
      words: ["general dentistry", "general", "family dentistry", "dental", "dentistry", "orthodontics", "periodontics", "endodontics",
        "oral surgery", "pediatric dentistry", "prosthodontics", "cosmetic dentistry", "multi specialty", "multispecialty", "specialty", "clinic", "office"],
    },
  ],
  "phonecall.directioncode": [
    { value: true, label: "Outgoing", words: ["outgoing", "outbound", "out", "o", "sent", "to patient"] },
    { value: false, label: "Incoming", words: ["incoming", "inbound", "in", "i", "received", "from patient"] },
  ],
};

/** Other words for the solution's option labels, as Dental-Exec installations write them. */
const optionWords: Record<string, string[]> = {
  // appointment status
  Scheduled: ["scheduled", "sched", "sch", "booked", "confirmed", "unconfirmed", "s", "open", "pending", "future"],
  Completed: ["completed", "complete", "comp", "cmp", "done", "seen", "checked out", "c", "finished", "closed", "kept"],
  "No-Show": ["no show", "noshow", "ns", "n s", "missed", "fta", "failed", "failed to appear", "broken", "dnka", "no-show"],
  Cancelled: ["cancelled", "canceled", "cancel", "canc", "cx", "cxl", "x", "void"],
  // claim status
  Submitted: ["submitted", "sent", "sub", "filed", "billed", "s", "transmitted", "open"],
  Paid: ["paid", "p", "closed", "received", "settled", "pd"],
  Denied: ["denied", "d", "rejected", "rej", "den", "declined"],
  Pending: ["pending", "pend", "hold", "on hold", "in process", "processing", "unsent", "not sent", "created"],
  // plan status
  Proposed: ["proposed", "prop", "presented", "pres", "p", "open", "pending", "new"],
  Accepted: ["accepted", "acc", "approved", "a", "agreed", "scheduled", "in progress"],
  Declined: ["declined", "dec", "rejected", "refused", "d", "cancelled", "canceled"],
  // subscriber relationship
  Self: ["self", "s", "subscriber", "sub", "patient", "insured", "same", "18", "01"],
  Spouse: ["spouse", "sp", "husband", "wife", "partner", "domestic partner", "01s", "02"],
  Child: ["child", "ch", "c", "dependent", "dep", "son", "daughter", "19", "03"],
  Other: ["other", "o", "oth", "g8", "parent", "guardian"],
  // coverage order
  Primary: ["primary", "pri", "prim", "p", "1", "1st", "first", "main"],
  Secondary: ["secondary", "sec", "second", "2", "2nd", "s", "dual"],
  Tertiary: ["tertiary", "ter", "tert", "third", "3", "3rd", "t"],
  // specialty
  "General dentistry": ["general dentistry", "general", "gen", "gp", "general dentist", "family dentistry", "dds", "dmd"],
  Orthodontics: ["orthodontics", "ortho", "orthodontist", "orth"],
  Periodontics: ["periodontics", "perio", "periodontist"],
  Endodontics: ["endodontics", "endo", "endodontist"],
  "Oral surgery": ["oral surgery", "oral surgeon", "os", "oms", "surgery", "oral and maxillofacial surgery"],
  "Pediatric dentistry": ["pediatric dentistry", "pediatric", "pedo", "peds", "pedodontics", "pediatric dentist"],
  Prosthodontics: ["prosthodontics", "prosth", "pros", "prosthodontist"],
  "Dental hygiene": ["dental hygiene", "hygiene", "hyg", "hygienist", "rdh"],
};

const yesWords = ["y", "yes", "true", "t", "1", "x", "on", "active", "enabled"];
const noWords = ["n", "no", "false", "f", "0", "off", "inactive", "disabled", "none"];

/** The choices a field target takes, or undefined when the target is not a choice or yes/no column. */
export function choicesFor(target: string | null): ValueChoice[] | undefined {
  if (!target || target.startsWith("lookup:") || target.startsWith("custom:")) return undefined;
  if (standardChoices[target]) return standardChoices[target];
  const [table, column] = target.split(".");
  const def = findColumn(table, column);
  if (def?.type === "choice") {
    return def.options.map((o) => ({ value: o.value, label: o.label, words: optionWords[o.label] ?? [o.label.toLowerCase()] }));
  }
  if (def?.type === "boolean") {
    return [
      { value: true, label: def.trueLabel ?? "Yes", words: yesWords },
      { value: false, label: def.falseLabel ?? "No", words: noWords },
    ];
  }
  return undefined;
}

/** Lower case, punctuation and separators to single spaces: "No-Show" and "no_show" read alike. */
export function normalValue(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
}

/** The choice a source value names: a word list match, else a close spelling of the label (≥ 0.9 Jaro-Winkler). */
export function choiceFor(value: string, choices: ValueChoice[]): ValueChoice | undefined {
  const v = normalValue(value);
  if (v === "") return undefined;
  const byWord = choices.find((c) => c.words.some((w) => normalValue(w) === v) || normalValue(c.label) === v);
  if (byWord) return byWord;
  const compact = v.replace(/ /g, "");
  let best: { choice: ValueChoice; score: number } | undefined;
  for (const choice of choices) {
    for (const word of [choice.label, ...choice.words].filter((w) => w.length > 3)) {
      const score = jaroWinkler(compact, normalValue(word).replace(/ /g, ""));
      if (score >= 0.9 && (!best || score > best.score)) best = { choice, score };
    }
  }
  return best?.choice;
}

export interface ValueMapProposal {
  valueMap: Record<string, number | boolean>;
  /** Distinct values (and their rows) no choice was found for, and the values themselves (codes such as "U"). */
  unmapped: { distinct: number; rows: number; values: string[] };
  mappedRows: number;
  evidence: string;
}

/**
 * The unmapped values an admin needs to see to map them: short codes ("U", "Rescheduled"), at most five. Longer
 * values are only counted: a column of free text wrongly taken for a choice must not spill its contents.
 */
export function unmappedList(values: string[]): string {
  const codes = values.filter((v) => v.length <= 16);
  const shown = codes.slice(0, 5).map((v) => JSON.stringify(v));
  const more = values.length - shown.length;
  return [...shown, ...(more > 0 ? [`${more} other value(s)`] : [])].join(", ");
}

/** Value map from the distinct values found in a column (topValues), onto the choices of a target. */
export function proposeValueMap(values: { value: string; count: number }[], choices: ValueChoice[]): ValueMapProposal {
  const valueMap: Record<string, number | boolean> = {};
  const unmapped = { distinct: 0, rows: 0, values: [] as string[] };
  let mappedRows = 0;
  const groups = new Map<string, string[]>();
  for (const { value, count } of values) {
    if (value.trim() === "") continue;
    const choice = choiceFor(value, choices);
    if (!choice) {
      unmapped.distinct++;
      unmapped.rows += count;
      unmapped.values.push(value);
      continue;
    }
    valueMap[value] = choice.value;
    mappedRows += count;
    groups.set(choice.label, [...(groups.get(choice.label) ?? []), JSON.stringify(value)]);
  }
  const parts = [...groups].map(([label, sources]) => `${sources.join(", ")} → ${label}`);
  const tail = unmapped.distinct > 0 ? `; ${unmapped.distinct} distinct value(s) in ${unmapped.rows} row(s) match no option and are left empty: ${unmappedList(unmapped.values)}` : "";
  return { valueMap, unmapped, mappedRows, evidence: `values map onto options: ${parts.join("; ") || "none"}${tail}` };
}
