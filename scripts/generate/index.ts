/** The sample-data generator: a realistic Dental-Exec export set from a seed. */
export { generateExports, type GenerateOptions, type GenerateSummary } from "./generate";
export { seedUsers, organization, type DynamicsUser } from "./organization";
export { DEFECT_KINDS, ORPHAN_PATIENT_BASE, OVER_LONG_CHARS, UNMAPPED_OPTIONS, type Defect, type DefectKind } from "./defects";
export { PATIENT_CUSTOM_HEADERS } from "./objects/patients";
