import type { AttributeSchema, Schema, TableSchema } from "../schema/types";
import { errors } from "../records/errors";
import { normalizeDateTime, quote, type SqlValue } from "../store/values";
import { isGuid } from "./keys";

/**
 * OData `$filter` → SQL WHERE clause with parameters. A small recursive-descent parser: the operators,
 * functions and literals Dataverse's Web API accepts for the queries this project makes (eq ne gt ge lt le,
 * and or not, null, contains startswith endswith, Microsoft.Dynamics.CRM.In / NotIn, `nav/column` paths).
 */
export interface SqlFragment {
  sql: string;
  params: SqlValue[];
}

type Token = { kind: "punct"; value: string } | { kind: "string"; value: string } | { kind: "word"; value: string };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re = /\s*(?:('(?:[^']|'')*')|([()[\],=])|([^\s()[\],=']+))/gy;
  let match: RegExpExecArray | null;
  while (re.lastIndex < text.length && (match = re.exec(text))) {
    if (match[1] !== undefined) tokens.push({ kind: "string", value: match[1].slice(1, -1).replace(/''/g, "'") });
    else if (match[2] !== undefined) tokens.push({ kind: "punct", value: match[2] });
    else if (match[3] !== undefined) tokens.push({ kind: "word", value: match[3] });
  }
  if (text.slice(re.lastIndex).trim()) throw errors.badRequest(`Syntax error in $filter at position ${re.lastIndex}.`);
  return tokens;
}

const COMPARISON: Record<string, string> = { eq: "=", ne: "<>", gt: ">", ge: ">=", lt: "<", le: "<=" };

/** A column reference resolved against the schema: its SQL expression and attribute (for literal typing). */
interface Operand {
  sql: string;
  attribute?: AttributeSchema;
}

export class FilterParser {
  private pos = 0;
  private readonly tokens: Token[];
  readonly params: SqlValue[] = [];

  constructor(text: string, private readonly table: TableSchema, private readonly schema: Schema, private readonly alias = "t") {
    this.tokens = tokenize(text);
  }

