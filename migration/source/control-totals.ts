import { objectSpecs } from "../model";
import type { ControlTotal, ExpectedTotals, Inventory } from "./types";

/**
 * Compares the counts the admin took from Dental-Exec's own reports with the rows the inventory found for
 * each object (summed over the files that hold it), in dependency order.
 */
export function compareControlTotals(inventory: Inventory, expected: ExpectedTotals): ControlTotal[] {
  return objectSpecs
    .filter((spec) => expected[spec.kind] !== undefined)
    .map((spec) => {
      const found = inventory.files.filter((f) => f.object === spec.kind).reduce((n, f) => n + f.rows, 0);
      const want = expected[spec.kind] ?? 0;
      return { object: spec.kind, expected: want, found, matches: want === found };
    });
}
