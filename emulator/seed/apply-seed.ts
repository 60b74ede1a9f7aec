import type { Schema } from "../schema/types";
import type { Store } from "../store/database";
import type { Records } from "../records/records";
import type { SqlValue } from "../store/values";
import type { SeedData } from "./default-seed";

/**
 * Writes the seed through the normal create path (so it is validated like any payload); columns callers
 * cannot set (e.g. `isdisabled`) are then written directly, as an administrator's settings would be.
 */
export function applySeed(store: Store, schema: Schema, records: Records, seed: SeedData): void {
  store.transaction(() => {
    const org = schema.tables.get("organization")!;
    records.create(org, { ...seed.organization });
    for (const [logicalName, rows] of Object.entries(seed.records)) {
      const table = schema.tables.get(logicalName);
      if (!table) throw new Error(`seed: unknown table '${logicalName}'`);
      for (const row of rows) {
        const id = records.create(table, row);
        const direct: Record<string, SqlValue> = {};
        for (const [name, value] of Object.entries(row)) {
          const attribute = table.attributes.get(name);
          if (attribute && !attribute.validForCreate && attribute.type !== "lookup") direct[name] = typeof value === "boolean" ? (value ? 1 : 0) : (value as SqlValue);
        }
        store.update(table, id, direct);
      }
    }
  });
}
