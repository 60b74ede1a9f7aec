import type { Schema, TableSchema } from "../schema/types";
import { errors } from "../records/errors";
import { quote, type SqlValue } from "../store/values";
import { FilterParser } from "./filter";

/**
 * `$apply` for reconciliation: `filter(...)`, `groupby((a,b))`, `groupby((a),aggregate(x with sum as s))`,
 * `aggregate(x with sum as s,$count as n)`; sum, average, min, max, countdistinct and $count.
 */
export interface ApplyQuery {
  sql: string;
  params: SqlValue[];
}

const METHODS: Record<string, string> = { sum: "SUM", average: "AVG", avg: "AVG", min: "MIN", max: "MAX", countdistinct: "COUNT(DISTINCT" };

/** Splits on `sep` at parenthesis depth 0. */
function splitTop(text: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'") quoted = !quoted;
    if (quoted) continue;
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === sep && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

function inner(step: string, name: string): string {
  return step.slice(name.length + 1, -1);
}

export function applyToSql(text: string, table: TableSchema, schema: Schema): ApplyQuery {
  const where: string[] = [];
  const params: SqlValue[] = [];
  let groupBy: string[] = [];
  const columns: string[] = [];
  const parser = new FilterParser("", table, schema);
  for (const step of splitTop(text, "/")) {
    if (step.startsWith("filter(")) {
      const filter = new FilterParser(inner(step, "filter"), table, schema);
      where.push(filter.parse());
      params.push(...filter.params);
    } else if (step.startsWith("groupby(")) {
      const [props, aggregate] = splitTop(inner(step, "groupby"), ",").reduce<[string[], string | undefined]>(
        ([p, a], part) => (part.startsWith("aggregate(") ? [p, part] : [[...p, ...splitTop(part.replace(/^\(|\)$/g, ""), ",")], a]), [[], undefined]);
      groupBy = props;
      for (const p of props) columns.push(`${parser.resolve(p).sql} AS ${quote(p)}`);
      if (aggregate) columns.push(...aggregates(inner(aggregate, "aggregate"), parser));
    } else if (step.startsWith("aggregate(")) {
      columns.push(...aggregates(inner(step, "aggregate"), parser));
    } else {
      throw errors.badRequest(`The $apply transformation '${step}' is not supported by the emulator.`);
    }
  }
  if (!columns.length) throw errors.badRequest("$apply needs groupby or aggregate.");
  const sql = `SELECT ${columns.join(", ")} FROM ${quote(table.logicalName)} AS t${where.length ? ` WHERE ${where.join(" AND ")}` : ""}${
    groupBy.length ? ` GROUP BY ${groupBy.map((p) => parser.resolve(p).sql).join(", ")} ORDER BY ${groupBy.map((p) => parser.resolve(p).sql).join(", ")}` : ""}`;
  return { sql, params };
}

function aggregates(text: string, parser: FilterParser): string[] {
  return splitTop(text, ",").map((part) => {
    const count = part.match(/^\$count\s+as\s+(\w+)$/);
    if (count) return `COUNT(*) AS ${quote(count[1])}`;
    const m = part.match(/^(\S+)\s+with\s+(\w+)\s+as\s+(\w+)$/);
    if (!m || !METHODS[m[2]]) throw errors.badRequest(`Unsupported aggregate expression '${part}'.`);
    const column = parser.resolve(m[1]).sql;
    return m[2] === "countdistinct" ? `COUNT(DISTINCT ${column}) AS ${quote(m[3])}` : `${METHODS[m[2]]}(${column}) AS ${quote(m[3])}`;
  });
}
