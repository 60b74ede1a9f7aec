import Database from "better-sqlite3";
import type { AttributeSchema, Schema, TableSchema } from "../schema/types";
import { quote, sqlType, typeColumn, type SqlValue } from "./values";

export type Row = Record<string, SqlValue>;

/**
 * State in SQLite: one SQL table per Dataverse table, a column per attribute (lookups add `<name>__type`),
 * unique indexes for alternate keys and plain indexes on lookups. `activitypointer` is a view over the
 * activity tables. Statements are prepared once and cached.
 */
export class Store {
  readonly db: Database.Database;
  private readonly statements = new Map<string, Database.Statement>();

  constructor(readonly schema: Schema, file?: string) {
    this.db = new Database(file ?? ":memory:");
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = NORMAL");
    this.db.exec("CREATE TABLE IF NOT EXISTS _emulator_columns (tablename TEXT, definition TEXT)");
    for (const row of this.db.prepare("SELECT tablename, definition FROM _emulator_columns").all() as { tablename: string; definition: string }[]) {
      const table = schema.tables.get(row.tablename);
      const attribute = JSON.parse(row.definition) as AttributeSchema;
      if (table && !table.attributes.has(attribute.logicalName)) table.attributes.set(attribute.logicalName, attribute);
    }
    for (const table of schema.tables.values()) if (table.logicalName !== "activitypointer") this.createTable(table);
    this.createActivityView();
  }

  /** Tables that hold rows (every table but the activitypointer view). */
  storedTables(): TableSchema[] {
    return [...this.schema.tables.values()].filter((t) => t.logicalName !== "activitypointer");
  }

  private createTable(table: TableSchema): void {
    const name = quote(table.logicalName);
    const existing = new Set((this.db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[]).map((c) => c.name));
    if (existing.size === 0) {
      const columns = [...table.attributes.values()].flatMap((a) => this.columnDefs(table, a));
      this.db.exec(`CREATE TABLE ${name} (${columns.join(", ")})`);
    } else {
      for (const attribute of table.attributes.values()) {
        if (!existing.has(attribute.logicalName)) for (const def of this.columnDefs(table, attribute)) this.db.exec(`ALTER TABLE ${name} ADD COLUMN ${def}`);
      }
    }
    for (const attribute of table.attributes.values()) if (attribute.type === "lookup") this.indexLookup(table, attribute);
    for (const key of table.keys) {
      this.db.exec(`CREATE UNIQUE INDEX IF NOT EXISTS ${quote(`key_${table.logicalName}_${key.logicalName}`)} ON ${name} (${key.attributes.map(quote).join(", ")})`);
    }
  }

  private columnDefs(table: TableSchema, attribute: AttributeSchema): string[] {
    // Dataverse compares text case-insensitively (SQL Server collation); keys and filters follow suit.
    const collate = attribute.type === "string" || attribute.type === "memo" ? " COLLATE NOCASE" : "";
    const main = `${quote(attribute.logicalName)} ${sqlType(attribute)}${collate}${attribute.logicalName === table.primaryIdAttribute ? " PRIMARY KEY" : ""}`;
    return attribute.type === "lookup" ? [main, `${quote(typeColumn(attribute.logicalName))} TEXT`] : [main];
  }

