import type { ObjectVocabulary } from "./vocabulary";

export const procedureVocabulary: ObjectVocabulary = {
  kind: "procedure",
  fileWords: ["procedure", "treatment", "history", "service", "production", "completed work"],
  contextWords: ["procedure", "treatment", "service"],
  synonyms: {
    procedureId: ["procedure id", "treatment id", "line id", "service id", "procedure number", "transaction id"],
    patientId: ["patient id", "patient", "chart number", "chart"],
    providerId: ["provider id", "provider", "doctor", "dentist", "rendering provider", "performed by"],
    datePerformed: ["date performed", "service date", "performed date", "procedure date", "date", "treatment date", "performed"],
    code: ["cdt code", "code", "procedure code", "cdt", "service code"],
    description: ["description", "procedure description", "procedure name", "name"],
    tooth: ["tooth", "tooth number"],
    surface: ["surface", "surfaces"],
    fee: ["fee", "amount", "procedure fee", "price", "fee amount"],
    createdDate: ["created date", "date created", "created", "entry date"],
  },
};
