import type { Location, Provider } from "../organization";
import type { RowValues } from "./context";

/** practices.csv: one row per location, with the practice it belongs to. */
export const locationRow = (l: Location): RowValues => ({
  locationId: String(l.locationId), practiceId: String(l.practiceId), name: l.name, practiceType: l.practiceType,
  address1: l.address1, address2: l.address2, city: l.city, state: l.state, zip: l.zip, phone: l.phone, email: l.email, createdDate: l.createdDate,
});

/** providers.csv: one row per treating provider (dentists and hygienists). */
export const providerRow = (p: Provider): RowValues => ({
  providerId: String(p.providerId), firstName: p.firstName, lastName: p.lastName, credentials: p.credentials, specialty: p.specialty,
  npi: p.npi, email: p.email, phone: p.phone, locationId: String(p.locationId), active: p.active,
});
