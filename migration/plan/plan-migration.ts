/**
 * planMigration: from the exports, the confirmed map and the org's facts to a streamed plan. Pass one
 * checks every row and collects ids and keys (index-pass.ts); then each stage is produced once to check its
 * payloads against the org's metadata and count it (sample scope, errored rows and, for delta runs,
 * unchanged records left out), and again each time load/ asks for its records.
 */
import type { ConfirmedMap } from "../mapping/types";
import { tableAddress } from "../model/tables";
import type { ObjectContext } from "../objects/context";
import { rebuildReference } from "../objects/definition";
import { coverageHashKey } from "../objects/insurance-policy";
import { guarantorHashKey } from "../objects/patient";
import { matchUser, providerKey } from "../objects/provider";
import { issue } from "../validate/issue";
import { checkLengthsAgainstModel, checkPayload } from "../validate/payload-checks";
import { buildIndex } from "./index-pass";
import type { PlanIndex } from "./index-pass";
import { fullScope, sampleScope } from "./scope";
import type { Scope } from "./scope";
import { stageSpecs } from "./stages";
import type { StageEnv } from "./stages";
import type { ExportRows, MigrationPlan, OrgContext, PlanOptions, PlanReport, PlanStage, PlannedRecord, ValidationIssue } from "./types";

export const DEFAULT_SAMPLE_SIZE = 25;

const hashKeyOf = (r: PlannedRecord) => r.hashKey ?? r.sourceKey;

/** Table of a source key's record, for deletions reported by delta runs. */
const tableByPrefix: Record<string, string> = {
  location: "account", referrer: "contact", patient: "contact", connection: "connection", policy: "dxm_insurancepolicy",
  coverage: "dxm_coverage", procedure: "dxm_treatmenthistory", appointment: "dxm_appointment", claim: "dxm_billingrecord", plan: "dxm_treatmentplan",
  note: "annotation", task: "task", comm: "activitypointer",
};

function objectContext(exports: ExportRows, map: ConfirmedMap, org: OrgContext, index: PlanIndex, scope: Scope, validReferrers: Set<string>): ObjectContext {
  const attachments = new Map<string, { file: string; size: number }>();
  for (const a of exports.inventory.attachments) {
    attachments.set(a.name, { file: a.name, size: a.size });
    const base = a.name.split("/").pop()!;
    if (!attachments.has(base)) attachments.set(base, { file: a.name, size: a.size });
  }
  const userOf = (providerId: string) => (providerId ? index.providers.get(providerId)?.userId : undefined);
  return {
    timeZone: map.timeZone,
    userOf,
    ownerOf: (providerId) => userOf(providerId) ?? org.fallbackOwnerId,
    referrerKeyOf: (row) => {
      const key = index.referrers.keyOf(row);
      return key && validReferrers.has(key) ? key : undefined;
    },
    hasPatient: (id) => index.patients.has(id) && scope.patient(id),
    hasPolicy: (key) => index.policies.has(key) && scope.policy(key),
    hasCoverage: (id) => {
      const c = index.coverages.get(id);
      return c !== undefined && index.patients.has(c.patientId) && scope.patient(c.patientId) && index.policies.has(c.policyKey) && scope.policy(c.policyKey);
    },
    attachment: (name) => attachments.get(name) ?? attachments.get(`attachments/${name}`) ?? attachments.get(name.split(/[\\/]/).pop()!),
    maxUploadFileSize: org.maxUploadFileSize,
    connectionRoleIds: org.connectionRoleIds,
  };
}

/** Source column of each payload column, per file and table, from the confirmed map. */
function headerLookup(map: ConfirmedMap): (file: string, table: string, column: string) => string | undefined {
  const byFile = new Map<string, Map<string, string>>();
  for (const f of map.files) {
    const m = new Map<string, string>();
    for (const c of f.columns) {
      if (c.custom) m.set(`${c.custom.table}.${c.custom.logicalName}`, c.source);
      else if (c.target && /^[a-z0-9_]+\.[a-z0-9_]+$/.test(c.target)) m.set(c.target, c.source);
    }
    byFile.set(f.file, m);
  }
  // The communication log maps onto activitypointer's columns; its records are phonecall, email or appointment.
  return (file, table, column) => byFile.get(file)?.get(`${table}.${column}`) ?? byFile.get(file)?.get(`activitypointer.${column}`);
}

