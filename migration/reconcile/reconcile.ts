import type { BatchOperation, DataverseClientApi, Entity } from "../../dataverse/types";
import { isDeepInsert } from "../../dataverse/odata/payload";
import { inFilter, queryString, withQuery } from "../../dataverse/odata/query";
import { readLedger } from "../ledger/codec";
import { indexLedger } from "../ledger/index-of-runs";
import { emptyCounters, type LedgerBatch } from "../ledger/types";
import { ledgerKey } from "../load/load-stage";
import { stampedWithRun, tableAddress } from "../model/tables";
import type { ObjectKind } from "../model/types";
import { planMigration } from "../plan";
import type { MigrationPlan, PlannedRecord } from "../plan/types";
import type { MigrationExports } from "../run/types";
import { recordId } from "../load/record-ids";
import { replanRun } from "./replan";
import { verifyPlan, type VerifyOptions } from "./verify";
import { accountRows, countNotes, existingKeys, regardingOf, type PlannedNote } from "./accounting";
import { differingColumns, partiesDiffer, type PartyRead } from "./field-diff";
import type { FieldMismatch, MoneyLine, ObjectLine, ReconcileReport, TableLine } from "./types";

// The parameter of `reconcile` is not called `exports`: CommonJS output would read this module's exports through it.
/** The money columns reconciled: treatment fees, billing totals and payments. */
const MONEY: { table: string; column: string; label: string }[] = [
  { table: "dxm_treatmenthistory", column: "dxm_fee", label: "Treatment fees" },
  { table: "dxm_billingrecord", column: "dxm_totalfee", label: "Billing totals" },
  { table: "dxm_billingrecord", column: "dxm_insurancepayment", label: "Insurance payments" },
  { table: "dxm_billingrecord", column: "dxm_patientresponsibility", label: "Patient responsibility" },
];
export const MONEY_COLUMNS: readonly { table: string; column: string; label: string }[] = MONEY;

export interface ReconcileOptions {
  /** Records re-read per stage for the field-by-field diff (default 20). */
  samplePerStage?: number;
  /**
   * `full`: every record read back and compared field by field (verify.ts) instead of a sample; its report is
   * `verification`, and its options (`onDifference`, ...) are passed on.
   */
  fieldDiff?: "sampled" | "full";
  verify?: Omit<VerifyOptions, "signal">;
  signal?: AbortSignal;
}

/**
 * Reconciles a run: every source row accounted for per object (planned, or skipped with its reason), every
 * planned record per table (landed in the ledger, unchanged in the target, or failed; notes counted in the
 * target by the records they regard, so a duplicate or a missing note is a mismatch), the ledger
 * against the records stamped with the run, money totals planned against the target's `$apply` sums, and
 * a sample of records re-read and compared field by field with what the plan wrote (re-planned from the
 * run's confirmed map). Names ids, keys and column names only.
 */
