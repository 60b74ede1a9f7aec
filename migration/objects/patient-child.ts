/**
 * What every custom table hanging off a patient (treatment history, appointments, plans, billing records)
 * writes the same way: the Dental-Exec Created Date in overriddencreatedon and dxm_sourcecreatedon, the
 * patient bound by key, the provider's matched user as provider lookup and owner, and the source key
 * `<prefix>:<id>`. An object module names its table, key and provider field once (`PatientChild`) and writes
 * only its own columns; `patientChildRecord` adds these and makes the PlannedRecord.
 */
import type { Entity } from "../../dataverse/types";
import type { ObjectKind } from "../model/types";
import type { PlannedRecord } from "../plan/types";
import { bindById, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { bindPatient } from "./patient";

/** A Dental-Exec object that lands as one record of a custom table, child of a patient. */
export interface PatientChild {
  object: ObjectKind;
  /** The custom table (`dxm_treatmenthistory`). */
  table: string;
  /** Source key prefix (`procedure` gives `procedure:55`). */
  keyPrefix: string;
  /** The field holding the row's Dental-Exec id. */
  idField: string;
  /**
   * The field naming the provider whose user is the record's provider lookup (dxm_providerid) and owner;
   * absent when the object names none (billing records: owned by the running user, no provider lookup).
   */
  providerField?: string;
}

/** Source key of a row of the object: `procedure:55`. */
export function childKey(child: PatientChild, row: MappedRow): string {
  return sourceKey(child.keyPrefix, row.get(child.idField));
}

/** The columns every patient child writes, in the order they close its payload. */
export function patientChildColumns(child: PatientChild, row: MappedRow, ctx: ObjectContext): Entity {
  const created = utcDateTime(row.get("createdDate"), row.dateOrder, ctx.timeZone);
  const provider = child.providerField === undefined ? undefined : row.get(child.providerField);
  const user = provider === undefined ? undefined : ctx.userOf(provider);
  const owner = provider === undefined ? undefined : ctx.ownerOf(provider);
  return {
    // createdon takes the original date as on the standard tables; dxm_sourcecreatedon keeps it where createdon cannot.
    overriddencreatedon: created,
    dxm_sourcecreatedon: created,
    "dxm_patientid@odata.bind": bindPatient(row.get("patientId")),
    "dxm_providerid@odata.bind": user ? bindById("systemusers", user) : undefined,
    "ownerid@odata.bind": owner ? bindById("systemusers", owner) : undefined,
    dxm_sourcekey: childKey(child, row),
  };
}

/** The object's own columns (undefined and "" dropped) followed by the shared ones, as a PlannedRecord. */
export function patientChildRecord(child: PatientChild, row: MappedRow, ctx: ObjectContext, columns: Record<string, unknown>): PlannedRecord {
  const payload = compact({ ...columns, ...patientChildColumns(child, row, ctx) });
  return plannedRecord(row, child.object, child.table, childKey(child, row), payload);
}