  parse(): string {
    const sql = this.or();
    if (this.pos < this.tokens.length) throw errors.badRequest(`Syntax error in $filter near '${this.tokens[this.pos].value}'.`);
    return sql;
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos];
  }
  private isWord(value: string): boolean {
    const t = this.peek();
    return t?.kind === "word" && t.value === value;
  }
  private expect(value: string): void {
    const t = this.tokens[this.pos++];
    if (!t || t.kind === "string" || t.value !== value) throw errors.badRequest(`Syntax error in $filter: expected '${value}'.`);
  }

  private or(): string {
    let left = this.and();
    while (this.isWord("or")) {
      this.pos++;
      left = `(${left} OR ${this.and()})`;
    }
    return left;
  }
  private and(): string {
    let left = this.unary();
    while (this.isWord("and")) {
      this.pos++;
      left = `(${left} AND ${this.unary()})`;
    }
    return left;
  }
  private unary(): string {
    if (this.isWord("not")) {
      this.pos++;
      return `(NOT ${this.unary()})`;
    }
    const t = this.peek();
    if (t?.kind === "punct" && t.value === "(") {
      this.pos++;
      const inner = this.or();
      this.expect(")");
      return `(${inner})`;
    }
    if (t?.kind === "word" && this.tokens[this.pos + 1]?.value === "(" && this.tokens[this.pos + 1]?.kind === "punct") return this.func();
    return this.comparison();
  }

  private func(): string {
    const name = (this.tokens[this.pos++] as Token).value;
    this.expect("(");
    if (name === "contains" || name === "startswith" || name === "endswith") {
      const operand = this.property();
      this.expect(",");
      const literal = this.tokens[this.pos++];
      if (literal?.kind !== "string") throw errors.badRequest(`${name} expects a string literal.`);
      this.expect(")");
      const escaped = literal.value.replace(/[\\%_]/g, (c) => `\\${c}`);
      this.params.push(name === "contains" ? `%${escaped}%` : name === "startswith" ? `${escaped}%` : `%${escaped}`);
      return `(${operand.sql} LIKE ? ESCAPE '\\')`;
    }
    const crm = name.replace(/^Microsoft\.Dynamics\.CRM\./, "");
    if (crm === "In" || crm === "NotIn") {
      const args: Record<string, Token[]> = {};
      while (!(this.peek()?.kind === "punct" && this.peek()?.value === ")")) {
        const key = this.tokens[this.pos++].value;
        this.expect("=");
        const values: Token[] = [];
        if (this.peek()?.value === "[" && this.peek()?.kind === "punct") {
          this.pos++;
          while (!(this.peek()?.kind === "punct" && this.peek()?.value === "]")) {
            values.push(this.tokens[this.pos++]);
            if (this.peek()?.value === "," && this.peek()?.kind === "punct") this.pos++;
          }
          this.pos++;
        } else values.push(this.tokens[this.pos++]);
        args[key] = values;
        if (this.peek()?.value === "," && this.peek()?.kind === "punct") this.pos++;
      }
      this.expect(")");
      const propertyName = args.PropertyName?.[0]?.value;
      if (!propertyName) throw errors.badRequest(`${name} needs PropertyName.`);
      const operand = this.resolve(propertyName);
      const values = (args.PropertyValues ?? []).map((v) => this.literal(v, operand.attribute));
      this.params.push(...values);
      return `(${operand.sql} ${crm === "In" ? "IN" : "NOT IN"} (${values.map(() => "?").join(", ")}))`;
    }
    throw errors.badRequest(`The function '${name}' is not supported by the emulator.`);
  }

  private comparison(): string {
    const left = this.property();
    const op = this.tokens[this.pos++];
    if (!op || op.kind !== "word" || !COMPARISON[op.value]) throw errors.badRequest(`Syntax error in $filter: expected a comparison operator after '${left.sql}'.`);
    const right = this.tokens[this.pos++];
    if (!right) throw errors.badRequest("Syntax error in $filter: missing value.");
    if (right.kind === "word" && right.value === "null") {
      if (op.value === "eq") return `(${left.sql} IS NULL)`;
      if (op.value === "ne") return `(${left.sql} IS NOT NULL)`;
      throw errors.badRequest(`Operator '${op.value}' cannot compare with null.`);
    }
    this.params.push(this.literal(right, left.attribute));
    return `(${left.sql} ${COMPARISON[op.value]} ?)`;
  }

  private property(): Operand {
    const t = this.tokens[this.pos++];
    if (!t || t.kind !== "word") throw errors.badRequest("Syntax error in $filter: expected a property name.");
    return this.resolve(t.value);
  }

  /** `name`, `_lookup_value` or `navigation/name`. */
  resolve(path: string): Operand {
    const [first, second] = path.split("/");
    if (second !== undefined) {
      const nav = this.table.navigations.get(first);
      const target = nav && this.schema.tables.get(nav.targets[0]);
      if (!nav || !target) throw errors.propertyNotFound(first, this.table.logicalName);
      const inner = new FilterParser("", target, this.schema, "n").resolve(second);
      return { sql: `(SELECT ${inner.sql} FROM ${quote(target.logicalName)} AS n WHERE n.${quote(target.primaryIdAttribute)} = ${this.alias}.${quote(nav.attribute)})`, attribute: inner.attribute };
    }
    const lookup = first.match(/^_(.+)_value$/)?.[1];
    const attribute = this.table.attributes.get(lookup ?? first);
    if (!attribute || (lookup !== undefined) !== (attribute.type === "lookup")) throw errors.propertyNotFound(first, this.table.logicalName);
    return { sql: `${this.alias}.${quote(attribute.logicalName)}`, attribute };
  }

  private literal(token: Token, attribute: AttributeSchema | undefined): SqlValue {
    if (token.kind === "string") {
      return attribute?.type === "datetime" ? normalizeDateTime(token.value) : token.value;
    }
    const v = token.value;
    if (v === "true" || v === "false") return v === "true" ? 1 : 0;
    if (isGuid(v)) return v.toLowerCase();
    if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?[mMdD]?$/.test(v)) return Number(v.replace(/[mMdD]$/, ""));
    if (/^\d{4}-\d{2}-\d{2}T/.test(v) && !Number.isNaN(Date.parse(v))) return normalizeDateTime(v);
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return attribute?.type === "datetime" ? normalizeDateTime(`${v}T00:00:00Z`) : v;
    throw errors.badRequest(`Unrecognized literal '${v}' in $filter.`);
  }
}

export function filterToSql(text: string, table: TableSchema, schema: Schema): SqlFragment {
  const parser = new FilterParser(text, table, schema);
  const sql = parser.parse();
  return { sql, params: parser.params };
}
