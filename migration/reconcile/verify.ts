/**
 * Full verification: every record a run was to write is read back and compared, field by field, with what
 * the source says it should be. "What the source says" is the run's plan made again from its confirmed map
 * (the payloads the load sent, built by the same object modules); "compared" is the load's own rule
 * (load/unchanged.ts `columnDifferences`: dates and zones, option values, lookups by their target's source
 * key, money to the cent, text as written). Table by table, chunk by chunk: the plan's records are streamed,
 * each chunk's records read by key with only the columns they write (load/existing.ts `findExisting`, the
 * look-up the load does before an update), then the records stamped with the run are paged through for any
 * the plan does not hold. Memory holds a chunk and the source keys of one table.
 */
import type { DataverseClientApi, Entity, EntityMetadata } from "../../dataverse/types";
import { pages } from "../../dataverse/operations/pages";
import { columnDifferences } from "../load/unchanged";
import { ChunkPool } from "../load/pool";
import { updatePayload } from "../load/columns";
import { findExisting, type ExistingRecord } from "../load/existing";
import { recordId } from "../load/record-ids";
import type { LedgerEntry } from "../ledger/index-of-runs";
import { indexLedger } from "../ledger/index-of-runs";
import { stampedWithRun, tableAddress, type TableAddress } from "../model/tables";
import type { MigrationPlan, PlannedRecord } from "../plan/types";
import type { MigrationExports } from "../run/types";
import { countNotes, regardingOf, type PlannedNote } from "./accounting";
import { replanRun } from "./replan";
import type { FieldDifference, TableVerification, VerificationReport } from "./types";

export interface VerifyOptions {
  signal?: AbortSignal;
  /** Every difference, missing and extra record as found (the CLI streams them to the report file). */
  onDifference?: (difference: FieldDifference) => void;
  /** A table's summary when its last record is compared. */
  onTable?: (summary: TableVerification) => void;
  /** Differences kept in the report itself (default 1,000): the rest only go to `onDifference`. */
  listLimit?: number;
  /** Records read back per chunk (default 1,000). */
  chunk?: number;
  /** Chunks read at once per table (default 4: the emulator's and Dataverse's default `x-ms-dop-hint`). */
  parallel?: number;
  /**
   * Tables verified at once (default 3). Each holds its planned source keys until it is done, so memory
   * grows with it; the client's own request limit keeps the reads within the org's hint whatever it is.
   */
  tablesAtOnce?: number;
}

/** What full verification needs from a re-planned run. */
export interface VerifyInput {
  runId: string;
  plan: MigrationPlan;
  organizationId: string;
  metadata: Record<string, EntityMetadata>;
  /** Every run's note ledger entries (notes have no key: their ids come from the ledger, else from the id scheme). */
  noteLedger: Map<string, LedgerEntry>;
  /** `table|sourceKey` of the records the run reports failed. */
  failedKeys: Set<string>;
  /**
   * When the run started (its record's `dxm_startedon`): a record created before it was only updated by the
   * run, which could not write its create-only columns (`overriddencreatedon`). Unknown: every record is
   * taken for one the run created.
   */
  startedOn?: string;
}

/** Re-plans the run from its confirmed map and verifies every record it was to write. */
export async function verifyRun(runId: string, exportSet: MigrationExports, client: DataverseClientApi, options: VerifyOptions = {}): Promise<VerificationReport> {
  const { run, org, plan, failedKeys } = await replanRun(runId, exportSet, client, options.signal);
  return verifyPlan({
    runId, plan, failedKeys, startedOn: run.startedOn, organizationId: org.whoAmI.OrganizationId, metadata: org.context.metadata,
    noteLedger: indexLedger(org.tableLedgers.get("annotation") ?? []),
  }, client, options);
}

