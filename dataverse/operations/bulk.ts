import type { BulkMessage, Entity } from "../types";
import { odataString } from "../odata/literals";

/** `contacts/Microsoft.Dynamics.CRM.CreateMultiple`: the bound action's path. */
export function bulkActionPath(entitySet: string, message: BulkMessage): string {
  return `${entitySet}/Microsoft.Dynamics.CRM.${message}`;
}

/** `{"Targets":[{"@odata.type":"Microsoft.Dynamics.CRM.contact", …}]}`: every target names its type. */
export function bulkPayload(logicalName: string, targets: Entity[]): { Targets: Entity[] } {
  const type = `Microsoft.Dynamics.CRM.${logicalName}`;
  return { Targets: targets.map((target) => ({ ...target, "@odata.type": type })) };
}

/** Ids from a CreateMultiple / UpsertMultiple response (`{"Ids":[…]}`), in the order of the targets. */
export function idsFromBulkResponse(body: unknown): string[] {
  const ids = (body as { Ids?: unknown } | undefined)?.Ids;
  if (!Array.isArray(ids)) return [];
  return ids.map((id) => String(id).toLowerCase());
}

/**
 * The query Microsoft documents to learn whether a table supports a bulk message: an sdkmessagefilter exists
 * for the message and the table.
 */
export function bulkSupportQueryPath(logicalName: string, message: BulkMessage): string {
  const filter = `sdkmessageid/name eq ${odataString(message)} and primaryobjecttypecode eq ${odataString(logicalName)}`;
  return `sdkmessagefilters?$select=sdkmessagefilterid&$filter=${encodeURIComponent(filter)}`;
}

/**
 * The same question for several tables in one query: the filters of `message` whose table is one of
 * `logicalNames` (`primaryobjecttypecode` of each row says which tables support it). The tables are
 * `or`-ed `eq` terms, not `Microsoft.Dynamics.CRM.In`: that a query function works on sdkmessagefilters
 * is nowhere documented, and plain comparisons work on every table.
 */
export function bulkSupportByTablePath(logicalNames: string[], message: BulkMessage): string {
  const tables = logicalNames.map((t) => `primaryobjecttypecode eq ${odataString(t)}`).join(" or ");
  const filter = `sdkmessageid/name eq ${odataString(message)} and (${tables})`;
  return `sdkmessagefilters?$select=primaryobjecttypecode&$filter=${encodeURIComponent(filter)}`;
}
