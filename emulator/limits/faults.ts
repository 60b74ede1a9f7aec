/**
 * Fault injection: `429:0.05,503:0.02,500:0.01,drop:0.01,timeout:0.01`, each entry optionally limited to
 * one table with `@table` (logical or entity-set name), e.g. `503:0.5@contacts`.
 */
export type FaultKind = "429" | "503" | "500" | "drop" | "timeout";

export interface FaultRule {
  kind: FaultKind;
  rate: number;
  table?: string;
}

export type FaultSpec = string | FaultRule[];

const KINDS: FaultKind[] = ["429", "503", "500", "drop", "timeout"];

export function parseFaults(spec: FaultSpec | undefined): FaultRule[] {
  if (!spec) return [];
  if (Array.isArray(spec)) return spec;
  return spec.split(",").map((s) => s.trim()).filter(Boolean).map((entry) => {
    const m = entry.match(/^(\w+):([0-9.]+)(?:@([\w]+))?$/);
    if (!m || !KINDS.includes(m[1] as FaultKind)) throw new Error(`Invalid fault '${entry}': expected kind:rate[@table] with kind one of ${KINDS.join(", ")}`);
    const rate = Number(m[2]);
    if (!(rate >= 0 && rate <= 1)) throw new Error(`Invalid fault rate in '${entry}': use a number from 0 to 1`);
    return { kind: m[1] as FaultKind, rate, table: m[3] };
  });
}

/** Picks the fault (if any) for a request that touches `tables` (logical and entity-set names). */
export function pickFault(rules: FaultRule[], tables: string[], random: () => number = Math.random): FaultKind | undefined {
  for (const rule of rules) {
    if (rule.table && !tables.includes(rule.table)) continue;
    if (random() < rule.rate) return rule.kind;
  }
  return undefined;
}