/** Verifies the records of a plan already made (reconcile's, or `verifyRun`'s). */
export async function verifyPlan(input: VerifyInput, client: DataverseClientApi, options: VerifyOptions = {}): Promise<VerificationReport> {
  const started = Date.now();
  const listLimit = options.listLimit ?? 1000;
  const differences: FieldDifference[] = [];
  let differenceCount = 0;
  const report = (d: FieldDifference) => {
    differenceCount++;
    if (differences.length < listLimit) differences.push(d);
    options.onDifference?.(d);
  };
  // Tables side by side: one table's reads are in flight while another's records are planned and compared,
  // so neither the client's CPU nor the org's request places wait for the other (one table at a time left the
  // client idle for 40 % of the time at 1,000 patients). The report lists tables in the plan's order.
  const names = [...new Set(input.plan.stages.map((s) => s.table))];
  const summaries = new Map<string, TableVerification>();
  const pool = new ChunkPool(Math.max(1, options.tablesAtOnce ?? 3));
  for (const table of names) {
    await pool.start(verifyTable(table, input, client, options, report).then((summary) => {
      summaries.set(table, summary);
      options.onTable?.(summary);
    }));
  }
  await pool.drain();
  const tables = names.map((t) => summaries.get(t)!);
  return {
    runId: input.runId,
    generatedOn: new Date().toISOString(),
    tables,
    differences,
    differenceCount,
    records: tables.reduce((n, t) => n + t.records, 0),
    seconds: (Date.now() - started) / 1000,
    ok: differenceCount === 0,
  };
}

/** The columns a record's comparison covers (as `columnDifferences` walks them). */
export function comparedColumns(payload: Entity, finalState?: Record<string, unknown>): number {
  let n = 0;
  for (const key of Object.keys(payload)) if (!key.startsWith("@") && key !== "dxm_sourcekey") n++;
  return n + Object.keys(finalState ?? {}).length;
}

/**
 * What an update of the record could change: the update payload (create-only columns as the org's metadata
 * says), and never overriddencreatedon, which Dataverse only takes on create (the emulator's standard tables
 * take it on update too, into overriddencreatedon itself: a difference from Dataverse, emulator/README.md).
 */
function updatedBody(payload: Entity, metadata: EntityMetadata | undefined): Entity {
  const { overriddencreatedon: _createOnly, ...body } = updatePayload(payload, metadata);
  return body;
}

/**
 * Whether the run created the record (rather than found it and updated it, or left it alone): stamped with
 * the run (notes carry no stamp), and really created (overriddencreatedon, where Dataverse keeps the real
 * creation time once createdon took the written one; else createdon) no earlier than the run's start, to the
 * second (Dataverse keeps no milliseconds).
 */
export function createdByRun(existing: ExistingRecord, address: TableAddress, input: Pick<VerifyInput, "runId" | "startedOn">): boolean {
  if (address.stamped && existing.runStamp?.toLowerCase() !== input.runId.toLowerCase()) return false;
  if (!input.startedOn) return true;
  const created = existing.row.overriddencreatedon ?? existing.row.createdon;
  if (typeof created !== "string") return true;
  return Math.floor(Date.parse(created) / 1000) >= Math.floor(Date.parse(input.startedOn) / 1000);
}

