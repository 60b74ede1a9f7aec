import type { ColumnDef } from "../model/types";
import { findTable, solutionModel } from "../model";
import { standardTables } from "../components/standard-tables";
import { componentGuid } from "./guid";

export interface ColumnSample {
  table: string;
  entitySet: string;
  column: string;
  /** The value to send: a JSON value, or for a lookup the `@odata.bind` reference `/<set>(<id>)`. */
  value: unknown;
  /** The Web API body property carrying it: the column, or `<navigation>@odata.bind` for a lookup. */
  property: string;
  /** For a lookup: the record the reference points at, which must exist before the write. */
  target?: { table: string; entitySet: string; id: string };
}

/** A fixed id per referenced table, so a test can create the target record first and bind to it. */
export const sampleTargetId = (table: string): string => componentGuid(`sample-target/${table}`);

export function entitySetOf(table: string): string {
  const def = findTable(table);
  if (def) return def.entitySetName;
  const facts = standardTables[table];
  if (!facts) throw new Error(`No entity set known for ${table}`);
  return facts.entitySet;
}

/** A value that satisfies the column's type, length, range and option set. */
function sampleValue(table: string, column: ColumnDef, targetId: (table: string) => string): unknown {
  switch (column.type) {
    case "string": {
      const text = column.logicalName === "dxm_sourcekey" ? `sample:${table}` : column.format === "email" ? "sample@example.com" : `Sample ${column.displayName}`;
      return text.slice(0, column.maxLength);
    }
    case "memo":
      return "[]";
    case "integer":
      return Math.min(Math.max(column.min ?? 0, 1), column.max ?? 2147483647);
    case "decimal":
      return Math.min(Math.max(column.min ?? 0, 1.5), column.max ?? 1.5);
    case "money":
      return 125.5;
    case "boolean":
      return true;
    case "datetime":
      return column.behavior === "dateonly" ? "2024-03-15" : "2024-03-15T14:30:00Z";
    case "choice":
      return column.options[column.options.length - 1].value;
    case "lookup":
      return `/${entitySetOf(column.target)}(${targetId(column.target)})`;
  }
}

/**
 * Every column the solution defines (custom tables and the columns added to standard ones) with a value a
 * write to it must accept: for "the emulator imports the zip and accepts writes to every column it defines".
 * Lookups point at `targetId(table)` (default: a fixed id per table, `sampleTargetId`), e.g. an existing
 * system user's id for systemuser lookups.
 */
export function sampleValuesForEveryColumn(targetId: (table: string) => string = sampleTargetId): ColumnSample[] {
  return [...solutionModel.tables, ...solutionModel.extensions].flatMap((table) =>
    table.columns.map((column) => ({
      table: table.logicalName,
      entitySet: table.entitySetName,
      column: column.logicalName,
      value: sampleValue(table.logicalName, column, targetId),
      property: column.type === "lookup" ? `${column.navigationProperty}@odata.bind` : column.logicalName,
      ...(column.type === "lookup" ? { target: { table: column.target, entitySet: entitySetOf(column.target), id: targetId(column.target) } } : {}),
    })));
}
