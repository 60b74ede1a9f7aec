import Papa from "papaparse";
import type { LedgerBatch } from "../ledger/types";

/** One line of a run's audit log: what happened to which record, when and by whom. Ids and source keys only. */
export interface AuditEntry {
  /** ISO time. */
  time: string;
  /** systemuser id the tool acted as. */
  user: string;
  action: "create" | "update" | "skip";
  table: string;
  sourceKey: string;
  /** Dataverse id of the record, when it has one. */
  id?: string;
  /** Why a row was skipped: an issue code or a Dataverse error code, never cell values. */
  reason?: string;
}

/**
 * The audit log as the ledger records it: every create and update, with the time and user of its batch.
 * Entries are produced one at a time (a run of a million records would otherwise make a million objects
 * before the first CSV line).
 */
export function* auditFromLedger(batches: Iterable<LedgerBatch>): Generator<AuditEntry> {
  for (const batch of batches) {
    const action = batch.operation === "Create" ? "create" : "update";
    for (const [id, sourceKey] of batch.records) {
      yield { time: batch.writtenOn ?? "", user: batch.writtenBy ?? "", action, table: batch.table, sourceKey, id };
    }
  }
}

const COLUMNS: (keyof AuditEntry)[] = ["time", "user", "action", "table", "sourceKey", "id", "reason"];
const CSV_OPTIONS = { escapeFormulae: true, newline: "\r\n", header: false } as const;

/** The audit CSV's header line (with its line break). */
export function auditCsvHeader(): string {
  return `${Papa.unparse([COLUMNS], CSV_OPTIONS)}\r\n`;
}

/**
 * One audit entry as a CSV line (with its line break), safe to open in a spreadsheet: papaparse's
 * `escapeFormulae` prefixes ' to any cell starting with = + - @ (or tab / carriage return), so it is never
 * run as a formula (CSV injection). Lines are produced one at a time so a run's audit can be streamed to a
 * file instead of held in memory.
 */
export function auditCsvLine(entry: AuditEntry): string {
  return `${Papa.unparse([COLUMNS.map((c) => entry[c] ?? "")], CSV_OPTIONS)}\r\n`;
}

/** The audit log as CSV: the header line, then one line per entry. */
export function auditToCsv(entries: Iterable<AuditEntry>): string {
  let csv = auditCsvHeader();
  for (const entry of entries) csv += auditCsvLine(entry);
  return csv;
}
