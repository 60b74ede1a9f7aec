import type { ObjectKind } from "../model/types";
import type { TableCounters } from "../ledger/types";

/** Per object: rows in the export against what the plan made of them. */
export interface ObjectLine {
  object: ObjectKind;
  sourceRows: number;
  /** Records the plan wrote for this object (all its stages). */
  planned: number;
  /** Source rows left out: an issue names each (an error, or a warning such as depends-on-errored-row). */
  skipped: number;
  /** Source rows that became records. */
  rowsPlanned: number;
  /** Rows left out per reason (issue code). */
  reasons: Record<string, number>;
  /** Rows neither planned nor named by an issue (file and line). */
  unaccounted: { file: string; line: number }[];
  /** Every row is accounted for. */
  matches: boolean;
}

/** Per table: the run's counters against what the ledger and the target hold. */
export interface TableLine {
  table: string;
  counters: TableCounters;
  /** Distinct records the ledger says the run created / updated. */
  ledgerCreated: number;
  ledgerUpdated: number;
  /** Records in the target stamped with the run (null for notes: they carry no stamp). */
  stampedInTarget: number | null;
  /** Records the plan holds for this table (re-planned from the run's map). */
  planned: number;
  /** Planned records this run's ledger lists. */
  landed: number;
  /** Planned records the run did not write that the target holds (left alone as they were). */
  unchanged: number;
  /** Planned records the run's report lists as failed. */
  failed: number;
  /** Planned records neither landed, unchanged nor failed (source keys, first 50), and how many. */
  missing: string[];
  missingCount: number;
  /** Notes only: notes in the target regarding the run's records, against the planned ones. */
  notes?: { inTarget: number; expected: number; extra: number; missing: number };
  /** planned = landed + unchanged + failed, the counters add up, ledger and target agree (notes: none extra, none missing). */
  matches: boolean;
}

/** A money total: what the plan wrote (records that landed) against the target's aggregate over the run's records. */
export interface MoneyLine {
  table: string;
  column: string;
  label: string;
  planned: number;
  target: number;
  difference: number;
  matches: boolean;
}

/** A column whose re-read value differs from what the plan wrote. Names only: no values, they are patient data. */
export interface FieldMismatch {
  table: string;
  sourceKey: string;
  id?: string;
  column: string;
  /** `missing` when the record itself was not found. */
  kind: "different" | "missing";
}

export interface ReconcileReport {
  runId: string;
  generatedOn: string;
  objects: ObjectLine[];
  tables: TableLine[];
  money: MoneyLine[];
  sample: { records: number; fieldsCompared: number; mismatches: FieldMismatch[] };
  /** Full verification (every record, every field), when the reconciliation ran it instead of the sample. */
  verification?: VerificationReport;
  /** Everything agrees. */
  ok: boolean;
}

/**
 * One difference full verification found: a column whose value in the org is not what the source says
 * (`different`), a record the run should hold that the org does not (`missing`, column `*`), or a record
 * stamped with the run that the source does not account for (`extra`, column `*`). `expected` and `found`
 * are values, so patient data: the report is the admin's document (a file, the Studio), never a log line.
 */
export interface FieldDifference {
  table: string;
  /** Empty for an extra note (notes carry no key). */
  sourceKey: string;
  id?: string;
  column: string;
  kind: "different" | "missing" | "extra";
  expected?: unknown;
  found?: unknown;
}

/** Per table: what full verification read back and compared. */
export interface TableVerification {
  table: string;
  /** Distinct records the plan holds for the table that were compared (records the run reports failed are not). */
  records: number;
  /** Columns compared, over all those records (a final state counts its columns). */
  fields: number;
  /** Columns that differ. */
  differences: number;
  /** Planned records the org does not hold. */
  missing: number;
  /** Records stamped with the run (notes: on the run's patients) that no planned record accounts for. */
  extra: number;
  /** Planned records the run reports it could not write: not expected in the org, not compared. */
  failed: number;
}

/** Every record of a run read back and compared field by field with what the source says. */
export interface VerificationReport {
  runId: string;
  generatedOn: string;
  tables: TableVerification[];
  /** The differences, missing and extra records, the first `listLimit` of them (all go to `onDifference`). */
  differences: FieldDifference[];
  /** How many there are in all (differing columns, missing and extra records). */
  differenceCount: number;
  /** Records compared in all, and the seconds it took. */
  records: number;
  seconds: number;
  /** Nothing differs, nothing is missing, nothing is extra. */
  ok: boolean;
}
