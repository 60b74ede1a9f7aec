import type { ObjectKind } from "../model/types";
import type { TableCounters } from "../ledger/types";

/** Per object: rows in the export against what the plan made of them. */
export interface ObjectLine {
  object: ObjectKind;
  sourceRows: number;
  /** Records the plan wrote for this object (all its stages). */
  planned: number;
  /** Rows left out as errored (validation issues of severity error). */
  skipped: number;
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
  /** Ledger and target agree (and the counters add up). */
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
