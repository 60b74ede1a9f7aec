import { npiCheckDigit } from "../../migration/source/value-types";
import { EXPORT_DAY, phone, usDate } from "./formats";
import { Rng } from "./prng";
import { CITIES, FIRST_NAMES_F, FIRST_NAMES_M, LAST_NAMES, PRACTICE_NAMES, PRACTICE_TYPES, STREETS } from "./reference-data";

/**
 * The practices, their locations and providers. They depend on the seed only (not on the patient count),
 * so the Dynamics users an emulator is seeded with (`seedUsers(seed)`) match any export made with the seed.
 */
export interface Location {
  locationId: number;
  practiceId: number;
  name: string;
  practiceType: string;
  address1: string;
  address2: string;
  city: string;
  state: string;
  zip: string;
  area: string;
  phone: string;
  email: string;
  createdDate: string;
}

export interface Provider {
  providerId: number;
  firstName: string;
  lastName: string;
  credentials: "DDS" | "DMD" | "RDH";
  specialty: string;
  npi: string;
  email: string;
  phone: string;
  locationId: number;
  active: "Y" | "N";
  /** How the provider stands in Dynamics: a user, no user, or a disabled user. */
  dynamicsUser: "active" | "none" | "disabled";
}

export interface Organization {
  locations: Location[];
  providers: Provider[];
}

/** A user as the emulator seeds `systemuser` rows. */
export interface DynamicsUser {
  firstname: string;
  lastname: string;
  internalemailaddress: string;
  isdisabled: boolean;
}

const slug = (s: string): string => s.normalize("NFD").toLowerCase().replace(/[^a-z]+/g, "");

export function validNpi(rng: Rng): string {
  const base = `${rng.int(1, 2)}${rng.digits(8)}`;
  return `${base}${npiCheckDigit(base)}`;
}

export function organization(seed: number): Organization {
  const rng = new Rng(seed, "organization");
  const locations: Location[] = [];
  const providers: Provider[] = [];
  const first = rng.int(0, PRACTICE_NAMES.length - 1);
  const practiceNames = [0, 1, 2].slice(0, 2 + rng.int(0, 1)).map((k) => PRACTICE_NAMES[(first + k) % PRACTICE_NAMES.length]);
  const emails = new Set<string>();
  let providerId = 1001;
  practiceNames.forEach((practiceName, p) => {
    const domain = `${slug(practiceName)}.example.com`;
    const practiceType = p === 0 ? "General Dentistry" : rng.pick(PRACTICE_TYPES);
    const count = rng.int(2, 3);
    for (let l = 0; l < count; l++) {
      const place = rng.pick(CITIES);
      const location: Location = {
        locationId: locations.length + 1,
        practiceId: 100 + p,
        name: `${practiceName} - ${place.city}${l > 0 && locations.some((x) => x.city === place.city) ? ` ${l + 1}` : ""}`,
        practiceType,
        address1: `${rng.int(100, 9999)} ${rng.pick(STREETS)}`,
        address2: rng.chance(0.5) ? `Suite ${rng.int(100, 400)}` : "",
        city: place.city,
        state: place.state,
        zip: `${place.zip3}${rng.digits(2)}`,
        area: place.area,
        phone: phone(rng, place.area),
        email: `frontdesk.${slug(place.city)}@${domain}`,
        createdDate: usDate(EXPORT_DAY - rng.int(3000, 7000)),
      };
      locations.push(location);
      const staff = rng.int(2, 4);
      for (let s = 0; s < staff; s++) {
        const female = rng.chance(0.55);
        const firstName = rng.pick(female ? FIRST_NAMES_F : FIRST_NAMES_M);
        const lastName = rng.pick(LAST_NAMES);
        let email = `${slug(firstName)}.${slug(lastName)}@${domain}`;
        for (let n = 2; emails.has(email); n++) email = `${slug(firstName)}.${slug(lastName)}${n}@${domain}`;
        emails.add(email);
        const credentials = s === staff - 1 ? "RDH" : rng.pick(["DDS", "DMD"] as const);
        providers.push({
          providerId: providerId++,
          firstName,
          lastName,
          credentials,
          specialty: credentials === "RDH" ? "Hygiene" : practiceType === "General Dentistry" ? "General" : practiceType,
          npi: validNpi(rng),
          email,
          phone: phone(rng, place.area),
          locationId: location.locationId,
          active: "Y",
          dynamicsUser: "active",
        });
      }
    }
  });
  // Every fourth provider has no Dynamics user; one other has a disabled user and has left the practice.
  providers.forEach((p, i) => {
    if (i % 4 === 3) p.dynamicsUser = "none";
  });
  const leaver = providers.find((p, i) => i > 0 && p.dynamicsUser === "active" && p.credentials !== "RDH");
  if (leaver) {
    leaver.dynamicsUser = "disabled";
    leaver.active = "N";
  }
  return { locations, providers };
}

/** The Dynamics users that go with an export made from `seed`: the providers who have one, plus an admin. */
export function seedUsers(seed: number): DynamicsUser[] {
  const users: DynamicsUser[] = organization(seed)
    .providers.filter((p) => p.dynamicsUser !== "none")
    .map((p) => ({ firstname: p.firstName, lastname: p.lastName, internalemailaddress: p.email, isdisabled: p.dynamicsUser === "disabled" }));
  return [{ firstname: "Migration", lastname: "Administrator", internalemailaddress: "migration.admin@example.com", isdisabled: false }, ...users];
}
