/**
 * Fault injection: `429:0.05,503:0.02,500:0.01,drop:0.01,timeout:0.01`, each entry optionally limited to
 * one table with `@table` (logical or entity-set name), e.g. `503:0.5@contacts`, and optionally to the
 * requests that write to it with `/write` (`drop:1@annotation/write`: a create's answer lost, its lookups
 * untouched); a `$batch` touches the tables its parts name, writing to those its POST, PATCH, PUT or DELETE
 * parts address. Besides Dataverse's own answers: `502html` (a gateway's HTML page instead of
 * Dataverse's answer, sent before the request runs), `401` (the token refused, before it runs) and `stall`
 * (the request runs and commits, then no answer ever comes: the window between a write and what the client
 * does next, held open for as long as a test needs).
 */
export type FaultKind = "429" | "503" | "500" | "502html" | "401" | "drop" | "timeout" | "stall";

export interface FaultRule {
  kind: FaultKind;
  rate: number;
  table?: string;
  /** Only requests that write to the table (or, without a table, any write). */
  writesOnly?: boolean;
}

/** A table a request addresses (entity-set and logical name), and whether it writes to it. */
export interface Touch {
  names: string[];
  write: boolean;
}

const WRITE_METHODS = new Set(["POST", "PATCH", "PUT", "DELETE"]);

/** Whether a request with this method writes (a POST counts, whatever it calls). */
export function isWriteMethod(method: string): boolean {
  return WRITE_METHODS.has(method.toUpperCase());
}

export type FaultSpec = string | FaultRule[];

const KINDS: FaultKind[] = ["429", "503", "500", "502html", "401", "drop", "timeout", "stall"];

/** Entity sets the parts of a `$batch` body address (their request lines), with whether the part writes. */
export function batchTables(rawBody: string): { set: string; write: boolean }[] {
  const out: { set: string; write: boolean }[] = [];
  for (const m of rawBody.matchAll(/^(GET|POST|PATCH|PUT|DELETE) (?:\S*?\/api\/data\/v\d+(?:\.\d+)?\/)?([A-Za-z_]\w*)/gm)) out.push({ set: m[2], write: isWriteMethod(m[1]) });
  return out;
}

export function parseFaults(spec: FaultSpec | undefined): FaultRule[] {
  if (!spec) return [];
  if (Array.isArray(spec)) return spec;
  return spec.split(",").map((s) => s.trim()).filter(Boolean).map((entry) => {
    const m = entry.match(/^(\w+):([0-9.]+)(?:@(\w+))?(\/write)?$/);
    if (!m || !KINDS.includes(m[1] as FaultKind)) throw new Error(`Invalid fault '${entry}': expected kind:rate[@table][/write] with kind one of ${KINDS.join(", ")}`);
    const rate = Number(m[2]);
    if (!(rate >= 0 && rate <= 1)) throw new Error(`Invalid fault rate in '${entry}': use a number from 0 to 1`);
    return { kind: m[1] as FaultKind, rate, table: m[3], writesOnly: m[4] !== undefined };
  });
}

/** Picks the fault (if any) for a request that touches these tables. */
export function pickFault(rules: FaultRule[], touches: Touch[], random: () => number = Math.random): FaultKind | undefined {
  for (const rule of rules) {
    const matching = rule.table ? touches.filter((t) => t.names.includes(rule.table!)) : touches;
    if (rule.table && matching.length === 0) continue;
    if (rule.writesOnly && !matching.some((t) => t.write)) continue;
    if (random() < rule.rate) return rule.kind;
  }
  return undefined;
}