export async function reconcile(runId: string, exportSet: MigrationExports, client: DataverseClientApi, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const { signal } = options;
  const samplePerStage = options.samplePerStage ?? 20;
  const [{ run, org, plan, failedKeys }, batches] = await Promise.all([replanRun(runId, exportSet, client, signal), readLedger(client, runId, signal)]);
  const map = run.map;
  const landed = indexLedger(batches);
  const noteLedger = indexLedger(org.tableLedgers.get("annotation") ?? []);

  const planned = new Map<ObjectKind, number>();
  const plannedSums = new Map(MONEY.map((m) => [`${m.table}.${m.column}`, 0]));
  const samples: PlannedRecord[] = [];
  const plannedLines = new Map<string, Set<number>>();
  const perTable = new Map<string, { planned: number; landed: number; failed: number; notLedgered: string[] }>();
  const notes: PlannedNote[] = [];
  for (const stage of plan.stages) {
    planned.set(stage.object, (planned.get(stage.object) ?? 0) + stage.count);
    const account = perTable.get(stage.table) ?? perTable.set(stage.table, { planned: 0, landed: 0, failed: 0, notLedgered: [] }).get(stage.table)!;
    const every = Math.max(1, Math.floor(stage.count / samplePerStage));
    let n = 0;
    let taken = 0;
    for await (const record of stage.records()) {
      (plannedLines.get(record.file) ?? plannedLines.set(record.file, new Set()).get(record.file)!).add(record.line);
      account.planned++;
      const entry = landed.get(ledgerKey(record));
      const failed = failedKeys.has(`${stage.table}|${record.sourceKey}`);
      if (stage.table === "annotation" && !failed) {
        const id = (entry?.table === "annotation" ? entry.id : undefined) ?? noteLedger.get(record.sourceKey)?.id ?? (await recordId(org.whoAmI.OrganizationId, "annotation", record.sourceKey));
        notes.push({ sourceKey: record.sourceKey, id, regarding: regardingOf(record.payload) });
      }
      if (!entry || entry.table !== stage.table) {
        if (failed) account.failed++;
        else account.notLedgered.push(record.sourceKey);
        continue;
      }
      account.landed++;
      for (const m of MONEY) {
        const value = record.payload[m.column];
        if (m.table === stage.table && typeof value === "number") plannedSums.set(`${m.table}.${m.column}`, plannedSums.get(`${m.table}.${m.column}`)! + value);
      }
      if (options.fieldDiff !== "full" && n++ % every === 0 && taken < samplePerStage) {
        samples.push(record);
        taken++;
      }
    }
  }

  const tables = [...new Set(plan.stages.map((s) => s.table))];
  const aggregates = await targetAggregates(client, runId, tables, signal);
  const full = options.fieldDiff === "full";
  const mismatches = full ? [] : await sampleDiff(client, samples, landed, signal);
  const verification = full
    ? await verifyPlan({ runId, plan, failedKeys, startedOn: run.startedOn, organizationId: org.whoAmI.OrganizationId, metadata: org.context.metadata, noteLedger }, client, { ...options.verify, signal })
    : undefined;
  const noteCount = perTable.has("annotation") ? await countNotes(client, notes, signal) : undefined;
  // A sample or delta run leaves rows out by design (outside the sample, unchanged since the parent): the
  // lines a full plan would make records of name them.
  const outOfRun = run.mode === "full" ? undefined : await plannedLinesOf(await planMigration(exportSet, map, org.context, { mode: "full", skipErroredRows: true }));
  const outOfRunReason = run.mode === "sample" ? "outside-sample" : "unchanged-since-parent";

  const objects: ObjectLine[] = [];
  for (const object of [...new Set(map.files.map((f) => f.object))]) {
    const files = exportSet.inventory.files.filter((f) => map.files.some((m) => m.file === f.name && m.object === object));
    const line: ObjectLine = { object, sourceRows: 0, planned: planned.get(object) ?? 0, skipped: 0, rowsPlanned: 0, reasons: {}, unaccounted: [], matches: true };
    // Definitions and providers are not migrated as records (they are the admin's to rebuild, or users): no rows to account for.
    const migrated = object !== "definition" && object !== "provider";
    for (const file of files) {
      line.sourceRows += file.rows;
      if (!migrated) continue;
      const account = await accountRows(exportSet.rows(file.name), plannedLines.get(file.name) ?? new Set(), plan.issues.filter((i) => i.file === file.name), {
        lines: outOfRun?.get(file.name) ?? new Set(), reason: outOfRunReason,
      });
      line.rowsPlanned += account.planned;
      line.skipped += account.skipped;
      for (const [reason, count] of Object.entries(account.reasons)) line.reasons[reason] = (line.reasons[reason] ?? 0) + count;
      line.unaccounted.push(...account.unaccounted.map((l) => ({ file: file.name, line: l })));
    }
    line.matches = line.unaccounted.length === 0 && (!migrated || line.rowsPlanned + line.skipped === line.sourceRows);
    objects.push(line);
  }

  const tableLines: TableLine[] = [];
  for (const table of tables) {
    const ids = ledgerIds(batches, table);
    const address = tableAddress(table);
    const stamped = address.stamped ? (aggregates.get(table)?.count ?? 0) : null;
    const account = perTable.get(table)!;
    const counters = run.counters[table] ?? emptyCounters();
    // Records the run did not write: unchanged when the target holds them (found by key; notes are counted below).
    // (One source key may stand for several planned records: a patient and the update of its coverage.)
    const notLedgered = account.notLedgered;
    const found = address.stamped ? await existingKeys(client, table, [...new Set(notLedgered)], signal) : new Set(notLedgered.filter((k) => !noteCount?.missing.includes(k)));
    const missing = notLedgered.filter((k) => !found.has(k));
    const ledgerMatches = stamped === null || stamped === new Set([...ids.created, ...ids.updated]).size;
    const countersAddUp = counters.total === account.planned && counters.created + counters.updated + counters.unchanged + counters.failed === counters.total;
    const notesMatch = table !== "annotation" || (noteCount !== undefined && noteCount.extra.length === 0 && noteCount.missing.length === 0);
    tableLines.push({
      table,
      counters,
      ledgerCreated: ids.created.size,
      ledgerUpdated: [...ids.updated].filter((id) => !ids.created.has(id)).length,
      stampedInTarget: stamped,
      planned: account.planned,
      landed: account.landed,
      unchanged: notLedgered.length - missing.length,
      failed: account.failed,
      missing: missing.slice(0, 50),
      missingCount: missing.length,
      ...(table === "annotation" && noteCount ? { notes: { inTarget: noteCount.inTarget, expected: notes.length, extra: noteCount.extra.length, missing: noteCount.missing.length } } : {}),
      matches: ledgerMatches && missing.length === 0 && countersAddUp && notesMatch,
    });
  }

  const money: MoneyLine[] = MONEY.filter((m) => tables.includes(m.table)).map((m) => {
    const plannedTotal = round(plannedSums.get(`${m.table}.${m.column}`)!);
    const target = round(aggregates.get(m.table)?.sums[m.column] ?? 0);
    return { ...m, planned: plannedTotal, target, difference: round(target - plannedTotal), matches: Math.abs(target - plannedTotal) < 0.005 };
  });

  return {
    runId,
    generatedOn: new Date().toISOString(),
    objects,
    tables: tableLines,
    money,
    sample: { records: samples.length, fieldsCompared: samples.reduce((n, r) => n + Object.keys(r.payload).length, 0), mismatches },
    ...(verification ? { verification } : {}),
    ok: objects.every((o) => o.matches) && tableLines.every((t) => t.matches) && money.every((m) => m.matches) && mismatches.length === 0 && (verification?.ok ?? true),
  };
}

