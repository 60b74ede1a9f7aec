import type { ObjectKind } from "../model/types";

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
}

export interface FileProposal {
  file: string;
  object: ObjectKind | null;
  confidence: number;
  evidence: string;
  columns: ColumnProposal[];
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

/** The map the admin confirmed: versioned, saved on the run record, reusable for delta runs. */
export interface ConfirmedMap {
  version: 1;
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
}

export interface ColumnMap {
  source: string;
  field: string | null;
  target: string | null;
  valueMap?: Record<string, number | boolean>;
  custom?: ColumnProposal["custom"];
}
