/** One module per Dental-Exec object: each turns mapped rows into the PlannedRecords of its table(s). */
export type { MappedRow, CustomValue } from "./mapped-row";
export { rowMapper } from "./mapped-row";
export type { ObjectContext } from "./context";
export { sourceKey, bindByKey, bindById, compact, plannedRecord } from "./bind";
export { canonicalJson, contentHash, hash64, opaqueKey } from "./hash";
export { dateOnly, utcDateTime } from "./dates";
export * from "./values";
export { customValue, customColumns } from "./custom-fields";
export { planPractice, locationKey, bindLocation, DOCTORS_OFFICES_AND_CLINICS } from "./practice";
export type { ProviderFacts } from "./provider";
export { matchUser, providerFacts, providerKey } from "./provider";
export type { ReferrerName } from "./referring-provider";
export { ReferrerIndex, parseReferrerName, REFERRING_PROVIDER_ROLE } from "./referring-provider";
export {
  planPatient, planConnections, patientKey, connectionKey, bindPatient, patientLocations, splitIds, PATIENT_ROLE, defaultGenderMap,
} from "./patient";
export { planPolicy, planCoverage, policyKey, subscriberOf, coverageHashKey } from "./insurance-policy";
export { planPatientCoverage, coverageKey, coverageChild } from "./coverage";
export type { PatientChild } from "./patient-child";
export { childKey, patientChildColumns, patientChildRecord } from "./patient-child";
export { planProcedure } from "./procedure";
export { planAppointment } from "./appointment";
export { planBilling } from "./billing";
export { planTreatmentPlan } from "./treatment-plan";
export type { PlannedNote } from "./clinical-note";
export { planClinicalNote } from "./clinical-note";
export type { CommunicationTable } from "./communication";
export { planCommunication, communicationTable, completedState, direction } from "./communication";
export { planTask, taskFinalState, taskCategory } from "./task";
export type { DefinitionFacts } from "./definition";
export { definitionFacts, rebuildReference } from "./definition";
