import type { Emulator } from "../emulator";
import type { RunCounters } from "../migration/ledger/types";
import { migratedTables } from "../migration/model/tables";

/** Per migrated table: what carries the run's stamp, against what the engine says it created. */
export interface StampCount {
  table: string;
  stamped: number;
  distinctKeys: number;
  expected: number;
  duplicates: number;
  missing: number;
}

/**
 * Counts the records stamped with `runId` in every migrated table, straight from the emulator's store
 * (a SQL count over millions of rows, instead of paging them through the Web API). On a target that was
 * empty, every record the run created carries its stamp once: duplicates are rows sharing a source key,
 * missing ones are created records without a row.
 */
export function countByStamp(emulator: Emulator, runId: string, counters: RunCounters): StampCount[] {
  const out: StampCount[] = [];
  for (const table of migratedTables) {
    // Notes carry no stamp: on a target that started empty, every note in the table is the run's.
    const [row] = table.stamped
      ? emulator.store.all(`SELECT COUNT(*) AS n, COUNT(DISTINCT "dxm_sourcekey") AS k FROM "${table.logicalName}" WHERE "dxm_migrationrunid" = ?`, [runId])
      : emulator.store.all(`SELECT COUNT(*) AS n, COUNT(*) AS k FROM "${table.logicalName}" WHERE "objecttypecode" IS NOT 'dxm_migrationrun'`, []);
    const stamped = Number(row.n);
    const distinctKeys = Number(row.k);
    const expected = counters[table.logicalName]?.created ?? 0;
    if (stamped === 0 && expected === 0) continue;
    out.push({ table: table.logicalName, stamped, distinctKeys, expected, duplicates: stamped - distinctKeys, missing: Math.max(0, expected - stamped) });
  }
  return out;
}

/** Records still stamped with `runId`, plus any notes (after a rollback on a target that started empty: none). */
export function stampedTotal(emulator: Emulator, runId: string): number {
  let n = 0;
  for (const table of migratedTables) {
    const sql = table.stamped ? `SELECT COUNT(*) AS n FROM "${table.logicalName}" WHERE "dxm_migrationrunid" = ?` : `SELECT COUNT(*) AS n FROM "${table.logicalName}" WHERE "objecttypecode" IS NOT 'dxm_migrationrun'`;
    n += Number(emulator.store.all(sql, table.stamped ? [runId] : [])[0].n);
  }
  return n;
}

/** Per migrated table: the records in it and their distinct source keys (notes: every note but the run's own). */
export interface LandedCount {
  table: string;
  rows: number;
  distinctKeys: number;
}

/**
 * What landed in every migrated table, run stamp or not: a peer writer stamps nothing, so after it ran on an
 * emptied emulator its records are all the rows there. Tables left empty are left out.
 */
export function countLanded(emulator: Emulator): LandedCount[] {
  const out: LandedCount[] = [];
  for (const table of migratedTables) {
    const [row] = table.stamped
      ? emulator.store.all(`SELECT COUNT(*) AS n, COUNT(DISTINCT "dxm_sourcekey") AS k FROM "${table.logicalName}"`, [])
      : emulator.store.all(`SELECT COUNT(*) AS n, COUNT(*) AS k FROM "${table.logicalName}" WHERE "objecttypecode" IS NOT 'dxm_migrationrun'`, []);
    if (Number(row.n) > 0) out.push({ table: table.logicalName, rows: Number(row.n), distinctKeys: Number(row.k) });
  }
  return out;
}
