import type { ObjectVocabulary } from "./vocabulary";

export const practiceVocabulary: ObjectVocabulary = {
  kind: "practice",
  fileWords: ["practice", "location", "office", "site"],
  contextWords: ["practice", "location", "office"],
  synonyms: {
    locationId: ["location id", "office id", "site id", "location number", "office number"],
    practiceId: ["practice id", "practice number", "group id", "organization id"],
    name: ["location name", "office name", "name", "practice name", "location", "site name"],
    practiceType: ["practice type", "type", "office type", "category"],
    address1: ["address", "address 1", "street", "address line 1", "street address"],
    address2: ["address 2", "address line 2", "suite", "apartment"],
    city: ["city"],
    state: ["state"],
    zip: ["zip", "zip code"],
    phone: ["phone", "main phone", "phone number", "office phone"],
    email: ["email", "email address"],
    createdDate: ["created date", "date created", "created"],
  },
  otherFacts: {
    // When the location opened or the practice was founded (a business fact), not when Dental-Exec created its record.
    createdDate: ["open", "opened", "opening", "established", "establish", "founded", "founding", "inception"],
  },
};
