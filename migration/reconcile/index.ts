export type * from "./types";
export { reconcile, MONEY_COLUMNS, type ReconcileOptions } from "./reconcile";
export { reconcileToCsv } from "./report";
export { differingColumns, sameValue } from "./field-diff";
