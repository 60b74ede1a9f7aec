/** Planning: dependency order, sample closure, delta hashing, validation and pre-flight. */
export type * from "./types";
export { planMigration, validate, customColumnIds, withErroredRowsConsent, DEFAULT_SAMPLE_SIZE } from "./plan-migration";
export {
  preflight, requiredPrivileges, roleGranting, BYPASS_CUSTOM_LOGIC_PRIVILEGE, SYSTEM_ADMINISTRATOR_ROLE, columnsToCreate, estimateRequests,
  SALES_PROFESSIONAL_CUSTOM_TABLE_LIMIT, DEFAULT_DAILY_REQUEST_ENTITLEMENT, DEFAULT_CHUNK_SIZE,
} from "./preflight";
export type { Scope } from "./scope";
export { choosePatients, fullScope } from "./scope";
export type { StageSpec } from "./stages";
export { stageSpecs } from "./stages";
export { filesOf, mappedRows } from "./files";
export { missingRequiredFiles } from "./required-files";
export type { UnusableFile } from "./required-files";
