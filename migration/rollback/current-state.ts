import type { DataverseClientApi, Entity, EntityMetadata } from "../../dataverse/types";
import { pages } from "../../dataverse/operations/pages";
import { lookupColumn, selectForImage } from "../load/columns";
import { eachIn } from "../load/read-in";
import { migratedTables, OPEN_STATUS, stampedWithRun, type TableAddress } from "../model/tables";
import type { LedgerRead, TableLedger } from "./ledger-index";
import type { KeptRecord } from "./types";

/** Rows per page of a query for the run's stamp (Dataverse's largest page). */
const STAMP_PAGE_ROWS = 5000;

/** How the rollback judges a record as it reads it (rollback.ts knows the run and its writers). */
export interface Judge {
  /** Edited by someone else after the run, and the rollback is not forced: left alone. */
  keep(row: Entity): boolean;
  /** Created after the run started: a stamped record the ledger does not list is the run's only if so. */
  createdDuringRun(row: Entity): boolean;
}

/**
 * What the rollback learned of one table's records when it read them: its decisions, not the rows. A run at
 * 100,000 patients wrote about two million records; keeping each one's row took the rollback to 2 GB of heap.
 */
export interface TableState {
  /** The rows of the records the run updated: restoring judges them by their edits and reopens closed activities. */
  updatedRows: Map<string, Entity>;
  /** Records the run updated that hold every value of their before-image: a resumed rollback's first pass restored them. */
  restored: Set<string>;
  /** Records the rollback leaves, and why (source keys of those the ledger lists come from the ledger later). */
  kept: KeptRecord[];
  /** Records stamped with the run that the ledger does not list, created during the run (a ledger write lost in a crash): deleted too. */
  unledgered: string[];
  /** Records the ledger says the run created that were there without its stamp (notes carry none): verification reads them by id. */
  unstamped: string[];
}

/**
 * Reads, table by table side by side, the records stamped with the run a page at a time, then those the ledger
 * names that the stamp did not find (by id), and judges each as it arrives. The stamp queries go out with the
 * ledger's read; a page waits, to be judged, only for its own table's part of the ledger and for the judge.
 */
export async function readCurrentState(client: DataverseClientApi, runId: string, ledgerRead: LedgerRead, judgeRead: Promise<Judge>, signal?: AbortSignal): Promise<Map<string, TableState>> {
  const state = new Map<string, TableState>();
  await Promise.all(migratedTables.map(async (table) => {
    state.set(table.logicalName, await readTableState(client, runId, table, ledgerRead, judgeRead, signal));
  }));
  return state;
}

async function readTableState(client: DataverseClientApi, runId: string, table: TableAddress, ledgerRead: LedgerRead, judgeRead: Promise<Judge>, signal?: AbortSignal): Promise<TableState> {
  const state: TableState = { updatedRows: new Map(), restored: new Set(), kept: [], unledgered: [], unstamped: [] };
  const judging = Promise.all([ledgerRead.table(table.logicalName), judgeRead]).then(async ([ledger, judge]) => {
    // The run's updates are judged against their before-images, whose lookups are named as the org names them.
    const metadata = ledger?.updated.size ? await client.getEntityMetadata(table.logicalName) : undefined;
    return tableJudge(state, table, runId, ledger, judge, metadata);
  });
  judging.catch(() => undefined); // awaited below; a failure surfaces there, never unhandled while a page is in flight
  /** Found by the stamp, but not a record the ledger says the run created: read again with every column the judge may need. */
  const readAgain: string[] = [];
  if (table.stamped) {
    for await (const page of pages(client, table.entitySet, { select: createdColumns(table), filter: stampedWithRun(runId), maxPageSize: STAMP_PAGE_ROWS }, { signal })) {
      const judged = await judging;
      for (const row of page) {
        if (judged.listsCreated(row)) judged.row(row, true);
        else readAgain.push(String(row[table.primaryId]));
      }
    }
  }
  const judged = await judging;
  await eachIn(client, table.entitySet, table.primaryId, readAgain, judged.columns, (rows) => {
    for (const row of rows) judged.row(row, true);
  }, signal);
  await eachIn(client, table.entitySet, table.primaryId, judged.unseen(), judged.columns, (rows) => {
    for (const row of rows) judged.row(row, false);
  }, signal);
  return state;
}

/**
 * What judging a record the ledger says the run created takes: whether it was edited after the run. Nearly
 * every stamped record is one, and at 100,000 patients the stamp queries read about two million rows, so
 * their columns are few (the stamp is the query's filter; a kept record's source key is read later, with the
 * whole record, by `protectParentsOfKept`).
 */
const createdColumns = (table: TableAddress): string[] => [table.primaryId, "modifiedon", "_modifiedby_value"];

/** Every column the judge may need: for records the run updated, records the ledger does not list, and those read by id. */
const wholeColumns = (table: TableAddress): string[] => [
  ...createdColumns(table), "createdon", "overriddencreatedon",
  ...(table.stamped ? ["dxm_sourcekey", "_dxm_migrationrunid_value"] : []),
  ...(OPEN_STATUS[table.logicalName] !== undefined ? ["statecode", "statuscode"] : []),
];

/**
 * The columns of the before-images of the records the run updated (lookups as `_x_value`): read with them, a
 * record a resumed rollback's first pass restored is seen to hold them, and is not taken for one edited later.
 */
