/**
 * Practice / location → account. Each Dental-Exec location is its own account (key `location:<id>`);
 * patients point at their primary location through parentcustomerid and at every location they are seen at
 * through connections (see patient.ts). Industry comes from the practice type's value map, "Doctor's Offices
 * and Clinics" (account.industrycode 11, an Int32 picklist) by default.
 */
import type { PlannedRecord } from "../plan/types";
import { bindByKey, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { mapOption, normalisePhone, text } from "./values";

export const DOCTORS_OFFICES_AND_CLINICS = 11;

export const locationKey = (locationId: string) => sourceKey("location", locationId);

/** `parentcustomerid_account@odata.bind` value for a location. */
export const bindLocation = (locationId: string) => bindByKey("account", locationKey(locationId));

export function planPractice(row: MappedRow, ctx: Pick<ObjectContext, "timeZone">): PlannedRecord {
  const t = "account";
  const id = row.get("locationId");
  const created = utcDateTime(row.get("createdDate"), row.dateOrder, ctx.timeZone);
  const practiceType = row.get("practiceType");
  const payload = compact({
    [row.column("name", t, "name")]: text(row.get("name")),
    industrycode: (practiceType && mapOption(practiceType, row.valueMap("practiceType"))) || DOCTORS_OFFICES_AND_CLINICS,
    [row.column("address1", t, "address1_line1")]: text(row.get("address1")),
    [row.column("address2", t, "address1_line2")]: text(row.get("address2")),
    [row.column("city", t, "address1_city")]: text(row.get("city")),
    [row.column("state", t, "address1_stateorprovince")]: text(row.get("state")),
    [row.column("zip", t, "address1_postalcode")]: text(row.get("zip")),
    [row.column("phone", t, "telephone1")]: normalisePhone(row.get("phone")),
    [row.column("email", t, "emailaddress1")]: text(row.get("email")),
    dxm_sourcepracticeid: text(row.get("practiceId")) ?? id,
    overriddencreatedon: created,
    dxm_sourcecreatedon: created,
    dxm_sourcekey: locationKey(id),
  });
  return plannedRecord(row, "practice", t, locationKey(id), payload);
}
