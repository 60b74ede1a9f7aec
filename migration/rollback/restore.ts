import type { Entity } from "../../dataverse/types";
import { findColumn } from "../../solution/model";
import { tableAddress } from "../model/tables";

/**
 * Turns a before-image into the PATCH body that puts it back. Plain columns go back as they were;
 * lookups read back as `_x_value` go back through their navigation property (`x@odata.bind`), or are
 * cleared with `x@odata.bind: null` when they were empty. Before-images already written in bind form
 * (`x@odata.bind`) pass through.
 */
export function restorePayload(table: string, before: Record<string, unknown>): Entity {
  const body: Entity = {};
  for (const [key, value] of Object.entries(before)) {
    if (key.includes("@")) {
      if (key.endsWith("@odata.bind")) body[key] = value;
      continue; // annotations such as @OData.Community.Display.V1.FormattedValue
    }
    const lookup = /^_(.+)_value$/.exec(key);
    if (!lookup) {
      body[key] = value;
      continue;
    }
    const column = lookup[1];
    const target = lookupTarget(table, column, before[`${key}@Microsoft.Dynamics.CRM.lookuplogicalname`]);
    if (!target) continue; // a system lookup (createdby, owningbusinessunit...) the run never writes
    body[`${target.navigation}@odata.bind`] = value ? `/${target.entitySet}(${String(value)})` : null;
  }
  return body;
}

function lookupTarget(table: string, column: string, logicalNameAnnotation: unknown): { navigation: string; entitySet: string } | undefined {
  const defined = findColumn(table, column);
  if (defined?.type === "lookup") {
    return { navigation: defined.navigationProperty, entitySet: entitySetOf(defined.target) };
  }
  if (column === "ownerid") return { navigation: "ownerid", entitySet: "systemusers" };
  if (column === "parentcustomerid") {
    const target = typeof logicalNameAnnotation === "string" ? logicalNameAnnotation : "account";
    return { navigation: `parentcustomerid_${target}`, entitySet: entitySetOf(target) };
  }
  return undefined;
}

function entitySetOf(logicalName: string): string {
  if (logicalName === "systemuser") return "systemusers";
  return tableAddress(logicalName).entitySet;
}
