import type { MappedRow } from "./mapped-row";

/**
 * What an object module needs besides its row: facts planning collected over the whole export set (which
 * providers match users, which referrers merged, which policies and attachments exist) and the org's.
 */
export interface ObjectContext {
  /** IANA zone of the practice. */
  timeZone: string;
  /** systemuser id of a Dental-Exec provider id when it matched an enabled user. */
  userOf(providerId: string): string | undefined;
  /** Owner for a provider's records: the matched user, else the fallback owner, else undefined (the running user). */
  ownerOf(providerId: string): string | undefined;
  /** Source key of the referring-provider contact a patient row names, after deduplication. */
  referrerKeyOf(row: MappedRow): string | undefined;
  /** Whether a patient id is planned (valid, and in the sample when sampling). */
  hasPatient(patientId: string): boolean;
  /** Whether an insurance policy key is planned (billing binds only to those). */
  hasPolicy(policyKey: string): boolean;
  /** Whether a coverage (by its Coverage ID) is planned (billing binds only to those). */
  hasCoverage(coverageId: string): boolean;
  /** Size of a file under the export's attachments, by the name a note gives; undefined when absent. */
  attachment(name: string): { file: string; size: number } | undefined;
  maxUploadFileSize: number;
  connectionRoleIds: { patient: string; practiceLocation: string };
}
