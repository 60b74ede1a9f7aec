/** Validation: cell checks, cross-row references, payload checks against the org's metadata. */
export type { IssueCode } from "./issue";
export { issue } from "./issue";
export type { CellProblem } from "./cell-checks";
export { checkCell, isFormulaLike, isMisEncoded } from "./cell-checks";
export { IdRegistry, ExcludedRows } from "./references";
export type { PayloadCheckContext } from "./payload-checks";
export { checkPayload, checkLengthsAgainstModel } from "./payload-checks";