/** Per file, the lines a plan makes records of. */
async function plannedLinesOf(plan: MigrationPlan): Promise<Map<string, Set<number>>> {
  const lines = new Map<string, Set<number>>();
  for (const stage of plan.stages) for await (const r of stage.records()) (lines.get(r.file) ?? lines.set(r.file, new Set()).get(r.file)!).add(r.line);
  return lines;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

function ledgerIds(batches: LedgerBatch[], table: string) {
  const created = new Set<string>();
  const updated = new Set<string>();
  for (const b of batches) {
    if (b.table !== table || b.status !== "Written") continue;
    for (const [id] of b.records) (b.operation === "Create" ? created : updated).add(id);
  }
  return { created, updated };
}

/** Count of the records stamped with the run, and the money sums, per table: one `$batch` of `$apply` GETs. */
async function targetAggregates(client: DataverseClientApi, runId: string, tables: string[], signal?: AbortSignal) {
  const stamped = tables.map(tableAddress).filter((t) => t.stamped);
  const gets: BatchOperation[] = stamped.map((t) => {
    const sums = MONEY.filter((m) => m.table === t.logicalName).map((m) => `${m.column} with sum as ${m.column}`);
    const apply = `filter(${stampedWithRun(runId)})/aggregate(${[...sums, "$count as count"].join(",")})`;
    return { method: "GET", url: withQuery(t.entitySet, queryString({ apply })) };
  });
  const out = new Map<string, { count: number; sums: Record<string, number> }>();
  if (gets.length === 0) return out;
  const results = await client.executeBatch({ changeSets: [], gets }, { signal });
  results.forEach((result, i) => {
    if (result.error) throw Object.assign(new Error(result.error.message), result.error);
    const row = ((result.body as { value?: Entity[] })?.value ?? [])[0] ?? {};
    const sums: Record<string, number> = {};
    for (const m of MONEY.filter((m) => m.table === stamped[i].logicalName)) sums[m.column] = Number(row[m.column] ?? 0);
    out.set(stamped[i].logicalName, { count: Number(row.count ?? 0), sums });
  });
  return out;
}

/** The deep-inserted party collection of a planned activity (`email_activity_parties`), if it has one. */
function partiesOf(record: PlannedRecord): { key: string; parties: Entity[] } | undefined {
  const key = Object.keys(record.payload).find((k) => k.endsWith("_activity_parties") && isDeepInsert(record.payload, k));
  return key ? { key, parties: record.payload[key] as Entity[] } : undefined;
}

/** One GET of the parties of the sampled activities that planned some. */
function partyQuery(ids: string[]): BatchOperation {
  return {
    method: "GET",
    url: withQuery("activityparties", queryString({
      select: ["_activityid_value", "participationtypemask", "_partyid_value", "addressused"],
      filter: ids.map((id) => `_activityid_value eq ${id}`).join(" or "),
    })),
  };
}

/**
 * Re-reads the sampled records (one `$batch`) and lists the columns that differ from what the plan wrote; an
 * activity's parties (an email's From and To) are read in the same `$batch` and compared as one column.
 */
async function sampleDiff(client: DataverseClientApi, samples: PlannedRecord[], landed: ReturnType<typeof indexLedger>, signal?: AbortSignal): Promise<FieldMismatch[]> {
  const byTable = new Map<string, PlannedRecord[]>();
  for (const r of samples) byTable.set(r.table, [...(byTable.get(r.table) ?? []), r]);
  const queries = [...byTable].map(([table, records]) => {
    const address = tableAddress(table);
    const select = new Set([address.primaryId]);
    if (address.stamped) select.add("dxm_sourcekey");
    for (const r of records) {
      for (const key of Object.keys(r.payload)) {
        if (key.startsWith("@") || key === "documentbody" || isDeepInsert(r.payload, key)) continue;
        if (key.endsWith("@odata.bind")) {
          const nav = key.slice(0, -"@odata.bind".length);
          if (/\([0-9a-fA-F-]{36}\)$/.test(String(r.payload[key]))) select.add(`_${nav.startsWith("ownerid") ? "ownerid" : nav}_value`);
        } else select.add(key === "overriddencreatedon" ? "createdon" : key);
      }
    }
    const keys = records.map((r) => (address.stamped ? r.sourceKey : landed.get(ledgerKey(r))!.id));
    return { table, address, records, query: { select: [...select], filter: inFilter(address.stamped ? "dxm_sourcekey" : address.primaryId, keys) } };
  });
  if (queries.length === 0) return [];
  const withParties = samples.filter((r) => partiesOf(r) && landed.get(ledgerKey(r)));
  const partyIds = withParties.map((r) => landed.get(ledgerKey(r))!.id);
  const gets: BatchOperation[] = queries.map((q) => ({ method: "GET", url: withQuery(q.address.entitySet, queryString(q.query)) }));
  if (partyIds.length > 0) gets.push(partyQuery(partyIds));
  const results = await client.executeBatch({ changeSets: [], gets }, { signal });
  const mismatches: FieldMismatch[] = [];
  if (partyIds.length > 0) {
    const result = results[queries.length];
    if (result.error) throw Object.assign(new Error(result.error.message), result.error);
    const read = ((result.body as { value?: Entity[] })?.value ?? []).map((p) => ({
      activityid: String(p._activityid_value ?? "").toLowerCase(),
      party: { participationtypemask: Number(p.participationtypemask), partyid: (p._partyid_value as string | null) ?? null, addressused: (p.addressused as string | null) ?? null } satisfies PartyRead,
    }));
    withParties.forEach((record, i) => {
      const id = partyIds[i];
      const { key, parties } = partiesOf(record)!;
      if (partiesDiffer(parties, read.filter((p) => p.activityid === id.toLowerCase()).map((p) => p.party))) {
        mismatches.push({ table: record.table, sourceKey: record.sourceKey, id, column: key, kind: "different" });
      }
    });
  }
  results.slice(0, queries.length).forEach((result, i) => {
    const { table, address, records } = queries[i];
    if (result.error) throw Object.assign(new Error(result.error.message), result.error);
    const rows = (result.body as { value?: Entity[] })?.value ?? [];
    for (const record of records) {
      const id = landed.get(ledgerKey(record))?.id;
      const row = rows.find((r) => (address.stamped ? r.dxm_sourcekey === record.sourceKey : r[address.primaryId] === id));
      if (!row) {
        mismatches.push({ table, sourceKey: record.sourceKey, id, column: "*", kind: "missing" });
        continue;
      }
      for (const column of differingColumns(record.payload, row)) mismatches.push({ table, sourceKey: record.sourceKey, id, column, kind: "different" });
    }
  });
  return mismatches;
}
