import type { ObjectVocabulary } from "./vocabulary";

export const billingVocabulary: ObjectVocabulary = {
  kind: "billing",
  fileWords: ["claim", "billing", "invoice", "charge", "transaction", "account", "payment"],
  contextWords: ["billing", "claim", "invoice"],
  synonyms: {
    claimId: ["billing id", "claim id", "invoice id", "billing record id", "transaction id", "bill id", "record id"],
    patientId: ["patient id", "patient", "chart number", "chart", "guarantor id"],
    serviceDate: ["service date", "date service", "date", "visit date", "billed date", "service"],
    totalFee: ["total fee", "total", "total amount", "fee", "total fee amount", "amount billed", "billed amount", "gross fee"],
    insurancePaid: ["insurance paid", "insurance payment", "insurance amount", "paid insurance", "insurance paid amount", "carrier paid"],
    patientPortion: ["patient portion", "patient responsibility", "patient amount", "patient balance", "patient due", "patient paid"],
    claimNumber: ["claim number", "claim", "claim reference", "reference number"],
    claimStatus: ["claim status", "status", "billing status"],
    carrier: ["carrier", "insurance", "insurance company", "carrier name", "payer"],
    policyNumber: ["policy number", "member id", "policy", "policy id", "member number"],
    coverageId: ["coverage id", "coverage", "insurance coverage id", "billed coverage", "coverage billed"],
    createdDate: ["created date", "date created", "created", "entry date", "posted date"],
  },
};
