import { EXPORT_DAY, phone, usDate } from "../formats";
import type { Location } from "../organization";
import { CARRIERS, CITIES, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, PHARMACIES, STREETS } from "../reference-data";
import type { GenerateContext, Patient, Policy, RowValues } from "./context";
import { referringColumns } from "./referring";

/** The practice's custom fields, written after the reference columns of patients.csv. */
export const PATIENT_CUSTOM_HEADERS = ["Custom: Preferred Pharmacy", "Custom: Emergency Contact", "Custom: Hygiene Notes Flag"];

const YEAR = 365.25;

/** A household: one to five patients sharing a last name, an address, a home phone and (often) a policy. */
export function family(ctx: GenerateContext, maxSize: number): { members: Patient[]; rows: RowValues[] } {
  const { rng, org } = ctx;
  const size = Math.min(maxSize, rng.weighted([[1, 50], [2, 20], [3, 15], [4, 10], [5, 5]] as const));
  const lastName = rng.pick(LAST_NAMES);
  const location = rng.pick(org.locations);
  const place = CITIES.find((c) => c.city === location.city) ?? rng.pick(CITIES);
  const address1 = `${rng.int(10, 9999)} ${rng.pick(STREETS)}`;
  const address2 = rng.chance(0.15) ? `Apt ${rng.int(1, 40)}${rng.pick(["", "B", "C"])}` : "";
  const zip = rng.chance(0.2) ? `${place.zip3}${rng.digits(2)}-${rng.digits(4)}` : `${place.zip3}${rng.digits(2)}`;
  const homePhone = rng.chance(0.7) ? phone(rng, place.area) : "";
  const insured = rng.chance(0.8);
  const subscriberId = ctx.ids.patient;
  const policy: Policy | null = insured
    ? {
        carrier: rng.pick(CARRIERS),
        policyNumber: `${rng.pick(["W", "U", "XZ", ""])}${rng.digits(9)}`,
        groupNumber: rng.chance(0.85) ? rng.digits(rng.int(5, 7)) : "",
        subscriberId,
        preventive: 100,
        basic: rng.pick([70, 80, 80, 90]),
        major: rng.pick([50, 50, 60]),
        effective: EXPORT_DAY - rng.int(200, 4000),
        end: rng.chance(0.1) ? EXPORT_DAY - rng.int(1, 180) : null,
      }
    : null;
  const members: Patient[] = [];
  const rows: RowValues[] = [];
  const parentAge = rng.int(size > 2 ? 28 : 20, size > 2 ? 52 : 85);
  for (let m = 0; m < size; m++) {
    const relationship = m === 0 ? "Self" : m === 1 && (size === 2 ? rng.chance(0.7) : true) ? "Spouse" : "Child";
    const age = relationship === "Child" ? rng.int(1, Math.max(2, Math.min(24, parentAge - 18))) : parentAge + rng.int(-4, 4);
    const gender = rng.chance(0.52) ? "F" : "M";
    const firstName = rng.pick(gender === "F" ? FIRST_NAMES_F : FIRST_NAMES_M);
    const birthDay = EXPORT_DAY - Math.floor(age * YEAR) - rng.int(0, 364);
    const otherLocations: Location[] = rng.chance(0.2) ? org.locations.filter((l) => l !== location && rng.chance(0.5)).slice(0, 2) : [];
    const providers = org.providers.filter((p) => p.locationId === location.locationId && p.credentials !== "RDH");
    const patient: Patient = {
      patientId: ctx.ids.patient++,
      firstName,
      middleName: rng.chance(0.4) ? rng.pick("ABCDEFGHJKLMNPRSTW".split("")) : "",
      lastName: relationship === "Spouse" && rng.chance(0.2) ? rng.pick(LAST_NAMES) : lastName,
      gender,
      birthDay,
      relationship,
      location,
      otherLocations,
      provider: rng.pick(providers.length ? providers : org.providers),
      email: age >= 16 && rng.chance(0.75) ? `${firstName}.${lastName}${rng.chance(0.4) ? rng.int(1, 99) : ""}@${rng.pick(["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "comcast.net"])}`.normalize("NFD").toLowerCase().replace(/[^a-z0-9.@]/g, "") : "",
      createdDay: EXPORT_DAY - rng.int(30, Math.min(age * 365, 6000)),
      recallMonths: rng.weighted([[6, 80], [3, 10], [4, 5], [12, 5]] as const),
      policy,
      coverages: [],
      guarantorId: subscriberId,
      homePhone,
    };
    members.push(patient);
    const nextRecall = EXPORT_DAY + rng.int(-60, patient.recallMonths * 30);
    rows.push({
      patientId: String(patient.patientId),
      firstName,
      middleName: patient.middleName,
      lastName: patient.lastName,
      preferredName: rng.chance(0.08) ? firstName.slice(0, 3) : "",
      birthDate: usDate(birthDay),
      gender: rng.chance(0.05) ? "U" : gender,
      homePhone,
      cellPhone: age >= 13 && rng.chance(0.8) ? phone(rng, place.area) : "",
      workPhone: relationship !== "Child" && rng.chance(0.25) ? `${phone(rng)}${rng.chance(0.3) ? ` x${rng.int(100, 999)}` : ""}` : "",
      email: patient.email,
      address1,
      address2,
      city: place.city,
      state: place.state,
      zip,
      primaryLocationId: String(location.locationId),
      otherLocationIds: otherLocations.map((l) => l.locationId).join(";"),
      primaryProviderId: String(patient.provider.providerId),
      guarantorId: String(subscriberId),
      ...referringColumns(ctx, rng.chance(0.35)),
      drugInteraction: rng.chance(0.08) ? "Y" : "N",
      recallInterval: String(patient.recallMonths),
      nextRecallDate: usDate(nextRecall),
      createdDate: usDate(patient.createdDay),
      [PATIENT_CUSTOM_HEADERS[0]]: rng.chance(0.6) ? rng.pick(PHARMACIES) : "",
      [PATIENT_CUSTOM_HEADERS[1]]: relationship === "Child" ? `${rng.pick([...FIRST_NAMES_F, ...FIRST_NAMES_M])} ${lastName} ${phone(rng, place.area)}` : rng.chance(0.5) ? `${rng.pick([...FIRST_NAMES_F, ...FIRST_NAMES_M])} ${rng.pick(LAST_NAMES)} ${phone(rng)}` : "",
      [PATIENT_CUSTOM_HEADERS[2]]: rng.chance(0.3) ? "Y" : "N",
    });
  }
  return { members, rows };
}
