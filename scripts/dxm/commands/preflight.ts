import type { Command } from "commander";
import { NO_RUN_YET, runPreflight, type PreflightResult } from "../../../migration/run/preflight";
import { BYPASS_CUSTOM_LOGIC_PRIVILEGE, roleGranting } from "../../../migration/plan";
import { readExports } from "../../../migration/source";
import { DATE_ORDER_OPTION, collectDateOrder, confirmedMapOrProposal, type DateOrderChoices } from "../confirmed-map";
import { connect } from "../connect";
import { describeSourceProblems, LISTED_ERRORS, LISTED_WARNINGS, listIssues } from "../issues";
import { nodeFiles } from "../node-files";

/** Missing privileges grouped by the security role that grants them: `prvA, prvB (role "X" grants them)`. */
export function describeMissingPrivileges(missing: string[]): string {
  if (missing.length === 0) return "none";
  const byRole = new Map<string, string[]>();
  for (const privilege of missing) byRole.set(roleGranting(privilege), [...(byRole.get(roleGranting(privilege)) ?? []), privilege]);
  return [...byRole].map(([role, names]) => `${names.join(", ")} (the security role "${role}" grants ${names.length === 1 ? "it" : "them"})`).join("; ");
}

/** Whether the user may skip the org's custom plug-ins and flows (`dxm migrate --bypass-custom-logic`). */
export function describeBypass(may: boolean | undefined): string {
  if (may === undefined) return "unknown (the org did not list the user's privileges)";
  return may
    ? `allowed (${BYPASS_CUSTOM_LOGIC_PRIVILEGE})`
    : `not allowed: the user lacks ${BYPASS_CUSTOM_LOGIC_PRIVILEGE} (the security role "${roleGranting(BYPASS_CUSTOM_LOGIC_PRIVILEGE)}" grants it); custom plug-ins and flows run on every record`;
}

/** The pre-flight in words: counts, names of privileges, tables and columns, providers by key. No patient data. */
export function describePreflight(result: PreflightResult): string {
  const p = result.preflight;
  const e = p.requestEstimate;
  const lines = [
    "pre-flight:",
    `  custom tables: ${p.customTables.inOrg} in the org + ${p.customTables.toAdd} this solution adds (limit ${p.customTables.limit})`,
    `  privileges missing: ${describeMissingPrivileges(p.missingPrivileges)}`,
    `  bypass custom business logic: ${describeBypass(p.mayBypassCustomLogic)}`,
    `  columns to create: ${p.columnsToCreate.length === 0 ? "none" : p.columnsToCreate.map((c) => `${c.table}.${c.logicalName} (${c.type})`).join(", ")}`,
    `  providers: ${result.providers.filter((x) => x.userEmail).length} matched to a Dynamics user, ${result.providers.filter((x) => !x.userEmail).length} not (${result.providers.filter((x) => !x.userEmail).map((x) => `${x.providerKey}: ${x.reason}`).join(", ") || "-"})`,
    `  requests estimated: ${e.total} for ${e.records} records (${e.writes} writes, ${e.reads} reads, ${e.ledger} ledger) of ${e.dailyEntitlement} a day`,
    ...result.unchecked.map((u) => `  could not be checked here: ${u}`),
    ...p.items.map((i) => `  ${i.blocking ? "BLOCKING" : "note"} ${i.code}: ${i.message}`),
  ];
  return `${lines.join("\n")}\n`;
}

export const blockingItems = (result: PreflightResult) => result.preflight.items.filter((i) => i.blocking);

/**
 * The rows with errors, as `dxm migrate` will count them: it refuses to start on them unless `--skip-errored`
 * leaves them out (the run is planned with the same checks, so the numbers agree).
 */
export function describeRowErrors(result: PreflightResult, skipErrored: boolean): { text: string; blocking: boolean } {
  const issues = result.issues.map((i) => ({ kind: "validation" as const, ...i }));
  const errors = issues.filter((i) => i.severity === "error");
  const warnings = issues.filter((i) => i.severity !== "error");
  let text = listIssues(`${errors.length} errors in the exports:`, errors, LISTED_ERRORS) + listIssues(`${warnings.length} warnings:`, warnings, LISTED_WARNINGS);
  const blocking = errors.length > 0 && !skipErrored;
  if (errors.length > 0) {
    text += blocking
      ? `  BLOCKING errored-rows: dxm migrate refuses to start on these ${errors.length} errors: fix them in the exports, or pass --skip-errored to leave those rows (and what depends on them) out.
`
      : `  note errored-rows: with --skip-errored the ${errors.length} rows with errors (and what depends on them) are left out, each listed in the run report.
`;
  }
  return { text, blocking };
}

export function register(program: Command): void {
  program
    .command("preflight")
    .description("Check the exports and the org before a migration: the reader's problems, rows with errors, privileges, the custom-table limit, custom columns to create, providers without a Dynamics user, attachments over the upload limit, an estimate of API requests. Writes nothing. Exit code 2 when something blocks the run (rows with errors do, unless --skip-errored).")
    .argument("<dir>", "folder holding the Dental-Exec CSV exports")
    .requiredOption("--target <url>", "org URL or emulator URL")
    .option("--map <file>", "confirmed field map (JSON)")
    .option("--yes", "without --map: check with the proposed map as it is")
    .option("--time-zone <iana>", "practice time zone when confirming the proposal")
    .option(DATE_ORDER_OPTION[0], DATE_ORDER_OPTION[1], collectDateOrder)
    .option("--fallback-owner <email>", "owner of records whose provider has no enabled user")
    .option("--skip-errored", "check as `dxm migrate --skip-errored` runs: rows with errors are left out instead of blocking")
    .action(async (dir: string, options: { target: string; map?: string; yes?: boolean; timeZone?: string; fallbackOwner?: string; skipErrored?: boolean; dateOrder?: DateOrderChoices }) => {
      const exports = await readExports(await nodeFiles(dir));
      process.stdout.write(describeSourceProblems(exports.inventory));
      const client = await connect(options.target);
      const map = await confirmedMapOrProposal(options, exports, client, "Review the proposal, then pass --yes to check with it as it is, or --map FILE with an edited map.");
      if (!map) return;
      const result = await runPreflight(client, { exports, map, runId: NO_RUN_YET, fallbackOwnerEmail: options.fallbackOwner });
      const rowErrors = describeRowErrors(result, options.skipErrored ?? false);
      process.stdout.write(describePreflight(result) + rowErrors.text);
      process.exitCode = blockingItems(result).length > 0 || rowErrors.blocking ? 2 : 0;
    });
}
