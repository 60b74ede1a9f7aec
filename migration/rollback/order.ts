/**
 * Reverse dependency order: what references others goes first, so no delete is refused by a restrict
 * relationship and no cascade removes a record the ledger still has to account for.
 */
export const ROLLBACK_ORDER: readonly string[] = [
  "annotation",
  "task",
  "phonecall",
  "email",
  "appointment",
  "dxm_billingrecord",
  "dxm_treatmenthistory",
  "dxm_treatmentplan",
  "dxm_appointment",
  "dxm_coverage",
  "connection",
  "contact",
  "dxm_insurancepolicy",
  "account",
];

/** Sort key of a table in the rollback order; unknown tables go before contacts and accounts. */
export function rollbackRank(table: string): number {
  const i = ROLLBACK_ORDER.indexOf(table);
  return i === -1 ? ROLLBACK_ORDER.indexOf("connection") : i;
}

/**
 * Tables other records of a run point at: accounts (locations), contacts (patients, referring providers,
 * guarantors), policies (coverages, claims, policy holders) and coverages (claims). Deleting one of their
 * records can be refused by a restrict relationship or cascade to records still to go, so a client-side
 * delete of these waits for the tables before it; nothing of a run points at the other tables' records.
 */
export const REFERENCED_TABLES: ReadonlySet<string> = new Set(["account", "contact", "dxm_insurancepolicy", "dxm_coverage"]);
