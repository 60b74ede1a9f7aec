/**
 * Pre-flight: what to settle before the first write. Custom tables against the 15 a Dynamics 365 Sales
 * Professional org may hold; privileges the running user lacks; custom columns to create for the practice's
 * custom fields; unmatched or disabled providers; attachments over the upload limit; and an estimate of the
 * API requests the run makes against the daily Power Platform request entitlement (40,000 per 24 hours for a
 * Dynamics 365 Enterprise or Professional user licence; application users draw on the tenant's pool).
 */
import type { NewColumn } from "../../dataverse/types";
import { solutionModel } from "../../solution/model";
import { migrationAdministratorRole } from "../../solution/components/security";
import type { ConfirmedMap } from "../mapping/types";
import type { MigrationPlan, OrgContext, PreflightInput, PreflightItem, PreflightReport } from "./types";

export const SALES_PROFESSIONAL_CUSTOM_TABLE_LIMIT = 15;
export const DEFAULT_DAILY_REQUEST_ENTITLEMENT = 40_000;
export const DEFAULT_CHUNK_SIZE = 100;
/** Attachments above this go up in blocks (InitializeAnnotationBlocksUpload, UploadBlock…, Commit). */
const ATTACHMENT_BLOCK = 4 * 1024 * 1024;
/** The ledger writes about one batch row per thousand records. */
const RECORDS_PER_LEDGER_WRITE = 1000;

/** Privilege name stem of a table: standard tables use their own names, activities share "Activity". */
const privilegeEntity: Record<string, string> = {
  account: "Account", contact: "Contact", connection: "Connection", annotation: "Note",
  task: "Activity", phonecall: "Activity", email: "Activity", appointment: "Activity",
};
const entityOf = (table: string) => privilegeEntity[table] ?? table;

/**
 * Privileges a run needs for the tables it writes (lowercase comparison; custom tables by logical name).
 * Delete too: a run the user could not roll back should not start.
 */
export function requiredPrivileges(tables: string[], assigns: boolean, createsColumns = false): string[] {
  const names = new Set<string>(["prvOverrideCreatedOnCreatedBy", "prvReadUser", "prvReadConnectionRole"]);
  // Columns for the practice's custom fields are created in a solution of the org's own, under the dxm
  // publisher, both created by the run when missing.
  if (createsColumns) for (const p of CUSTOM_COLUMN_PRIVILEGES) names.add(p);
  for (const table of [...tables, "dxm_migrationrun", "dxm_migrationbatch"]) {
    const e = entityOf(table);
    for (const op of ["Create", "Read", "Write", "Delete", "Append", "AppendTo"]) names.add(`prv${op}${e}`);
    if (assigns && table !== "connection" && !table.startsWith("dxm_migration")) names.add(`prvAssign${e}`);
  }
  return [...names];
}

/** What creating custom columns needs besides the tables' own privileges: the column, its solution and publisher. */
export const CUSTOM_COLUMN_PRIVILEGES = ["prvCreateAttribute", "prvReadPublisher", "prvCreatePublisher", "prvReadSolution", "prvCreateSolution", "prvWriteSolution", "prvCreateSolutionComponent"];

/** The privilege that lets requests skip custom plug-ins and workflows (`MSCRM.BypassBusinessLogicExecution`). */
export const BYPASS_CUSTOM_LOGIC_PRIVILEGE = "prvBypassCustomBusinessLogic";
export const SYSTEM_ADMINISTRATOR_ROLE = "System Administrator";

/**
 * The security role to assign for a missing privilege: the solution's own migration role when it grants it
 * (every privilege a run needs), otherwise System Administrator, which holds every privilege (bypassing custom
 * business logic among them).
 */
export function roleGranting(privilege: string): string {
  const held = migrationAdministratorRole.privileges.some((p) => p.name.toLowerCase() === privilege.toLowerCase());
  return held ? migrationAdministratorRole.name : SYSTEM_ADMINISTRATOR_ROLE;
}

function groupBy<T>(values: T[], key: (value: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const v of values) out.set(key(v), [...(out.get(key(v)) ?? []), v]);
  return out;
}

/** Custom columns the map asks for that the org does not have yet. */
export function columnsToCreate(map: ConfirmedMap, org: OrgContext): NewColumn[] {
  const out = new Map<string, NewColumn>();
  for (const f of map.files) {
    for (const c of f.columns) {
      if (!c.custom) continue;
      const exists = org.metadata[c.custom.table]?.Attributes.some((a) => a.LogicalName === c.custom!.logicalName);
      if (!exists) out.set(`${c.custom.table}.${c.custom.logicalName}`, { ...c.custom });
    }
  }
  return [...out.values()];
}

