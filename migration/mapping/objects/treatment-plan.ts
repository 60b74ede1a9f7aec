import type { ObjectVocabulary } from "./vocabulary";

export const treatmentPlanVocabulary: ObjectVocabulary = {
  kind: "treatmentPlan",
  fileWords: ["treatment plan", "plan", "estimate", "proposal", "case"],
  contextWords: ["plan", "treatment", "case"],
  synonyms: {
    planId: ["plan id", "treatment plan id", "case id", "estimate id", "plan number"],
    patientId: ["patient id", "patient", "chart number", "chart"],
    providerId: ["provider id", "provider", "doctor", "dentist", "presenting provider", "presented by"],
    status: ["plan status", "status", "case status", "acceptance"],
    estimatedCost: ["estimated cost", "estimate", "cost", "total", "estimated fee", "estimated total", "amount", "estimated amount"],
    presentedDate: ["presented date", "date presented", "presented", "date", "presentation date"],
    description: ["description", "plan description", "details", "note", "treatment description", "summary"],
    createdDate: ["created date", "date created", "created", "entry date"],
  },
};
