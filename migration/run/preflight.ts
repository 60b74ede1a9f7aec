/**
 * The pre-flight check before any write (Migration Studio's step 3, `dxm preflight`, and `dxm migrate`
 * before a new run): gathers what the plan's `preflight` needs from the org (custom tables, the user's
 * privileges, users, metadata), plans the run once, and returns the report with the provider matches.
 * Where the org cannot answer a question (e.g. privileges), the result says so instead of guessing.
 */
import type { DataverseClientApi, EntityMetadata } from "../../dataverse/types";
import type { ConfirmedMap } from "../mapping/types";
import { missingRequiredFiles, planMigration, preflight, requiredPrivileges } from "../plan";
import type { MigrationPlan, PlanReport, PreflightReport, ValidationIssue } from "../plan/types";
import { fetchOrgContext, tablesForMap } from "./org-context";
import { privilegesOf } from "./bypass-custom-logic";
import type { MigrationExports } from "./types";

export interface PreflightResult {
  preflight: PreflightReport;
  plan: PlanReport;
  /**
   * The full plan itself, built for the run id the pre-flight was given (with consent to skip errored rows):
   * a new full run under that id takes it instead of planning again (MigrateInput.planned). Only with
   * `keepPlan` (it holds the exports' index; Migration Studio does not keep it).
   */
  runPlan?: MigrationPlan;
  /** The table metadata that plan was validated against (with `keepPlan`): the run does not read it again. */
  runMetadata?: Record<string, EntityMetadata>;
  issues: ValidationIssue[];
  /** Providers in the exports and the Dynamics user each matched (by email), or none. */
  providers: { providerKey: string; userEmail?: string; reason?: "no-user" | "disabled-user" }[];
  /** Enabled users, for the fallback owner. */
  users: { id: string; email: string }[];
  /** Checks the org could not answer, with its error (they are not reported as passed). */
  unchecked: string[];
}

/** A pre-flight for a run not created yet: no records of its own exist to tell apart. */
export const NO_RUN_YET = "00000000-0000-0000-0000-000000000000";

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

async function customTablesInOrg(client: DataverseClientApi): Promise<string[]> {
  const rows = await client.retrieveAll<{ LogicalName: string }>("EntityDefinitions", { select: ["LogicalName"], filter: "IsCustomEntity eq true" });
  return rows.map((r) => r.LogicalName);
}

/** Provider id → email, from the providers file through the confirmed map (staff data, not patient data). */
async function providerEmails(exports: MigrationExports, map: ConfirmedMap): Promise<{ providerKey: string; email: string }[]> {
  const out: { providerKey: string; email: string }[] = [];
  for (const file of map.files.filter((f) => f.object === "provider")) {
    const id = file.columns.find((c) => c.field === "providerId")?.source;
    const email = file.columns.find((c) => c.field === "email")?.source;
    if (!id) continue;
    for await (const row of exports.rows(file.file)) if (!row.refused) out.push({ providerKey: `provider:${row.values[id]}`, email: email ? (row.values[email] ?? "").trim() : "" });
  }
  return out;
}

export async function runPreflight(
  client: DataverseClientApi,
  input: { exports: MigrationExports; map: ConfirmedMap; runId: string; fallbackOwnerEmail?: string; keepPlan?: boolean },
): Promise<PreflightResult> {
  const tables = tablesForMap(input.map);
  // Reads only, all at once: the org (one $batch), its custom tables and the user's privileges go out together,
  // and the plan indexes the exports while they are answered (it waits for the org only to check records).
  const orgRead = fetchOrgContext(client, { runId: input.runId, tables, fallbackOwnerEmail: input.fallbackOwnerEmail });
  const failed: { customTables?: string; privileges?: string } = {};
  const customTablesRead = customTablesInOrg(client).catch((error: unknown) => {
    failed.customTables = message(error);
    return [] as string[];
  });
  const heldRead = orgRead.then((org) => privilegesOf(client, org.whoAmI.UserId)).catch((error: unknown) => {
    failed.privileges = message(error);
    return null;
  });
  // Awaited below; these only keep a failure from counting as unhandled while the plan runs.
  orgRead.catch(() => undefined);
  const plan = await planMigration(input.exports, input.map, orgRead.then((o) => o.context), { mode: "full", skipErroredRows: true });
  const org = await orgRead;
  const [customTables, held] = await Promise.all([customTablesRead, heldRead]);
  const unchecked: string[] = [];
  if (failed.customTables !== undefined) unchecked.push(`custom tables: ${failed.customTables}`);
  if (failed.privileges !== undefined) unchecked.push(`privileges: ${failed.privileges}`);
  const stageTables = [...new Set(plan.stages.filter((s) => s.count > 0).map((s) => s.table))];
  // Unknown privileges are not reported as missing: the screen says they could not be checked.
  const privileges = held ?? requiredPrivileges(stageTables, true);
  const report = preflight(plan, input.map, org.context, { customTables, privileges }, input.exports.inventory.attachments);
  if (held === null) report.mayBypassCustomLogic = undefined;
  // A set without a usable patients file is named first: everything else would only read as orphans.
  report.items.unshift(...missingRequiredFiles(input.exports.inventory, input.map).map((m) => ({ code: "required-file" as const, blocking: true, message: `${m.file}: ${m.reason}` })));

  const enabled = org.context.users.filter((u) => !u.disabled && u.email);
  const providers = (await providerEmails(input.exports, input.map)).map((p) => {
    const unmatched = plan.report.unmatchedProviders.find((u) => u.providerKey === p.providerKey);
    const user = enabled.find((u) => u.email.toLowerCase() === p.email.toLowerCase());
    return unmatched || !user ? { providerKey: p.providerKey, reason: unmatched?.reason ?? ("no-user" as const) } : { providerKey: p.providerKey, userEmail: user.email };
  });
  return {
    preflight: report,
    plan: plan.report,
    ...(input.keepPlan ? { runPlan: plan, runMetadata: org.context.metadata } : {}),
    issues: plan.issues,
    providers,
    users: enabled.map((u) => ({ id: u.id, email: u.email })),
    unchecked,
  };
}
