import type { Entity } from "../types";

/**
 * The few `$filter` shapes the engine sends, evaluated in memory for the test double: `col eq 'x'`,
 * `col eq 12`, `col eq null`, `col ne …` and `Microsoft.Dynamics.CRM.In(PropertyName='col',PropertyValues=[…])`,
 * joined with `and`. Anything else throws, so a test never silently passes on an unsupported filter.
 */
export function compileFilter(filter: string | undefined): (record: Entity) => boolean {
  if (!filter) return () => true;
  const clauses = splitAnd(filter).map(compileClause);
  return (record) => clauses.every((clause) => clause(record));
}

function splitAnd(filter: string): string[] {
  const clauses: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < filter.length; i += 1) {
    const c = filter[i];
    if (c === "'") quoted = !quoted;
    else if (!quoted && (c === "(" || c === "[")) depth += 1;
    else if (!quoted && (c === ")" || c === "]")) depth -= 1;
    else if (!quoted && depth === 0 && filter.startsWith(" and ", i)) {
      clauses.push(filter.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  clauses.push(filter.slice(start));
  return clauses.map((c) => c.trim());
}

function literal(text: string): unknown {
  const t = text.trim();
  if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  if (t === "null") return null;
  if (t === "true" || t === "false") return t === "true";
  if (/^-?\d+(\.\d+)?$/.test(t)) return Number(t);
  return t.toLowerCase();
}

function same(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  return (a ?? null) === (b ?? null);
}

function compileClause(clause: string): (record: Entity) => boolean {
  const inMatch = /^Microsoft\.Dynamics\.CRM\.In\(PropertyName='([^']+)',PropertyValues=\[(.*)\]\)$/.exec(clause);
  if (inMatch) {
    const values = (inMatch[2].match(/'(?:[^']|'')*'/g) ?? []).map(literal);
    return (record) => values.some((v) => same(record[inMatch[1]], v));
  }
  const cmp = /^([\w.]+)\s+(eq|ne)\s+(.+)$/.exec(clause);
  if (cmp) {
    const value = literal(cmp[3]);
    return cmp[2] === "eq" ? (record) => same(record[cmp[1]], value) : (record) => !same(record[cmp[1]], value);
  }
  throw new Error(`FakeDataverseClient does not understand this $filter clause: ${clause}`);
}