/** `table.column` of every custom column the map creates. */
export function customColumnIds(map: ConfirmedMap): Set<string> {
  return new Set(map.files.flatMap((f) => f.columns.filter((c) => c.custom).map((c) => `${c.custom!.table}.${c.custom!.logicalName}`)));
}

/**
 * @param orgRead the org's facts, or their read still under way: the first pass over the exports needs
 *   nothing from the org, so it runs while the read is answered, and only the users and metadata wait for it.
 */
export async function planMigration(exports: ExportRows, map: ConfirmedMap, orgRead: OrgContext | Promise<OrgContext>, options: PlanOptions): Promise<MigrationPlan> {
  const index = await buildIndex(exports, map, options.mode === "sample");
  const org = await orgRead;
  for (const [id, facts] of index.providers) index.providers.set(id, matchUser(facts, org.users));
  const emptyReport = (): PlanReport => ({ referringMerges: [], unmatchedProviders: [], oversizeAttachments: [], deletedSinceParent: [], drugInteractionFlags: 0 });
  if (index.issues.some((i) => i.code === "invalid-time-zone")) {
    // No local time can be converted: nothing further can be planned.
    return { mode: options.mode, stages: [], issues: index.issues, report: emptyReport(), blocked: true };
  }
  const scope = options.mode === "sample" ? await sampleScope(exports, map, index, options.sampleSize ?? DEFAULT_SAMPLE_SIZE) : fullScope;
  const validReferrers = new Set(index.referrers.records().map((r) => r.sourceKey));
  const report = emptyReport();
  const ctx = objectContext(exports, map, org, index, scope, validReferrers);
  const env = (counting: boolean): StageEnv => ({
    exports, map, index, scope, ctx, validReferrers, counting, report,
    exclude: (row, code, field, reason) => {
      if (!counting) return;
      index.excluded.add(row.file, row.line);
      index.issues.push(issue("warning", code, { file: row.file, line: row.line, column: row.header(field) }, reason));
    },
  });

  const headerOf = headerLookup(map);
  const customIds = customColumnIds(map);
  const reported = new Set<string>();
  const previous = options.mode === "delta" ? org.previousHashes ?? new Map<string, string>() : undefined;
  const seen = previous ? new Set<string>() : undefined;
  const unchanged = (r: PlannedRecord) => previous !== undefined && previous.get(hashKeyOf(r)) === r.contentHash;
  const payloadIssues: ValidationIssue[] = [];
  let unchangedCount = 0;

  const stages: PlanStage[] = [];
  const planning = env(true);
  // One header look-up per file and table, not a closure per record.
  const headerLookups = new Map<string, (column: string) => string | undefined>();
  const headerFor = (file: string, table: string) => {
    const key = `${file}|${table}`;
    let lookup = headerLookups.get(key);
    if (!lookup) headerLookups.set(key, (lookup = (column: string) => headerOf(file, table, column)));
    return lookup;
  };
  for (const spec of stageSpecs) {
    const invalid = new Set<string>();
    let count = 0;
    for await (const record of spec.produce(planning)) {
      seen?.add(hashKeyOf(record));
      const metadata = org.metadata[record.table];
      const columnHeader = headerFor(record.file, record.table);
      if (!metadata && !reported.has(record.table)) {
        reported.add(record.table);
        payloadIssues.push(issue("warning", "metadata-not-read", { file: record.file }, `No metadata for ${record.table}: only the lengths the solution defines are checked`));
      }
      const problems = metadata
        ? checkPayload(record, { metadata, columnsToCreate: customIds, reported, update: spec.operation === "update", headerOf: columnHeader })
        : checkLengthsAgainstModel(record, columnHeader);
      payloadIssues.push(...problems);
      if (problems.some((p) => p.severity === "error" && p.line !== undefined)) {
        invalid.add(record.sourceKey);
        spec.onInvalid?.(record, planning);
        continue;
      }
      if (unchanged(record)) {
        unchangedCount++;
        continue;
      }
      count++;
    }
    stages.push({
      name: spec.name, operation: spec.operation, object: spec.object, table: spec.table, entitySet: tableAddress(spec.table).entitySet, count,
      async *records() {
        for await (const record of spec.produce(env(false))) {
          // The hash of what was planned, before the load adds anything to the record (bind.ts `plannedRecord`).
          void record.contentHash;
          if (!invalid.has(record.sourceKey) && !unchanged(record)) yield record;
        }
      },
    });
  }

  const issues = [...index.issues, ...payloadIssues];
  for (const providerId of index.unknownProviders) {
    issues.push(issue("warning", "unknown-reference", { file: "", sourceKey: providerKey(providerId) }, `Provider ${providerId} is named on rows but is not in the providers file: its records go to the fallback owner`));
  }
  const providers = [...index.providers.values()];
  report.unmatchedProviders = [
    ...providers.filter((p) => p.unmatched).map((p) => ({ providerKey: providerKey(p.providerId), reason: p.unmatched! })),
    ...[...index.unknownProviders].map((id) => ({ providerKey: providerKey(id), reason: "no-user" as const })),
  ];
  report.referringMerges = index.referrers.merges().filter((m) => scope.referrer(m.mergedKey));
  report.rebuildReference = rebuildReference(index.definitions, providers, org.runId, report.drugInteractionFlags);
  report.excludedRows = index.excluded.size;
  if (previous && seen) {
    report.unchangedSinceParent = unchangedCount;
    // Keys of the updates hashed apart from their records' own (coverage-of:, guarantor-of:) name no record of their own.
    const updatePrefixes = [coverageHashKey(""), guarantorHashKey("")].map((k) => k.slice(0, k.indexOf(":") + 1));
    // Rows left out for errors still exist in the source, and so do their patients' connections.
    const leftOut = (k: string) => index.excludedKeys.has(k) || (k.startsWith("connection:") && index.excludedKeys.has(`patient:${k.split(":")[1]}`));
    report.deletedSinceParent = [...previous.keys()]
      .filter((k) => !seen.has(k) && !updatePrefixes.some((p) => k.startsWith(p)) && !leftOut(k))
      .sort()
      .map((k) => ({ sourceKey: k, table: tableByPrefix[k.slice(0, k.indexOf(":"))] ?? "unknown" }));
  }

  const inScope = (i: ValidationIssue) => {
    if (!scope.sampled || i.line === undefined) return true;
    const owner = index.issueOwner.get(i);
    if (owner === undefined) return true;
    return owner.startsWith("location:") ? scope.location(owner.slice("location:".length)) : scope.patient(owner);
  };
  const errors = issues.filter((i) => i.severity === "error" && inScope(i));
  const blocked = errors.some((i) => i.line === undefined) || (errors.length > 0 && !options.skipErroredRows);
  return { mode: options.mode, stages: blocked ? [] : stages, issues, report, blocked };
}

/**
 * A full plan built with consent to skip errored rows (as the pre-flight builds it), as the run would have
 * built it with or without that consent: without it, any error blocks the run (planMigration's own rule for a
 * full plan, where every issue is in scope).
 */
export function withErroredRowsConsent(plan: MigrationPlan, skipErroredRows: boolean): MigrationPlan {
  if (plan.mode !== "full") throw new Error("Only a full plan can be reused with another consent.");
  if (plan.blocked || skipErroredRows || !plan.issues.some((i) => i.severity === "error")) return plan;
  return { ...plan, stages: [], blocked: true };
}

/** Every issue the exports have against the map and the org (a full plan's issues). */
export async function validate(exports: ExportRows, map: ConfirmedMap, org: OrgContext): Promise<ValidationIssue[]> {
  return (await planMigration(exports, map, org, { mode: "full" })).issues;
}
