import type { Entity } from "../../dataverse/types";
import { utcDateTime } from "./dates";
import type { CustomValue } from "./mapped-row";
import { parseInteger, parseMoney, parseYesNo } from "./values";

/** The value a custom column takes from its cell, by the column type the admin confirmed. */
export function customValue(c: CustomValue, timeZone: string): unknown {
  if (!c.value) return undefined;
  switch (c.type) {
    case "string":
    case "memo":
      return c.value;
    case "integer":
      return parseInteger(c.value);
    case "decimal":
    case "money":
      return parseMoney(c.value);
    case "boolean":
      return parseYesNo(c.value);
    case "datetime":
      return utcDateTime(c.value, c.dateOrder, timeZone);
  }
}

/** The practice's custom fields that land on `table`. */
export function customColumns(custom: CustomValue[], table: string, timeZone: string): Entity {
  const out: Entity = {};
  for (const c of custom) {
    if (c.table !== table) continue;
    const v = customValue(c, timeZone);
    if (v !== undefined) out[c.logicalName] = v;
  }
  return out;
}
