export type * from "./types";
export { reconcile, MONEY_COLUMNS, type ReconcileOptions } from "./reconcile";
export { reconcileToCsv, verificationToCsv, VERIFICATION_CSV_HEADER, verificationCsvLine, verificationSummaryLine } from "./report";
export { differingColumns, sameValue } from "./field-diff";
export { verifyRun, verifyPlan, comparedColumns, type VerifyOptions, type VerifyInput } from "./verify";
