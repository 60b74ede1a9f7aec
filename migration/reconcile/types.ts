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
  /** Everything agrees. */
  ok: boolean;
}
