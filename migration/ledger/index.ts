export type * from "./types";
export { emptyCounters } from "./types";
export { encodeBatch, decodeBatch, readLedger, purgeBeforeImages, tableLedgerGet, tableLedgerFrom, writeBatch, runBind, BATCH_ENTITY_SET, RUN_ENTITY_SET, BATCH_COLUMNS } from "./codec";
export { LedgerWriter, LEDGER_GROUP_RECORDS } from "./writer";
export { indexLedger } from "./index-of-runs";
export type { LedgerEntry } from "./index-of-runs";
export { createRunRecord, updateRunRecord, addToRunReport, readRunRecord, childRunRecords, runOptionsOf, runStatusValue, runStatusLabel, runModeValue } from "./run-record";
export type { RunRecord, RunStatus, NewRun, RunUpdate, RunOptions } from "./run-record";
