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

/** The audit log as the ledger records it: every create and update, with the time and user of its batch. */
export function auditFromLedger(batches: LedgerBatch[]): AuditEntry[] {
  return batches.flatMap((batch) =>
    batch.records.map(([id, sourceKey]) => ({
      time: batch.writtenOn ?? "",
      user: batch.writtenBy ?? "",
      action: batch.operation === "Create" ? ("create" as const) : ("update" as const),
      table: batch.table,
      sourceKey,
      id,
    })),
  );
}

const COLUMNS: (keyof AuditEntry)[] = ["time", "user", "action", "table", "sourceKey", "id", "reason"];

/**
 * The audit log as CSV, safe to open in a spreadsheet: papaparse's `escapeFormulae` prefixes ' to any cell
 * starting with = + - @ (or tab / carriage return), so it is never run as a formula (CSV injection).
 */
export function auditToCsv(entries: AuditEntry[]): string {
  return `${Papa.unparse(
    { fields: COLUMNS, data: entries.map((e) => COLUMNS.map((c) => e[c] ?? "")) },
    { escapeFormulae: true, newline: "\r\n" },
  )}\r\n`;
}
