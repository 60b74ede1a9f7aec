/**
 * The Dental-Exec object model: which objects an export set holds and, for each, the fields the tool
 * knows, the header the reference layout writes them under, and where each lands in Dynamics 365.
 * The generator writes these headers; the mapping proposes source columns onto these fields; the object
 * modules (migration/objects/) turn mapped rows into Dataverse payloads.
 */

export type ObjectKind =
  | "practice"
  | "provider"
  | "patient"
  | "appointment"
  | "procedure"
  | "insurance"
  | "billing"
  | "treatmentPlan"
  | "clinicalNote"
  | "task"
  | "communication"
  | "definition";

/** What a value looks like; the reader's profiler guesses these, the validator checks them. */
export type ValueType =
  | "id"
  | "idList"
  | "text"
  | "longText"
  | "date"
  | "datetime"
  | "time"
  | "email"
  | "phone"
  | "zip"
  | "state"
  | "cdt"
  | "tooth"
  | "surface"
  | "money"
  | "percent"
  | "integer"
  | "npi"
  | "yn"
  | "gender"
  | "status"
  | "fileName";

export interface FieldSpec {
  /** Canonical field id within the object (camelCase), e.g. `birthDate`. */
  id: string;
  /** Header the reference Dental-Exec layout writes, e.g. `Birth Date`. */
  header: string;
  type: ValueType;
  /**
   * Where the field lands, in the proposal's target notation: `"contact.birthdate"`, `"lookup:contact"`
   * (a reference to another object's record), or `null` when the engine uses it without a column of its
   * own (e.g. a time joined to a date).
   */
  target: string | null;
  /** The row cannot be migrated without it. */
  required?: boolean;
  description: string;
}

export interface ObjectSpec {
  kind: ObjectKind;
  /** Human name, e.g. "Patients". */
  label: string;
  /** File name(s) the reference layout uses, e.g. `patients.csv`. */
  files: string[];
  /** The Dataverse table the object's rows land in (primary one). */
  table: string;
  /** The field whose value is the Dental-Exec id of a row (becomes the source key). */
  keyField: string;
  /** Source key prefix: `patient` gives `patient:10482`. */
  keyPrefix: string;
  /** Objects whose rows this object's rows reference (dependency order). */
  dependsOn: ObjectKind[];
  fields: FieldSpec[];
  /** Whether unmatched columns become the practice's custom fields on `table` (patients do). */
  acceptsCustomFields?: boolean;
  /**
   * The object's stages write separate tables that do not refer to each other (the communication log's
   * phone calls, emails and appointments), so they may load side by side. Otherwise a later stage of the
   * object builds on the earlier one (connections on patients, the coverage update on policies).
   */
  independentStages?: boolean;
}
