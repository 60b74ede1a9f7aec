export { rollback, planRollback, editedAfterRun, closedActivityRestore, RollbackRefused } from "./rollback";
export { ROLLBACK_ALLOWED } from "./window";
export { ROLLBACK_ORDER } from "./order";
export { restorePayload } from "./restore";
export type * from "./types";
export { finishRun, finishRefusal, FinishRefused, FINISH_ALLOWED, type FinishResult } from "./finish";
