/**
 * Patient → contact (key `patient:<id>`): names, birth date (date only, never shifted), phones, email,
 * address, gender by value map (1 Male, 2 Female), original creation date in overriddencreatedon and
 * dxm_sourcecreatedon, provider role Patient, recall fields, the drug-interaction flag, the practice's custom
 * fields. Primary location → parentcustomerid; owner → the primary provider's user (or the fallback owner);
 * referring dentist → dxm_referringproviderid, bound by key to the deduplicated referrer contact.
 * A patient seen at several locations gets a connection (Patient ↔ Practice location) to each of them.
 * Insurance coverage is written afterwards by the "contact coverage" update (insurance-policy.ts), because
 * policies need their subscriber contact first; the guarantor (another patient, the responsible party) by the
 * "patient guarantors" update, because the guarantor's contact may come later in the file. A patient who is
 * their own guarantor gets no link.
 */
import { providerRoleOptions } from "../../solution/model/tables/contact";
import type { PlannedRecord } from "../plan/types";
import { bindById, bindByKey, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { customColumns } from "./custom-fields";
import { dateOnly, utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { locationKey } from "./practice";
import { mapBoolean, mapOption, normalisePhone, parseInteger, text } from "./values";

export const PATIENT_ROLE = providerRoleOptions.find((o) => o.label === "Patient")!.value;

/** contact.gendercode defaults when the map has no value map for gender. */
export const defaultGenderMap: Record<string, number> = { M: 1, Male: 1, F: 2, Female: 2 };

export const patientKey = (patientId: string) => sourceKey("patient", patientId);
export const connectionKey = (patientId: string, locationId: string) => sourceKey("connection", `${patientId}:${locationId}`);

/** `dxm_patientid@odata.bind` / regarding value for a patient. */
export const bindPatient = (patientId: string) => bindByKey("contact", patientKey(patientId));

/** Other locations as written: "3;7", "3, 7". */
export function splitIds(text: string): string[] {
  return text.split(/[;,|]/).map((s) => s.trim()).filter(Boolean);
}

/** Every location a patient is seen at, primary first, without repeats. */
export function patientLocations(row: MappedRow): string[] {
  return [...new Set([row.get("primaryLocationId"), ...splitIds(row.get("otherLocationIds"))].filter(Boolean))];
}

export function planPatient(row: MappedRow, ctx: ObjectContext): PlannedRecord {
  const t = "contact";
  const id = row.get("patientId");
  const created = utcDateTime(row.get("createdDate"), row.dateOrder, ctx.timeZone);
  const location = row.get("primaryLocationId");
  const owner = ctx.ownerOf(row.get("primaryProviderId"));
  const referrer = ctx.referrerKeyOf(row);
  const gender = row.get("gender");
  const payload = compact({
    [row.column("firstName", t, "firstname")]: text(row.get("firstName")),
    [row.column("middleName", t, "middlename")]: text(row.get("middleName")),
    [row.column("lastName", t, "lastname")]: text(row.get("lastName")),
    [row.column("preferredName", t, "nickname")]: text(row.get("preferredName")),
    [row.column("birthDate", t, "birthdate")]: dateOnly(row.get("birthDate"), row.dateOrder),
    gendercode: gender ? mapOption(gender, row.valueMap("gender") ?? defaultGenderMap) : undefined,
    [row.column("homePhone", t, "telephone2")]: normalisePhone(row.get("homePhone")),
    [row.column("cellPhone", t, "mobilephone")]: normalisePhone(row.get("cellPhone")),
    [row.column("workPhone", t, "telephone1")]: normalisePhone(row.get("workPhone")),
    [row.column("email", t, "emailaddress1")]: text(row.get("email")),
    [row.column("address1", t, "address1_line1")]: text(row.get("address1")),
    [row.column("address2", t, "address1_line2")]: text(row.get("address2")),
    [row.column("city", t, "address1_city")]: text(row.get("city")),
    [row.column("state", t, "address1_stateorprovince")]: text(row.get("state")),
    [row.column("zip", t, "address1_postalcode")]: text(row.get("zip")),
    dxm_druginteractionflag: row.has("drugInteraction") ? mapBoolean(row.get("drugInteraction"), row.valueMap("drugInteraction")) : undefined,
    dxm_recallinterval: parseInteger(row.get("recallInterval")),
    dxm_nextrecalldate: dateOnly(row.get("nextRecallDate"), row.dateOrder),
    overriddencreatedon: created,
    dxm_sourcecreatedon: created,
    dxm_sourcepatientid: id,
    dxm_providerrole: PATIENT_ROLE,
    "parentcustomerid_account@odata.bind": location ? bindByKey("account", locationKey(location)) : undefined,
    "ownerid@odata.bind": owner ? bindById("systemusers", owner) : undefined,
    "dxm_referringproviderid@odata.bind": referrer ? bindByKey("contact", referrer) : undefined,
    ...customColumns(row.custom, t, ctx.timeZone),
    dxm_sourcekey: patientKey(id),
  });
  return plannedRecord(row, "patient", t, patientKey(id), payload);
}

/** Hash key of the guarantor update, distinct from the patient record's own. */
export const guarantorHashKey = (patientId: string) => `guarantor-of:${patientKey(patientId)}`;

/** The guarantor update: the patient's contact points at the guarantor's contact (both bound by key). */
export function planGuarantor(row: MappedRow): PlannedRecord {
  const id = row.get("patientId");
  const payload = { "dxm_guarantorid@odata.bind": bindPatient(row.get("guarantorId")) };
  return plannedRecord(row, "patient", "contact", patientKey(id), payload, { hashKey: guarantorHashKey(id) });
}

/**
 * Connections of a patient seen at several locations: one per location (the primary one included), patient
 * as record 1 in the Patient role, the location as record 2 in the Practice location role. `known` filters
 * out locations that are not in the export (the validator reports them).
 */
export function planConnections(row: MappedRow, ctx: Pick<ObjectContext, "connectionRoleIds">, known: (locationId: string) => boolean = () => true): PlannedRecord[] {
  const id = row.get("patientId");
  const locations = patientLocations(row);
  if (locations.length < 2) return [];
  return locations.filter(known).map((location) => {
    const key = connectionKey(id, location);
    return plannedRecord(row, "patient", "connection", key, {
      "record1id_contact@odata.bind": bindPatient(id),
      "record1roleid@odata.bind": bindById("connectionroles", ctx.connectionRoleIds.patient),
      "record2id_account@odata.bind": bindByKey("account", locationKey(location)),
      "record2roleid@odata.bind": bindById("connectionroles", ctx.connectionRoleIds.practiceLocation),
      dxm_sourcekey: key,
    });
  });
}
