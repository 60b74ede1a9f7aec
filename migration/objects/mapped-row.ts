import type { ColumnMap, FileMap } from "../mapping/types";
import type { ObjectKind } from "../model/types";
import type { RowRefusal, SourceRow } from "../source/types";
import type { DateOrder } from "../time";

/** A custom field of the practice (a column the admin chose to create on the object's table). */
export interface CustomValue {
  table: string;
  logicalName: string;
  type: NonNullable<ColumnMap["custom"]>["type"];
  source: string;
  value: string;
  /** How its file writes day and month (for a datetime column). */
  dateOrder: DateOrder;
}

/** A source row read through the confirmed map: values by the object's field ids. */
export interface MappedRow {
  object: ObjectKind;
  file: string;
  line: number;
  /** Set when the reader refused the row (its values are not to be trusted): planning counts it as errored. */
  refused?: RowRefusal;
  /** How the file writes day and month in its dates (the confirmed map's choice for the file). */
  dateOrder: DateOrder;
  /** Trimmed cell text of a field; "" when the field is unmapped or the cell empty. */
  get(field: string): string;
  /** Whether a source column maps to the field. */
  has(field: string): boolean;
  valueMap(field: string): Record<string, number | boolean> | undefined;
  /** Source column header of a field (for issues). */
  header(field: string): string | undefined;
  /** The column the admin pointed the field at when it is on `table`, else `fallback`. */
  column(field: string, table: string, fallback: string): string;
  custom: CustomValue[];
}

/**
 * A file's date order as its confirmed map says: a version 1 map predates the choice and was read month
 * first. An undecided order never gets this far (the map is refused), so reaching one is a bug, not a guess.
 */
export function fileDateOrder(fileMap: FileMap): DateOrder {
  if (fileMap.dateOrder === null) throw new Error(`${fileMap.file}: the date order is undecided; the map should have been refused`);
  return fileMap.dateOrder ?? "MDY";
}

/** A file's confirmed map compiled once: what every row of the file reads through. */
interface CompiledMap {
  object: ObjectKind;
  file: string;
  dateOrder: DateOrder;
  byField: Map<string, ColumnMap>;
  /** Fields mapped to a `table.column` target, split once. */
  targets: Map<string, { table: string; column: string }>;
  customs: ColumnMap[];
}

/**
 * A row read through its file's compiled map. A class, not an object of closures: a file of 100,000 rows
 * would otherwise make six functions per row (and, run through tsx, name each one).
 */
class MappedSourceRow implements MappedRow {
  readonly object: ObjectKind;
  readonly file: string;
  readonly line: number;
  readonly refused?: RowRefusal;
  readonly dateOrder: DateOrder;
  readonly custom: CustomValue[];

  constructor(private readonly map: CompiledMap, private readonly row: SourceRow) {
    this.object = map.object;
    this.file = map.file;
    this.line = row.line;
    if (row.refused) this.refused = row.refused;
    this.dateOrder = map.dateOrder;
    this.custom = map.customs.length === 0 ? [] : map.customs.map((c) => ({
      table: c.custom!.table,
      logicalName: c.custom!.logicalName,
      type: c.custom!.type,
      source: c.source,
      value: (row.values[c.source] ?? "").trim(),
      dateOrder: map.dateOrder,
    }));
  }

  get(field: string): string {
    const c = this.map.byField.get(field);
    return c ? (this.row.values[c.source] ?? "").trim() : "";
  }

  has(field: string): boolean {
    return this.map.byField.has(field);
  }

  valueMap(field: string): Record<string, number | boolean> | undefined {
    return this.map.byField.get(field)?.valueMap;
  }

  header(field: string): string | undefined {
    return this.map.byField.get(field)?.source;
  }

  column(field: string, table: string, fallback: string): string {
    const target = this.map.targets.get(field);
    return target && target.table === table ? target.column : fallback;
  }
}

/** Compiles a file's confirmed map once; the returned function maps each row. */
export function rowMapper(fileMap: FileMap): (row: SourceRow) => MappedRow {
  const byField = new Map<string, ColumnMap>();
  for (const c of fileMap.columns) if (c.field && !byField.has(c.field)) byField.set(c.field, c);
  const targets = new Map<string, { table: string; column: string }>();
  for (const [field, c] of byField) {
    const m = c.target ? /^([a-z0-9_]+)\.([a-z0-9_]+)$/.exec(c.target) : null;
    if (m) targets.set(field, { table: m[1], column: m[2] });
  }
  const compiled: CompiledMap = { object: fileMap.object, file: fileMap.file, dateOrder: fileDateOrder(fileMap), byField, targets, customs: fileMap.columns.filter((c) => c.custom) };
  return (row) => new MappedSourceRow(compiled, row);
}
