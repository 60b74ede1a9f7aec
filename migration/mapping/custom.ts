import type { ColumnProfile } from "../source/types";
import type { ColumnProposal } from "./types";
import { findTable } from "../../solution/model";
import { sharesOf } from "./signals/profile";
import { displayName, snakeName } from "./tokens";

type CustomColumn = NonNullable<ColumnProposal["custom"]>;

const stringLengths = [10, 20, 50, 100, 200, 500, 1000, 2000, 4000];

/** Room for the longest value seen plus a quarter, rounded up to a usual column length. */
function lengthFor(maxLength: number): number | undefined {
  const wanted = Math.max(1, Math.ceil(maxLength * 1.25));
  return stringLengths.find((n) => n >= wanted);
}

/** The column type and length the values call for, with the reason in words. */
export function inferCustomType(profile: ColumnProfile): { type: CustomColumn["type"]; maxLength?: number; reason: string } {
  const shares = sharesOf(profile);
  const share = (t: string) => shares.find((s) => s.type === t)?.share ?? 0;
  const pct = (n: number) => `${(n * 100).toFixed(1)}%`;
  if (share("yn") >= 0.98 && profile.distinct <= 4) return { type: "boolean", reason: `${pct(share("yn"))} of values are yes/no` };
  if (share("datetime") >= 0.95) return { type: "datetime", reason: `${pct(share("datetime"))} of values are date-times` };
  if (share("date") + share("datetime") >= 0.95) return { type: "datetime", reason: `${pct(share("date") + share("datetime"))} of values are dates` };
  if (share("money") >= 0.95) return { type: "money", reason: `${pct(share("money"))} of values are money amounts` };
  if (share("percent") >= 0.95) return { type: "decimal", reason: `${pct(share("percent"))} of values are percentages` };
  if (share("integer") >= 0.98 && profile.maxLength <= 9 && !profile.unique) {
    return { type: "integer", reason: `${pct(share("integer"))} of values are whole numbers` };
  }
  const maxLength = lengthFor(profile.maxLength);
  if (maxLength === undefined) return { type: "memo", maxLength: 1048576, reason: `values run to ${profile.maxLength} characters` };
  if (maxLength > 2000) return { type: "memo", maxLength, reason: `values run to ${profile.maxLength} characters` };
  return { type: "string", maxLength, reason: `longest value ${profile.maxLength} characters` };
}

/** A new column on `table` for a column that fits no field, named `dxm_<snake>` and clear of existing names. */
export function customColumnFor(profile: ColumnProfile, table: string, taken: Set<string>): { custom: CustomColumn; reason: string } {
  const existing = new Set(findTable(table)?.columns.map((c) => c.logicalName) ?? []);
  const base = `dxm_${snakeName(profile.name)}`;
  let logicalName = base;
  for (let n = 2; existing.has(logicalName) || taken.has(logicalName); n++) logicalName = `${base}_${n}`;
  taken.add(logicalName);
  const { type, maxLength, reason } = inferCustomType(profile);
  return {
    custom: { table, logicalName, displayName: displayName(profile.name), type, ...(maxLength !== undefined ? { maxLength } : {}) },
    reason,
  };
}
