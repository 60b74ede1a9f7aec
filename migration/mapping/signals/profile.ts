import type { ValueType } from "../../model/types";
import type { ColumnProfile } from "../../source/types";
import { SPECIFICITY, valueTests } from "../../source/value-types";

/** Words for each value type, for the evidence ("99.8% of 4,210 values parse as dates"). */
export const typeWords: Record<ValueType, string> = {
  id: "ids", idList: "id lists", text: "text", longText: "long text", date: "dates", datetime: "date-times", time: "times",
  email: "email addresses", phone: "phone numbers", zip: "ZIP codes", state: "state codes", cdt: "CDT codes",
  tooth: "tooth numbers", surface: "tooth surfaces", money: "money amounts", percent: "percentages", integer: "whole numbers",
  npi: "NPIs with a valid check digit", yn: "Y/N flags", gender: "gender codes", status: "status values", fileName: "file names",
};

/** Profile types a field type accepts, and how much credit each earns. */
const accepts: Record<ValueType, Partial<Record<ValueType, number>>> = {
  id: { id: 1, integer: 1, idList: 0.3 },
  idList: { idList: 1, id: 0.85, integer: 0.85 },
  text: {},
  longText: { longText: 1 },
  date: { date: 1, datetime: 0.8 },
  datetime: { datetime: 1, date: 0.85 },
  time: { time: 1 },
  email: { email: 1 },
  phone: { phone: 1 },
  zip: { zip: 1, integer: 0.4 },
  state: { state: 1 },
  cdt: { cdt: 1 },
  tooth: { tooth: 1, integer: 0.5 },
  surface: { surface: 1 },
  money: { money: 1, integer: 0.7, percent: 0.2 },
  percent: { percent: 1, integer: 0.75 },
  integer: { integer: 1, id: 0.7 },
  npi: { npi: 1, integer: 0.3 },
  yn: { yn: 1, gender: 0.2 },
  gender: { gender: 1, status: 0.6 },
  status: { status: 1, yn: 0.5, gender: 0.3 },
  fileName: { fileName: 1 },
};

/** Types whose presence says a value is not free text. */
const strongTypes: ValueType[] = ["date", "datetime", "time", "email", "phone", "money", "npi", "cdt", "zip", "percent", "integer", "id", "fileName"];

export interface TypeFit {
  score: number;
  /** The profile type the fit rests on and its share, for the evidence. */
  type?: ValueType;
  share?: number;
}

/** Share of values passing each of the reader's value tests, best first, from (value, count) pairs. */
export function typeShares(values: { value: string; count: number }[]): { type: ValueType; share: number }[] {
  const counts = new Map<ValueType, number>();
  let total = 0;
  for (const { value, count } of values) {
    const v = value.trim();
    if (v === "") continue;
    total += count;
    for (const type of Object.keys(valueTests) as ValueType[]) if (valueTests[type](v) !== false) counts.set(type, (counts.get(type) ?? 0) + count);
  }
  const shares = [...counts].map(([type, n]) => ({ type, share: n / total }));
  return total === 0 ? [] : shares.sort((a, b) => b.share - a.share || SPECIFICITY.indexOf(a.type) - SPECIFICITY.indexOf(b.type));
}

/** The type shares of a profile: the reader's, or computed from its top values when it gave none. */
export function sharesOf(profile: ColumnProfile): { type: ValueType; share: number }[] {
  if (profile.types.length > 0) return profile.types;
  return typeShares(profile.topValues.length > 0 ? profile.topValues : profile.examples.map((value) => ({ value, count: 1 })));
}

/** How well a column's values fit a field's type, in [0, 1]; 0.5 when the column has no values. */
export function typeFit(fieldType: ValueType, profile: ColumnProfile, shares = sharesOf(profile)): TypeFit {
  if (profile.nonEmpty === 0 || shares.length === 0) return { score: 0.5 };
  const share = (t: ValueType) => shares.find((s) => s.type === t)?.share ?? 0;
  const lowCardinality = profile.distinct <= 12 && profile.nonEmpty >= profile.distinct * 2;
  if (fieldType === "text" || fieldType === "longText" || fieldType === "status" || fieldType === "gender") {
    const strong = Math.max(...strongTypes.map(share));
    let score = 0.8 - 0.6 * strong;
    if (fieldType === "longText") score += profile.maxLength > 60 || share("longText") > 0.2 ? 0.2 : -0.1;
    if (fieldType === "text" && profile.maxLength > 255) score -= 0.2;
    if (fieldType === "status") score += lowCardinality ? 0.2 : -0.3;
    if (fieldType === "gender") score += share("gender") > 0.9 ? 0.2 : -0.3;
    const best = shares.find((s) => accepts[fieldType][s.type]);
    if (best) score = Math.max(score, best.share * (accepts[fieldType][best.type] ?? 0));
    return { score: Math.max(0, Math.min(1, score)), type: best?.type, share: best?.share };
  }
  let best: TypeFit = { score: 0 };
  for (const s of shares) {
    const credit = accepts[fieldType][s.type] ?? 0;
    if (credit * s.share > best.score) best = { score: credit * s.share, type: s.type, share: s.share };
  }
  if (fieldType === "percent" && best.type === "integer" && Number(profile.max) > 100) best.score *= 0.3;
  return best;
}