  /**
   * Partial indexes: most lookups are empty on most rows, and an insert then costs no index maintenance. Each
   * holds the primary id after the lookup, so a query on a lookup (a run's stamp, a patient's policies) reads its
   * rows in the default order and a page starts where the last ended, without sorting every match again.
   */
  private indexLookup(table: TableSchema, attribute: AttributeSchema): void {
    const name = (prefix: string) => quote(`${prefix}_${table.logicalName}_${attribute.logicalName}`);
    this.db.exec(`DROP INDEX IF EXISTS ${name("ix")}`);
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${name("lookup")} ON ${quote(table.logicalName)} (${quote(attribute.logicalName)}, ${quote(table.primaryIdAttribute)}) WHERE ${quote(attribute.logicalName)} IS NOT NULL`);
  }

  private createActivityView(): void {
    const pointer = this.schema.tables.get("activitypointer");
    if (!pointer) return;
    const activities = this.storedTables().filter((t) => t.isActivity);
    const columns = [...pointer.attributes.values()].flatMap((a) => (a.type === "lookup" ? [a.logicalName, typeColumn(a.logicalName)] : [a.logicalName]));
    const select = (t: TableSchema) => `SELECT ${columns.map((c) => (t.attributes.has(c.replace(/__type$/, "")) ? quote(c) : `NULL AS ${quote(c)}`)).join(", ")} FROM ${quote(t.logicalName)}`;
    this.db.exec(`DROP VIEW IF EXISTS "activitypointer"`);
    if (activities.length) this.db.exec(`CREATE VIEW "activitypointer" AS ${activities.map(select).join(" UNION ALL ")}`);
  }

  /** A column created through the metadata API: added to the table and remembered across restarts. */
  addColumn(table: TableSchema, attribute: AttributeSchema): void {
    table.attributes.set(attribute.logicalName, attribute);
    for (const def of this.columnDefs(table, attribute)) this.db.exec(`ALTER TABLE ${quote(table.logicalName)} ADD COLUMN ${def}`);
    this.db.prepare("INSERT INTO _emulator_columns (tablename, definition) VALUES (?, ?)").run(table.logicalName, JSON.stringify(attribute));
    this.statements.clear();
    this.inserts.clear();
  }

  statement(sql: string): Database.Statement {
    let stmt = this.statements.get(sql);
    if (!stmt) {
      stmt = this.db.prepare(sql);
      this.statements.set(sql, stmt);
    }
    return stmt;
  }

  private readonly inserts = new Map<string, Database.Statement>();

  insert(table: TableSchema, row: Row): void {
    const columns = Object.keys(row);
    const cacheKey = `${table.logicalName}\u0000${columns.join("\u0000")}`;
    let stmt = this.inserts.get(cacheKey);
    if (!stmt) {
      stmt = this.db.prepare(`INSERT INTO ${quote(table.logicalName)} (${columns.map(quote).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`);
      this.inserts.set(cacheKey, stmt);
    }
    stmt.run(Object.values(row));
  }

  update(table: TableSchema, id: string, changes: Row): void {
    const columns = Object.keys(changes);
    if (!columns.length) return;
    const sql = `UPDATE ${quote(table.logicalName)} SET ${columns.map((c) => `${quote(c)} = ?`).join(", ")} WHERE ${quote(table.primaryIdAttribute)} = ?`;
    this.statement(sql).run(...columns.map((c) => changes[c]), id);
  }

  /** A record by id: every column, or only `columns` (a `$expand` with its own `$select` reads just those). */
  get(table: TableSchema, id: string, columns?: string[]): Row | undefined {
    const list = columns && columns.length > 0 ? columns.map(quote).join(", ") : "*";
    return this.statement(`SELECT ${list} FROM ${quote(table.logicalName)} WHERE ${quote(table.primaryIdAttribute)} = ?`).get(id) as Row | undefined;
  }

  exists(table: string, idColumn: string, id: string): boolean {
    return this.statement(`SELECT 1 FROM ${quote(table)} WHERE ${quote(idColumn)} = ?`).get(id) !== undefined;
  }

  findByKey(table: TableSchema, values: Record<string, SqlValue>): Row | undefined {
    const columns = Object.keys(values).sort();
    const sql = `SELECT * FROM ${quote(table.logicalName)} WHERE ${columns.map((c) => `${quote(c)} = ?`).join(" AND ")}`;
    return this.statement(sql).get(...columns.map((c) => values[c])) as Row | undefined;
  }

  delete(table: TableSchema, id: string): void {
    this.statement(`DELETE FROM ${quote(table.logicalName)} WHERE ${quote(table.primaryIdAttribute)} = ?`).run(id);
  }

  all(sql: string, params: SqlValue[]): Row[] {
    return this.statement(sql).all(...params) as Row[];
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  rowCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of this.storedTables()) out[t.logicalName] = (this.statement(`SELECT COUNT(*) AS n FROM ${quote(t.logicalName)}`).get() as { n: number }).n;
    return out;
  }

  dump(): Record<string, Row[]> {
    const out: Record<string, Row[]> = {};
    for (const t of this.storedTables()) out[t.logicalName] = this.statement(`SELECT * FROM ${quote(t.logicalName)} ORDER BY ${quote(t.primaryIdAttribute)}`).all() as Row[];
    return out;
  }

  /** Replaces every table's rows (snapshot restore, reset). */
  load(rows: Record<string, Row[]>): void {
    this.transaction(() => {
      for (const t of this.storedTables()) {
        this.db.exec(`DELETE FROM ${quote(t.logicalName)}`);
        for (const row of rows[t.logicalName] ?? []) this.insert(t, row);
      }
    });
  }

  close(): void {
    this.db.close();
  }
}
