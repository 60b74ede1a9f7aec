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

/** Compiles a file's confirmed map once; the returned function maps each row. */
export function rowMapper(fileMap: FileMap): (row: SourceRow) => MappedRow {
  const dateOrder = fileDateOrder(fileMap);
  const byField = new Map<string, ColumnMap>();
  for (const c of fileMap.columns) if (c.field && !byField.has(c.field)) byField.set(c.field, c);
  const customs = fileMap.columns.filter((c) => c.custom);
  return (row) => {
    const get = (field: string) => {
      const c = byField.get(field);
      return c ? (row.values[c.source] ?? "").trim() : "";
    };
    return {
      object: fileMap.object,
      file: fileMap.file,
      line: row.line,
      ...(row.refused ? { refused: row.refused } : {}),
      dateOrder,
      get,
      has: (field) => byField.has(field),
      valueMap: (field) => byField.get(field)?.valueMap,
      header: (field) => byField.get(field)?.source,
      column: (field, table, fallback) => {
        const target = byField.get(field)?.target;
        const m = target ? /^([a-z0-9_]+)\.([a-z0-9_]+)$/.exec(target) : null;
        return m && m[1] === table ? m[2] : fallback;
      },
      custom: customs.map((c) => ({
        table: c.custom!.table,
        logicalName: c.custom!.logicalName,
        type: c.custom!.type,
        source: c.source,
        value: (row.values[c.source] ?? "").trim(),
        dateOrder,
      })),
    };
  };
}