function imageColumns(updated: Map<string, Entity> | undefined, metadata: EntityMetadata | undefined): string[] {
  // Every key of every image, with a value of each: an array is an email's parties, which no column holds.
  const keys: Entity = {};
  for (const before of updated?.values() ?? []) for (const key in before) if (!(key in keys) || before[key] !== null) keys[key] = before[key];
  // A column the org no longer has would fail the whole read: it is left out, and its record is judged as usual.
  const known = metadata && new Set(metadata.Attributes.map((a) => a.LogicalName));
  return selectForImage(keys, metadata).filter((column) => !known || known.has(column.replace(/^_(.+)_value$/, "$1")));
}

/** Judges one table's rows, into `state`, against its part of the ledger. */
function tableJudge(state: TableState, table: TableAddress, runId: string, ledger: TableLedger | undefined, judge: Judge, metadata?: EntityMetadata) {
  const created = ledger?.created;
  const updated = ledger?.updated;
  return {
    /** The columns of a record read by id: every one the judge may need, and those of the table's before-images. */
    columns: [...new Set([...wholeColumns(table), ...imageColumns(updated, metadata)])],
    /** Whether the ledger says the run created this record (and did not update it): `createdColumns` judge it. */
    listsCreated(row: Entity): boolean {
      const id = String(row[table.primaryId]);
      return !updated?.has(id) && (created?.placeOf(id) ?? -1) >= 0;
    },
    /** Judges one row the rollback read: from the stamp query (`byStamp`) or by id. */
    row(row: Entity, byStamp: boolean): void {
      const id = String(row[table.primaryId]);
      const place = created?.placeOf(id) ?? -1;
      const keptAs = (reason: KeptRecord["reason"], sourceKey?: unknown): KeptRecord => ({ table: table.logicalName, id, ...(typeof sourceKey === "string" && sourceKey ? { sourceKey } : {}), reason });
      const before = updated?.get(id);
      if (before) {
        state.updatedRows.set(id, row);
        if (holdsBeforeImage(row, before, metadata)) state.restored.add(id);
      } else if (created && place >= 0) {
        if (byStamp) created.flag(place);
        else if (!(table.stamped && stampedWith(row, runId))) state.unstamped.push(id);
        if (judge.keep(row)) state.kept.push(keptAs("modified-after-run"));
      } else if (!judge.createdDuringRun(row)) {
        state.kept.push(keptAs("not-in-ledger-and-older-than-run", row.dxm_sourcekey));
      } else if (judge.keep(row)) {
        state.kept.push(keptAs("modified-after-run", row.dxm_sourcekey));
      } else {
        state.unledgered.push(id);
      }
    },
    /** The records the ledger lists that the stamp query did not find (notes carry no stamp): read by id. */
    unseen(): string[] {
      const ids: string[] = [];
      if (created) for (let place = 0; place < created.size; place++) if (!created.flagged(place)) ids.push(created.id(place));
      for (const id of updated?.keys() ?? []) if (!state.updatedRows.has(id)) ids.push(id);
      return ids;
    },
  };
}

/**
 * Whether a record holds every value of its before-image (written as a payload: lookups as `nav@odata.bind`,
 * read back as `_attribute_value`). A lookup whose attribute cannot be told, or a value in another form (an
 * email's parties), counts as not held: the record then goes through the usual edited-after-run check.
 */
export function holdsBeforeImage(record: Entity, before: Entity, metadata?: EntityMetadata): boolean {
  return Object.entries(before).every(([key, value]) => {
    const bind = /^(\w+)@odata\.bind$/.exec(key);
    if (!bind) return key in record && (record[key] ?? null) === (value ?? null);
    // Without the org's metadata, `parentcustomerid_account` is told by its last part.
    const attribute = [`_${lookupColumn(bind[1], metadata)}_value`, `_${bind[1].replace(/_[a-z]+$/, "")}_value`].find((a) => a in record);
    if (!attribute) return false;
    const id = typeof value === "string" ? /\(([0-9a-f-]{36})\)$/i.exec(value)?.[1] ?? null : null;
    if (value !== null && id === null) return false;
    return (record[attribute] ?? null) === id;
  });
}

export function stampedWith(row: Entity, runId: string): boolean {
  return typeof row._dxm_migrationrunid_value === "string" && row._dxm_migrationrunid_value.toLowerCase() === runId.toLowerCase();
}

/**
 * What is left of a table after the deletes: its records still stamped with the run, and those of `unstamped`
 * still there (`kept` aside).
 */
export async function remainingIn(client: DataverseClientApi, runId: string, table: TableAddress, unstamped: string[], kept: Set<string>, signal?: AbortSignal): Promise<{ table: string; id: string }[]> {
  const found = new Set<string>();
  const add = (rows: Entity[]) => {
    for (const row of rows) found.add(String(row[table.primaryId]));
  };
  if (table.stamped) {
    for await (const page of pages(client, table.entitySet, { select: [table.primaryId], filter: stampedWithRun(runId), maxPageSize: STAMP_PAGE_ROWS }, { signal })) add(page);
  }
  await eachIn(client, table.entitySet, table.primaryId, unstamped.filter((id) => !found.has(id)), [table.primaryId], add, signal);
  return [...found].filter((id) => !kept.has(id)).map((id) => ({ table: table.logicalName, id }));
}