async function verifyTable(
  table: string,
  input: VerifyInput,
  client: DataverseClientApi,
  options: VerifyOptions,
  report: (d: FieldDifference) => void,
): Promise<TableVerification> {
  const address = tableAddress(table);
  const metadata = input.metadata[table];
  const chunkSize = options.chunk ?? 1000;
  const parallel = Math.max(1, options.parallel ?? 4);
  const summary: TableVerification = { table, records: 0, fields: 0, differences: 0, missing: 0, extra: 0, failed: 0 };
  // Source keys of the table's planned records (stamped tables: to find the extra ones; a key may stand for
  // several planned records, a patient and the update of its coverage). Notes: ids, to find the extra ones.
  const keys = new Set<string>();
  const notes: PlannedNote[] = [];
  // Reads in flight (`parallel` at most), compared in the order they were sent: the report follows the plan.
  const inFlight: Promise<ChunkRead>[] = [];

  const read = async (records: PlannedRecord[], ids: Map<string, string>): Promise<ChunkRead> => {
    // The attachment's content is not read back: a note's document is compared by its file name and type only.
    const wanted = records.map((r) => (r.attachment ? { ...r, attachment: undefined } : r));
    // Beyond the columns an update writes (what findExisting reads): the final state of activities, and
    // createdon, where Dataverse keeps a written overriddencreatedon (create-only, so not among them).
    const extra = new Set<string>();
    for (const r of records) {
      if (r.finalState) for (const c of Object.keys(r.finalState)) extra.add(c);
      // createdon holds a written overriddencreatedon; overriddencreatedon then holds when the record was really created.
      if ("overriddencreatedon" in r.payload) for (const c of ["createdon", "overriddencreatedon"]) extra.add(c);
    }
    return { records, ids, found: await findExisting(client, address, wanted, ids, metadata, options.signal, [...extra]) };
  };
  const compare = ({ records, ids, found }: ChunkRead) => {
    for (const record of records) {
      const existing = found.get(record.sourceKey);
      if (!existing) {
        const id = ids.get(record.sourceKey);
        summary.missing++;
        report({ table, sourceKey: record.sourceKey, ...(id ? { id } : {}), column: "*", kind: "missing" });
        continue;
      }
      // What the load sent: the whole payload to a record it created, the update payload (create-only columns
      // left out) to one that was already there (another run's, or this one's before a resume).
      const body = createdByRun(existing, address, input) ? record.payload : updatedBody(record.payload, metadata);
      summary.fields += comparedColumns(body, record.finalState);
      for (const d of columnDifferences(body, existing, metadata, record.finalState)) {
        summary.differences++;
        report({ table, sourceKey: record.sourceKey, id: existing.id, column: d.column, kind: "different", expected: d.expected, found: d.found });
      }
    }
  };
  const send = async (records: PlannedRecord[], ids: Map<string, string>) => {
    if (inFlight.length >= parallel) compare(await inFlight.shift()!);
    const reading = read(records, ids);
    // Awaited in turn; marked handled so that one failing while an earlier one is awaited is no unhandled rejection.
    reading.catch(() => undefined);
    inFlight.push(reading);
  };

  let chunk: PlannedRecord[] = [];
  // Notes: the id each has in the org (notes have no key to read them by).
  let ids = new Map<string, string>();
  for (const stage of input.plan.stages) {
    if (stage.table !== table) continue;
    for await (const record of stage.records()) {
      if (input.failedKeys.has(`${table}|${record.sourceKey}`)) {
        summary.failed++;
        continue;
      }
      if (address.stamped) keys.add(record.sourceKey);
      else {
        const id = await noteId(input, record.sourceKey);
        ids.set(record.sourceKey, id);
        notes.push({ sourceKey: record.sourceKey, id, regarding: regardingOf(record.payload) });
      }
      chunk.push(record);
      if (chunk.length >= chunkSize) {
        await send(chunk, ids);
        chunk = [];
        ids = new Map();
      }
    }
  }
  if (chunk.length > 0) await send(chunk, ids);
  while (inFlight.length > 0) compare(await inFlight.shift()!);

  if (address.stamped) {
    summary.records = keys.size;
    for await (const row of stampedRows(client, address, input.runId, options.signal)) {
      const key = String(row.dxm_sourcekey ?? "");
      if (keys.has(key)) continue;
      summary.extra++;
      report({ table, sourceKey: key, id: String(row[address.primaryId]), column: "*", kind: "extra" });
    }
  } else {
    summary.records = notes.length;
    // Notes carry no stamp: the extra ones are the notes on the run's records that no planned note accounts for.
    const count = await countNotes(client, notes, options.signal);
    for (const id of count.extra) {
      summary.extra++;
      report({ table, sourceKey: "", id, column: "*", kind: "extra" });
    }
  }
  return summary;
}

/** A chunk of planned records and what the org holds of them, by source key. */
interface ChunkRead {
  records: PlannedRecord[];
  ids: Map<string, string>;
  found: Map<string, ExistingRecord>;
}

/** The id a planned note has in the org: the one a ledger gave it, else the one the id scheme derives. */
async function noteId(input: VerifyInput, sourceKey: string): Promise<string> {
  const entry = input.noteLedger.get(sourceKey);
  return entry?.table === "annotation" ? entry.id : recordId(input.organizationId, "annotation", sourceKey);
}

/** The records of a table stamped with the run (id and source key only), page by page. */
async function* stampedRows(client: DataverseClientApi, address: TableAddress, runId: string, signal?: AbortSignal): AsyncGenerator<Entity> {
  const query = { select: [address.primaryId, "dxm_sourcekey"], filter: stampedWithRun(runId), maxPageSize: 5000 };
  for await (const page of pages(client, address.entitySet, query, { signal })) yield* page;
}
