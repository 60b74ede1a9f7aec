import type { ObjectVocabulary } from "./vocabulary";

export const insuranceVocabulary: ObjectVocabulary = {
  kind: "insurance",
  fileWords: ["insurance", "coverage", "policy", "carrier", "eligibility", "benefit"],
  contextWords: ["insurance", "coverage", "policy"],
  synonyms: {
    coverageId: ["coverage id", "insurance id", "record id", "coverage number", "eligibility id"],
    patientId: ["patient id", "patient", "covered patient", "chart number", "insured patient id"],
    carrier: ["carrier", "carrier name", "insurance company", "company", "insurance carrier", "payer name", "plan name"],
    policyNumber: ["policy number", "member id", "policy id", "member number", "subscriber number", "certificate number"],
    groupNumber: ["group number", "group", "group id", "employer group"],
    subscriberId: ["subscriber id", "subscriber", "insured id", "subscriber patient id", "policy holder id", "holder id"],
    relationship: ["relationship", "relationship subscriber", "patient relationship", "relationship insured", "relation"],
    preventivePct: ["preventive percent", "preventive", "preventive coverage", "coverage preventive"],
    basicPct: ["basic percent", "basic", "basic coverage", "coverage basic"],
    majorPct: ["major percent", "major", "major coverage", "coverage major"],
    effectiveDate: ["effective date", "start date", "effective", "coverage start", "begin date"],
    endDate: ["end date", "end", "coverage end", "stop date"],
    coverageOrder: ["coverage order", "order", "priority", "ins order", "insurance order", "cob order", "rank", "primary secondary", "ordinal"],
  },
};
