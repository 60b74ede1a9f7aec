import { tableAddress } from "../model/tables";
import type { PlannedRecord } from "../plan/types";
import type { Entity } from "../../dataverse/types";
import type { ObjectKind } from "../model/types";
import { contentHash } from "./hash";
import type { MappedRow } from "./mapped-row";

/** Source key of a Dental-Exec row: `patient:10482`. */
export const sourceKey = (prefix: string, id: string) => `${prefix}:${id}`;

/** OData string literal: quotes doubled. */
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** `/contacts(dxm_sourcekey='patient:1')`: a lookup bound by alternate key, no GUID look-up needed. */
export function bindByKey(table: string, key: string): string {
  return `/${tableAddress(table).entitySet}(dxm_sourcekey=${literal(key)})`;
}

/** `/systemusers(<id>)`. */
export function bindById(entitySet: string, id: string): string {
  return `/${entitySet}(${id})`;
}

/** Drops undefined values, so payloads only carry what the row has. */
export function compact(payload: Record<string, unknown>): Entity {
  const out: Entity = {};
  for (const [k, v] of Object.entries(payload)) if (v !== undefined && v !== "") out[k] = v;
  return out;
}

/** A PlannedRecord for `table` with its entity set and content hash filled in. */
export function plannedRecord(
  row: Pick<MappedRow, "file" | "line">,
  object: ObjectKind,
  table: string,
  key: string,
  payload: Entity,
  extra: Pick<PlannedRecord, "attachment" | "finalState" | "hashKey"> = {},
): PlannedRecord {
  // Worked out when first read, and memoised: a full run's validation pass checks every record and never reads
  // it (a tenth of that pass's time at 10k). The load reads it as each record is produced (plan-migration.ts
  // `records`), before anything else holds the record, so it is the hash eager computing gave. An earlier lazy
  // hash, first read after the load, once made a resumed run write some notes twice; the load no longer changes
  // a payload in place and the resume tests pass either way, but the hash stays the planned payload's by design.
  let hash: string | undefined;
  const record: PlannedRecord = {
    object, table, entitySet: tableAddress(table).entitySet, sourceKey: key, file: row.file, line: row.line, payload,
    get contentHash() {
      return (hash ??= contentHash({ payload, attachment: extra.attachment, finalState: extra.finalState }));
    },
  };
  if (extra.attachment) record.attachment = extra.attachment;
  if (extra.finalState) record.finalState = extra.finalState;
  if (extra.hashKey) record.hashKey = extra.hashKey;
  return record;
}
