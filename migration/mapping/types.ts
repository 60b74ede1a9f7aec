import type { ObjectKind } from "../model/types";
import type { Inventory, SourceRow } from "../source/types";
import type { DateOrder } from "../time";

/**
 * A proposal for one source column. `target` uses the notation of `dxm propose --json`:
 * `"<table>.<column>"`, `"lookup:<table>"`, `"custom:<table>.<suggested_name>"`, or `null` (do not migrate).
 */
export interface ColumnProposal {
  source: string;
  /** The object field it maps to (see migration/model), or null for custom / do-not-migrate. */
  field: string | null;
  target: string | null;
  confidence: number;
  evidence: string;
  /** Option-set value map proposed from the distinct values found: source value → option value. */
  valueMap?: Record<string, number | boolean>;
  /** For a `custom:` target: the column to create. */
  custom?: { table: string; logicalName: string; displayName: string; type: "string" | "memo" | "integer" | "decimal" | "money" | "boolean" | "datetime"; maxLength?: number };
  /** Flags such as "required target unmapped", "conflict: two columns map to contact.birthdate". */
  flags?: string[];
  /** Set when the proposal is an admin's earlier choice in this org (see LearnedChoice): when they confirmed it. */
  learned?: { confirmedAt: string };
}

export interface FileProposal {
  file: string;
  object: ObjectKind | null;
  confidence: number;
  evidence: string;
  columns: ColumnProposal[];
  /**
   * How the file writes day and month, as its values show (a day above 12 decides), or null when no value
   * decides and the admin must choose. Files without a date to read day or month of say MDY (nothing to decide).
   */
  dateOrder: DateOrder | null;
  /** Why: the deciding value's column and line, or why nothing decides. No cell values. */
  dateOrderEvidence: string;
}

/** A relationship found by value containment: every value of `from` appears in `to`. */
export interface RelationshipProposal {
  from: { file: string; column: string };
  to: { file: string; column: string };
  containment: number;
  evidence: string;
}

export interface Proposal {
  files: FileProposal[];
  relationships: RelationshipProposal[];
  /** Required fields no column maps to, conflicts. */
  warnings: string[];
}

/**
 * The map the admin confirmed: versioned, saved on the run record, reusable for delta runs. Version 3 says,
 * per column, what was proposed (so a correction is known as one, and the org learns it); version 2 says each
 * file's date order; version 1 (older runs) predates both and every file of it was read month first.
 */
export interface ConfirmedMap {
  version: 1 | 2 | 3;
  confirmedAt: string;
  /** systemuser id or CLI user; never patient data. */
  confirmedBy: string;
  /** IANA zone of the practice; Dental-Exec local times convert from it. */
  timeZone: string;
  files: FileMap[];
}

export interface FileMap {
  file: string;
  object: ObjectKind;
  columns: ColumnMap[];
  /** How the file writes day and month (version 2); null while undecided, which no confirmed map may be. Absent in version 1: MDY. */
  dateOrder?: DateOrder | null;
}

export interface ColumnMap {
  source: string;
  field: string | null;
  target: string | null;
  valueMap?: Record<string, number | boolean>;
  custom?: ColumnProposal["custom"];
  /**
   * What was proposed for the column when the map was confirmed (version 3; absent where unknown, as in
   * versions 1 and 2). A field or target other than it is the admin's correction, which the org learns.
   */
  proposed?: ProposedChoice;
}

/** A column's proposal as the admin saw it before confirming. */
export interface ProposedChoice {
  field: string | null;
  target: string | null;
  /** The proposal was itself an admin's earlier choice in the org (a LearnedChoice), confirmed at this time. */
  learnedFrom?: string;
}

/**
 * What an org has learned from its admins for one header of one Dental-Exec object: the choice confirmed most
 * recently where the admin corrected the proposal (or kept an earlier admin's choice). Read from the confirmed
 * maps on the org's own run rows (learnedChoices), never kept anywhere else.
 */
export interface LearnedChoice {
  object: ObjectKind;
  /** The header normalised (normaliseHeader): case, spacing, punctuation and camelCase do not tell headers apart. */
  header: string;
  field: string | null;
  target: string | null;
  custom?: ColumnProposal["custom"];
  /** The admin's value map for an option-set target: source value → option value. */
  valueMap?: Record<string, number | boolean>;
  /** When the admin confirmed it (the map's confirmedAt, ISO). */
  confirmedAt: string;
  /** What had been proposed instead, when the admin corrected a proposal (absent when they kept an earlier admin's choice). */
  corrected?: { field: string | null; target: string | null };
}

/** Options of `proposeMapping`. */
export interface ProposeOptions {
  /** Relationships found by `findRelationships`: they make id columns lookups to the object they point at. */
  relationships?: RelationshipProposal[];
  /** A column maps to a field only from this score up (default 0.5). */
  threshold?: number;
  /**
   * Choices the org's admins confirmed before (learnedChoices over the org's confirmed maps): a column whose
   * header and object match one takes it, with its date as evidence; where several match, the newest wins.
   */
  learned?: readonly LearnedChoice[];
}

/** What the admin changed in the picker before confirming: per file, the object and per column the choice. */
export interface MapEdits {
  files?: Record<string, FileEdit>;
}

export interface FileEdit {
  /** Another object for the file, or null to leave the file out of the migration. */
  object?: ObjectKind | null;
  /** The admin's choice of date order (needed when the values do not decide it). */
  dateOrder?: DateOrder;
  columns?: Record<string, ColumnEdit>;
}

/**
 * One column's choice: a field of the object (its target follows), `target: null` for do-not-migrate, or
 * a custom column (accepting a proposed one, or naming one). Omitted properties keep the proposal.
 */
export interface ColumnEdit {
  field?: string | null;
  target?: string | null;
  valueMap?: Record<string, number | boolean>;
  custom?: ColumnProposal["custom"];
}

export interface ConfirmMeta {
  confirmedBy: string;
  timeZone: string;
  /** ISO time; now when omitted. */
  confirmedAt?: string;
}

/** Why a map cannot be confirmed, in words, with where it applies. */
export interface MapProblem {
  file?: string;
  column?: string;
  code: "version" | "unknown-object" | "unknown-field" | "unknown-target" | "duplicate-target" | "missing-required" | "bad-value-map" | "bad-custom" | "duplicate-file" | "date-order" | "shape";
  message: string;
}

/** One entry of the target picker for an object. */
export interface TargetChoice {
  field: string | null;
  target: string | null;
  label: string;
  type: string;
  required: boolean;
  description: string;
}

/** A column's distinct non-empty values, for containment across files. */
export interface ColumnValues {
  file: string;
  column: string;
  values: ReadonlySet<string>;
  /** No value repeats across rows: only such a column can be the key another column points at. */
  unique: boolean;
}

/** What `findRelationships` reads: the inventory and each file's rows; an ExportSet from readExports is one. */
export interface RowSource {
  inventory: Inventory;
  rows(file: string): AsyncIterable<SourceRow> | Iterable<SourceRow>;
}
