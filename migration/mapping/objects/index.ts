import type { ObjectKind } from "../../model/types";
import type { ObjectVocabulary } from "./vocabulary";
import { practiceVocabulary } from "./practice";
import { providerVocabulary } from "./provider";
import { patientVocabulary } from "./patient";
import { appointmentVocabulary } from "./appointment";
import { procedureVocabulary } from "./procedure";
import { insuranceVocabulary } from "./insurance";
import { billingVocabulary } from "./billing";
import { treatmentPlanVocabulary } from "./treatment-plan";
import { clinicalNoteVocabulary } from "./clinical-note";
import { taskVocabulary } from "./task";
import { communicationVocabulary } from "./communication";
import { definitionVocabulary } from "./definition";

export type { ObjectVocabulary } from "./vocabulary";

const vocabularies: Record<ObjectKind, ObjectVocabulary> = {
  practice: practiceVocabulary,
  provider: providerVocabulary,
  patient: patientVocabulary,
  appointment: appointmentVocabulary,
  procedure: procedureVocabulary,
  insurance: insuranceVocabulary,
  billing: billingVocabulary,
  treatmentPlan: treatmentPlanVocabulary,
  clinicalNote: clinicalNoteVocabulary,
  task: taskVocabulary,
  communication: communicationVocabulary,
  definition: definitionVocabulary,
};

export function vocabularyOf(kind: ObjectKind): ObjectVocabulary {
  return vocabularies[kind];
}
