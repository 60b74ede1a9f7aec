import type { ObjectVocabulary } from "./vocabulary";

export const providerVocabulary: ObjectVocabulary = {
  kind: "provider",
  fileWords: ["provider", "doctor", "dentist", "staff", "hygienist", "clinician"],
  contextWords: ["provider", "doctor", "dentist", "staff"],
  synonyms: {
    providerId: ["provider id", "provider code", "doctor id", "dentist id", "staff id", "provider number"],
    firstName: ["first name", "given name", "forename"],
    lastName: ["last name", "surname", "family name"],
    credentials: ["credentials", "title", "suffix", "degree"],
    specialty: ["specialty", "discipline", "provider type", "type"],
    npi: ["npi", "npi number", "national provider id"],
    email: ["email", "email address", "login email", "user email"],
    phone: ["phone", "phone number", "cell", "contact phone"],
    locationId: ["location id", "home location", "office id", "location", "primary location"],
    active: ["active", "active flag", "status", "enabled"],
  },
};
