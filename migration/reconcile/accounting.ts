/**
 * Every source row and every planned record accounted for. A row of an export is planned (it became one or
 * more records), skipped (an issue names it: its reason) or unaccounted (a mismatch). A planned record landed
 * (this run's ledger lists it), is unchanged (not written because the org already held it: found in the
 * target), failed (the run's report lists it) or is missing (a mismatch). Notes, which carry no stamp and no
 * key, are counted in the target by the records they regard: every note on the run's patients must be one
 * the plan holds, once, under the id the ledger or the id scheme gives it.
 */
import type { DataverseClientApi, Entity } from "../../dataverse/types";
import { readIn } from "../load/read-in";
import { tableAddress } from "../model/tables";
import type { ValidationIssue } from "../plan/types";
import { keyOfBind } from "../load/existing";

/** Per export file: which of its lines became records, and what the issues say of the others. */
export interface RowAccount {
  rows: number;
  planned: number;
  skipped: number;
  /** Rows left out per reason (the error's code, else the code of the warning that explains it). */
  reasons: Record<string, number>;
  /** Rows neither planned nor named by an issue. */
  unaccounted: number[];
}

/**
 * The rows of one file against the lines the plan made records of and the issues of the file. `outOfRun`:
 * lines a sample or delta run leaves out by design (outside the sample, unchanged since the parent), skipped
 * with that reason.
 */
export async function accountRows(
  lines: AsyncIterable<{ line: number }>,
  plannedLines: Set<number>,
  issues: ValidationIssue[],
  outOfRun: { lines: Set<number>; reason: string } = { lines: new Set(), reason: "" },
): Promise<RowAccount> {
  const byLine = new Map<number, ValidationIssue[]>();
  for (const i of issues) if (i.line !== undefined) byLine.set(i.line, [...(byLine.get(i.line) ?? []), i]);
  const account: RowAccount = { rows: 0, planned: 0, skipped: 0, reasons: {}, unaccounted: [] };
  for await (const { line } of lines) {
    account.rows++;
    if (plannedLines.has(line)) {
      account.planned++;
      continue;
    }
    const named = byLine.get(line);
    if (!named && !outOfRun.lines.has(line)) {
      account.unaccounted.push(line);
      continue;
    }
    const reason = named ? (named.find((i) => i.severity === "error") ?? named[0]).code : outOfRun.reason;
    account.skipped++;
    account.reasons[reason] = (account.reasons[reason] ?? 0) + 1;
  }
  return account;
}

/** Which of `sourceKeys` have a record in a stamped table (whatever run stamped it). */
export async function existingKeys(client: DataverseClientApi, table: string, sourceKeys: string[], signal?: AbortSignal): Promise<Set<string>> {
  const address = tableAddress(table);
  const rows = await readIn(client, address.entitySet, "dxm_sourcekey", sourceKeys, [address.primaryId, "dxm_sourcekey"], signal);
  return new Set(rows.map((r) => String(r.dxm_sourcekey)));
}

/** A planned note: the id it must have in the target and the record it regards (`objectid_x@odata.bind`). */
export interface PlannedNote {
  sourceKey: string;
  id: string;
  regarding: { table: string; sourceKey: string } | undefined;
}

/** The record a note's payload regards, when bound by alternate key (`/contacts(dxm_sourcekey='patient:1')`). */
export function regardingOf(payload: Entity): PlannedNote["regarding"] {
  const key = Object.keys(payload).find((k) => k.startsWith("objectid_") && k.endsWith("@odata.bind"));
  if (!key) return undefined;
  const sourceKey = keyOfBind(payload[key]);
  const table = key.slice("objectid_".length, -"@odata.bind".length);
  return sourceKey ? { table, sourceKey } : undefined;
}

export interface NoteCount {
  /** Notes in the target regarding the records the run's notes regard. */
  inTarget: number;
  /** Planned notes (not failed) with no note of their id in the target. */
  missing: string[];
  /** Notes in the target on those records that no planned note accounts for: duplicates, or notes not from these exports. Ids. */
  extra: string[];
}

/** Counts the notes regarding the run's records in the target against the planned ones. */
export async function countNotes(client: DataverseClientApi, planned: PlannedNote[], signal?: AbortSignal): Promise<NoteCount> {
  const regarded = new Map<string, Set<string>>();
  for (const n of planned) if (n.regarding) (regarded.get(n.regarding.table) ?? regarded.set(n.regarding.table, new Set()).get(n.regarding.table)!).add(n.regarding.sourceKey);
  const targetIds = new Set<string>();
  for (const [table, keys] of regarded) {
    const address = tableAddress(table);
    const records = await readIn(client, address.entitySet, "dxm_sourcekey", [...keys], [address.primaryId], signal);
    const ids = records.map((r) => String(r[address.primaryId]));
    for (const note of await readIn(client, "annotations", "_objectid_value", ids, ["annotationid"], signal)) targetIds.add(String(note.annotationid).toLowerCase());
  }
  const expected = new Set(planned.map((n) => n.id.toLowerCase()));
  return {
    inTarget: targetIds.size,
    missing: planned.filter((n) => !targetIds.has(n.id.toLowerCase())).map((n) => n.sourceKey),
    extra: [...targetIds].filter((id) => !expected.has(id)),
  };
}