export function estimateRequests(plan: MigrationPlan, org: OrgContext, attachments: { size: number }[], chunkSize: number, dailyEntitlement: number): PreflightReport["requestEstimate"] {
  let records = 0;
  let writes = 0;
  let reads = Object.keys(org.metadata).length;
  for (const stage of plan.stages) {
    if (stage.count === 0) continue;
    const chunks = Math.ceil(stage.count / chunkSize);
    records += stage.count;
    writes += chunks;
    reads += chunks;
    if (stage.object === "communication" || stage.object === "task") writes += chunks;
  }
  const notes = plan.stages.some((s) => s.table === "annotation" && s.count > 0);
  if (notes) {
    for (const a of attachments) if (a.size <= org.maxUploadFileSize && a.size > ATTACHMENT_BLOCK) writes += Math.ceil(a.size / ATTACHMENT_BLOCK) + 1;
  }
  const ledger = Math.ceil(records / RECORDS_PER_LEDGER_WRITE) + 2;
  return { records, writes, reads, ledger, total: writes + reads + ledger, dailyEntitlement };
}

export function preflight(plan: MigrationPlan, map: ConfirmedMap, org: OrgContext, input: PreflightInput, attachments: { size: number }[] = []): PreflightReport {
  const items: PreflightItem[] = [];
  const inOrg = new Set(input.customTables.map((t) => t.toLowerCase()));
  const toAdd = solutionModel.tables.filter((t) => !inOrg.has(t.logicalName)).length;
  const limit = SALES_PROFESSIONAL_CUSTOM_TABLE_LIMIT;
  if (inOrg.size + toAdd > limit) {
    items.push({
      code: "custom-table-limit", blocking: false,
      message: `The org has ${inOrg.size} custom tables and the solution adds ${toAdd}: ${inOrg.size + toAdd} is over the ${limit} a Dynamics 365 Sales Professional licence allows (Enterprise has no such limit).`,
    });
  }

  const tables = [...new Set(plan.stages.filter((s) => s.count > 0).map((s) => s.table))];
  const held = new Set(input.privileges.map((p) => p.toLowerCase()));
  const assigns = org.fallbackOwnerId !== undefined || org.users.length > 0;
  const newColumns = columnsToCreate(map, org);
  const missingPrivileges = requiredPrivileges(tables, assigns, newColumns.length > 0).filter((p) => !held.has(p.toLowerCase()));
  for (const [role, names] of groupBy(missingPrivileges, roleGranting)) {
    items.push({ code: "missing-privilege", blocking: true, message: `The running user lacks ${names.join(", ")}: assign the security role "${role}", which grants ${names.length === 1 ? "it" : "them"}.` });
  }

  for (const c of newColumns) {
    items.push({ code: "column-to-create", blocking: false, message: `Column ${c.table}.${c.logicalName} (${c.type}) will be created for a custom field, then the table published.` });
  }

  for (const u of plan.report.unmatchedProviders) {
    items.push({
      code: "unmatched-provider", blocking: org.fallbackOwnerId === undefined,
      message: `${u.providerKey} has ${u.reason === "disabled-user" ? "only a disabled Dynamics user" : "no Dynamics user with its email"}: ${
        org.fallbackOwnerId ? "its records go to the fallback owner" : "choose a fallback owner or create the user first"}.`,
    });
  }
  for (const a of plan.report.oversizeAttachments) {
    items.push({ code: "oversize-attachment", blocking: false, message: `${a.sourceKey}: attachment of ${a.size} bytes is over the org's limit of ${org.maxUploadFileSize}; the note names it (needs SharePoint document management).` });
  }

  const requestEstimate = estimateRequests(plan, org, attachments, input.chunkSize ?? DEFAULT_CHUNK_SIZE, input.dailyRequestEntitlement ?? DEFAULT_DAILY_REQUEST_ENTITLEMENT);
  if (requestEstimate.total > requestEstimate.dailyEntitlement) {
    items.push({
      code: "request-entitlement", blocking: false,
      message: `About ${requestEstimate.total} API requests, over the daily entitlement of ${requestEstimate.dailyEntitlement}: spread the run over several days or add request capacity.`,
    });
  }
  return {
    items, customTables: { inOrg: inOrg.size, toAdd, limit }, missingPrivileges, columnsToCreate: newColumns, requestEstimate,
    mayBypassCustomLogic: held.has(BYPASS_CUSTOM_LOGIC_PRIVILEGE.toLowerCase()),
  };
}
