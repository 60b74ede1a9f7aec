/**
 * The engine's public surface, the same in the browser (Migration Studio) and in Node (`dxm`):
 *
 *   const exports = await readExports(files);                         // inventory, profiles, row streams
 *   const learned = await readLearnedChoices(client);                 // what this org's admins corrected before
 *   const proposal = proposeMapping(exports.inventory, { learned });  // per file and column, with evidence
 *   const map = confirmMap(proposal, edits, { confirmedBy, timeZone }); // nothing is written without it
 *   const run = await migrate({ exports, map, mode: "sample" }, client, { onProgress, onIssue, signal, pause });
 *   const report = await reconcile(run.runId, exports, client);
 *   await rollback(run.runId, client, { onProgress, signal, force });
 *
 * Everything talks to Dataverse only through `DataverseClientApi` (dataverse/). No Node built-ins, no console.
 */
export type * from "./model/types";
export { objectSpecs, objectSpec } from "./model";

export type { SourceFile, ExportSet, Inventory, SourceProblem } from "./source/types";
export { readExports, compareControlTotals } from "./source";

export type { Proposal, ConfirmedMap, MapEdits, LearnedChoice } from "./mapping/types";
export { proposeMapping, confirmMap, validateConfirmedMap, serializeMap, parseMap, learnedChoices } from "./mapping";

export type { MigrationPlan, PlanStage, PlannedRecord, ValidationIssue, OrgContext, PlanOptions, RunMode, PreflightReport } from "./plan/types";
export { planMigration, preflight } from "./plan";

export type { TableProgress, LoadFailure, PauseControl } from "./load/types";
export { PauseController } from "./load/pause";

export type { LedgerBatch, LedgerRecord, TableCounters, RunCounters } from "./ledger/types";
export type { RunRecord, RunStatus } from "./ledger/run-record";
export { encodeBatch, decodeBatch, readLedger, readRunRecord, readLearnedChoices } from "./ledger";

export type { MigrateInput, MigrateCallbacks, RunResult, RunIssue, MigrationExports } from "./run/types";
export type { AuditEntry } from "./run/audit";
export { migrate, MapNotConfirmedError } from "./run/migrate";
export { auditFromLedger, auditToCsv, auditCsvHeader, auditCsvLine } from "./run/audit";
export { fetchOrgContext } from "./run/org-context";

export type { ReconcileReport } from "./reconcile/types";
export { reconcile, reconcileToCsv } from "./reconcile";

export type { RollbackOptions, RollbackProgress } from "./rollback/types";
export { rollback, planRollback } from "./rollback";
