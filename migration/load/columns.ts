import { isDeepInsert } from "../../dataverse/odata/payload";
import type { Entity, EntityMetadata } from "../../dataverse/types";

const BIND = "@odata.bind";

/**
 * Keys of a payload that are columns or lookups: not `@odata.type` and other instance annotations, not deep
 * inserts of related records (`email_activity_parties`), which have no column to read back.
 */
export function writtenKeys(payload: Entity): string[] {
  return Object.keys(payload).filter((k) => !k.startsWith("@") && !k.startsWith("#") && !isDeepInsert(payload, k));
}

/**
 * The lookup column behind a navigation property: `parentcustomerid_account` → `parentcustomerid`,
 * `regardingobjectid_contact_task` → `regardingobjectid`, `dxm_patientid` → `dxm_patientid`. Read from the
 * org's metadata (the longest lookup attribute the name starts with), so no table of names is kept here.
 */
export function lookupColumn(navigationProperty: string, metadata?: EntityMetadata): string {
  if (!metadata) return navigationProperty;
  const names = metadata.Attributes.map((a) => a.LogicalName);
  if (names.includes(navigationProperty)) return navigationProperty;
  const prefixes = names.filter((n) => navigationProperty.startsWith(`${n}_`)).sort((a, b) => b.length - a.length);
  return prefixes[0] ?? navigationProperty;
}

/** `/accounts(dxm_sourcekey='location:3')` → `accounts`. */
export function entitySetOfBind(bind: unknown): string | undefined {
  if (typeof bind !== "string") return undefined;
  return /^\/?([A-Za-z0-9_]+)\(/.exec(bind)?.[1];
}

/** The columns a record's update would write, as `$select` names (`_x_value` for lookups). */
export function selectForImage(payload: Entity, metadata?: EntityMetadata): string[] {
  return updatableKeys(payload, metadata).map((k) => (k.endsWith(BIND) ? `_${lookupColumn(k.slice(0, -BIND.length), metadata)}_value` : k));
}

/**
 * The before-image of a record: the previous value of every column the update writes, lookups as
 * `"<nav>@odata.bind": "/<set>(<id>)"` (or null), so a rollback can PATCH it back as is. A deep insert the
 * update sends (an email's parties) is imaged when the row was read with its previous collection.
 */
export function beforeImageOf(row: Entity, payload: Entity, metadata?: EntityMetadata): Entity {
  const image: Entity = {};
  for (const key of Object.keys(payload)) if (isDeepInsert(payload, key) && Array.isArray(row[key])) image[key] = row[key];
  for (const key of updatableKeys(payload, metadata)) {
    if (key.endsWith(BIND)) {
      const previous = row[`_${lookupColumn(key.slice(0, -BIND.length), metadata)}_value`];
      const set = entitySetOfBind(payload[key]);
      image[key] = previous && set ? `/${set}(${String(previous)})` : null;
    } else {
      image[key] = row[key] ?? null;
    }
  }
  return image;
}

/** Payload keys an update may write: not the key itself, not columns the org marks create-only. */
export function updatableKeys(payload: Entity, metadata?: EntityMetadata): string[] {
  return writtenKeys(payload).filter((k) => k !== "dxm_sourcekey" && isUpdatable(k, metadata));
}

function isUpdatable(key: string, metadata?: EntityMetadata): boolean {
  if (!metadata) return true;
  const column = key.endsWith(BIND) ? lookupColumn(key.slice(0, -BIND.length), metadata) : key;
  const attribute = metadata.Attributes.find((a) => a.LogicalName === column);
  return attribute?.IsValidForUpdate !== false;
}

/**
 * The payload an update sends: create-only columns (e.g. `overriddencreatedon`) removed. Deep inserts stay: an
 * update carrying an activity's party collection replaces its parties, so a re-run leaves exactly the planned ones.
 */
export function updatePayload(payload: Entity, metadata?: EntityMetadata): Entity {
  const keys = new Set(updatableKeys(payload, metadata));
  return Object.fromEntries(Object.entries(payload).filter(([k]) => keys.has(k) || k === "dxm_sourcekey" || k.startsWith("@") || isDeepInsert(payload, k)));
}

const GUID_BIND = /\(([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\)$/i;

/**
 * A record as a read would return it right after it was created with `body` (the before-image source of
 * an update in the same request as its create): columns as sent, lookups bound by id as `_x_value`. A
 * lookup bound by alternate key has no id to show; its column is listed in `unknown`.
 */
export function rowAsCreated(body: Entity, metadata?: EntityMetadata): { row: Entity; unknown: Set<string> } {
  const row: Entity = {};
  const unknown = new Set<string>();
  for (const [key, value] of Object.entries(body)) {
    if (!key.endsWith(BIND)) {
      if (!key.startsWith("@")) row[key] = value;
      continue;
    }
    const column = lookupColumn(key.slice(0, -BIND.length), metadata);
    const id = GUID_BIND.exec(String(value))?.[1];
    if (id) row[`_${column}_value`] = id;
    else unknown.add(column);
  }
  return { row, unknown };
}

/** The lookup columns an update payload writes. */
export function lookupColumnsOf(payload: Entity, metadata?: EntityMetadata): string[] {
  return writtenKeys(payload).filter((k) => k.endsWith(BIND)).map((k) => lookupColumn(k.slice(0, -BIND.length), metadata));
}
