import type { ObjectVocabulary } from "./vocabulary";

export const appointmentVocabulary: ObjectVocabulary = {
  kind: "appointment",
  fileWords: ["appointment", "schedule", "visit", "booking", "calendar"],
  contextWords: ["appointment", "schedule", "visit"],
  synonyms: {
    appointmentId: ["appointment id", "visit id", "booking id", "appointment number", "schedule id"],
    patientId: ["patient id", "patient", "chart number", "chart"],
    providerId: ["provider id", "provider", "doctor", "dentist", "doctor id", "chair provider"],
    locationId: ["location id", "location", "office", "office id"],
    date: ["appointment date", "date", "visit date", "schedule date"],
    startTime: ["start time", "start", "time", "begin time", "appointment time"],
    endTime: ["end time", "end", "finish time"],
    procedureType: ["procedure type", "reason", "appointment type", "type", "procedure", "visit reason", "treatment type"],
    status: ["status", "appointment status", "visit status", "result"],
    createdDate: ["created date", "date created", "created", "booked date", "booked on"],
  },
};
