import type { DataverseClientApi } from "../../dataverse/types";
import { validateConfirmedMap } from "../mapping/validate";
import type { ConfirmedMap } from "../mapping/types";
import { readLedger } from "../ledger/codec";
import { indexLedger, type LedgerEntry } from "../ledger/index-of-runs";
import { createRunRecord, readRunRecord, runOptionsOf, runUpdateOperation, updateRunRecord, type RunStatus, type RunUpdate } from "../ledger/run-record";
import { emptyCounters, type RunCounters } from "../ledger/types";
import { LedgerWriter } from "../ledger/writer";
import { loadStage, type StageResult } from "../load/load-stage";
import { collectTogether, DEFAULT_TOGETHER_LIMITS, sendTogether, type TogetherLimits, type TogetherStage } from "../load/together";
import { AdaptiveChunkSize } from "../load/chunk-size";
import { ChunkSlots } from "../load/slots";
import { RunBacklog } from "../load/backlog";
import type { ChunkSizeOptions, LoadCallbacks, LoadContext, LoadFailure } from "../load/types";
import { objectSpec } from "../model/objects";
import { missingRequiredFiles, planMigration, withErroredRowsConsent } from "../plan";
import { attachRebuildReference, rebuildReferenceOperation } from "./rebuild-reference";
import { loadInOrder } from "./stage-order";
import type { MigrationPlan, PlanReport, PlanStage } from "../plan/types";
import { inventorySummary } from "./inventory-summary";
import { hashesOf, readLineage } from "./lineage";
import { fetchOrgContext, tablesForMap } from "./org-context";
import { createCustomColumns } from "./custom-columns";
import { probeOperations, settleOrgSupport } from "./org-support";
import { assertMayBypassCustomLogic, withBypassCustomLogic } from "./bypass-custom-logic";
import type { MigrateCallbacks, MigrateInput, RunIssue, RunResult } from "./types";

/** The confirmed map is missing or invalid: nothing is written without one. */
export class MapNotConfirmedError extends Error {
  constructor(readonly problems: { code: string; message: string }[]) {
    super(`The field map is not confirmed: ${problems.map((p) => p.message).join("; ")}`);
    this.name = "MapNotConfirmedError";
  }
}

/** Run states a resume may continue from. */
const RESUMABLE: (RunStatus | undefined)[] = ["Map confirmed", "Running", "Paused", "Cancelled", "Failed", "Completed with errors"];

/**
 * Runs a migration, or resumes one (`input.runId`): reads the org, creates confirmed custom columns,
 * plans, loads every stage in dependency order with the ledger written as it goes, and records counters,
 * status and report on the run row. A resume continues where the run stopped: what its ledger holds is
 * skipped, what was written but not yet ledgered is found by its stamp, and upserts by source key keep
 * anything from landing twice.
 */
export async function migrate(input: MigrateInput, client: DataverseClientApi, callbacks: MigrateCallbacks = {}): Promise<RunResult> {
  const { signal } = callbacks;
  let map: ConfirmedMap = input.map;
  let mode = input.mode;
  let parentRunId = input.parentRunId;
  // What the run's own ledger says (resume): its entries by source key and the next sequence. The
  // batches themselves are not kept: their records would sit in memory twice for the whole run.
  let runLedger = new Map<string, LedgerEntry>();
  let nextSequence = 1;
  let ledgered = false;
  let runId = input.runId;
  // What a resumed run's row already reports (kept beside what this run adds until its final report).
  let storedReport: Record<string, unknown> = {};

  if (runId) {
    const run = await readRunRecord(client, runId);
    if (!run) throw new Error(`Run ${runId} does not exist.`);
    if (!RESUMABLE.includes(run.status)) throw new Error(`Run ${runId} is ${run.status ?? "in an unknown state"} and cannot be resumed.`);
    map = run.map ?? map;
    mode = run.mode;
    parentRunId = run.parentRunId;
    // The run's own options, unless the caller changes them (a fallback owner created since, say).
    const stored = runOptionsOf(run.report);
    if (run.report && typeof run.report === "object" && !Array.isArray(run.report)) storedReport = run.report as Record<string, unknown>;
    input = {
      ...input,
      sampleSize: input.sampleSize ?? stored?.sampleSize,
      skipErroredRows: input.skipErroredRows ?? stored?.skipErroredRows,
      fallbackOwnerEmail: input.fallbackOwnerEmail ?? stored?.fallbackOwnerEmail,
      bypassCustomLogic: input.bypassCustomLogic ?? stored?.bypassCustomLogic,
    };
    const runBatches = await readLedger(client, runId, signal);
    runLedger = indexLedger(runBatches);
    nextSequence = runBatches.reduce((n, b) => Math.max(n, b.sequence), 0) + 1;
    ledgered = runBatches.length > 0;
  }
  const runOptions = {
    sampleSize: input.sampleSize, skipErroredRows: input.skipErroredRows ?? false, fallbackOwnerEmail: input.fallbackOwnerEmail,
    // The run row says whether its writes skipped the org's custom plug-ins and flows.
    ...(input.bypassCustomLogic ? { bypassCustomLogic: true } : {}),
  };
  const problems = validateConfirmedMap(map);
  if (problems.length > 0) throw new MapNotConfirmedError(problems);
  if (mode === "delta" && !parentRunId) throw new Error("A delta run needs the run it builds on (parent run).");
  // Bypassing custom business logic only with the privilege for it, found out before the first write.
  if (input.bypassCustomLogic) {
    await assertMayBypassCustomLogic(client);
    client = withBypassCustomLogic(client);
  }

  // A new full run the pre-flight already planned: created under the id it was planned for.
  const planned = !runId && mode === "full" && input.planned?.plan.mode === "full" ? input.planned : undefined;
  if (!runId) {
    runId = await createRunRecord(client, {
      ...(planned ? { id: planned.runId } : {}),
      name: input.name ?? `${mode[0].toUpperCase()}${mode.slice(1)} migration ${new Date().toISOString()}`,
      mode, parentRunId, map, inventory: inventorySummary(input.exports.inventory),
      options: runOptions,
    });
  }
  callbacks.onRunStarted?.(runId);

  const issues: RunIssue[] = [];
  const issue = (i: RunIssue) => {
    issues.push(i);
    callbacks.onIssue?.(i);
  };
  const ledger = new LedgerWriter(client, runId, nextSequence);
  const counters: RunCounters = {};
  // Audit entries go to the caller as they happen; none is kept (a run of a million records would hold them all).
  const audit = callbacks.onAudit;

  try {
    // Notes have no alternate key: they are found again by the ids earlier runs' ledgers hold (notes written
    // before ids were derived) or by the id derived from the org and the source key (load/record-ids.ts).
    const tablesWritten = tablesForMap(map);
    const resuming = input.runId !== undefined;
    // The org is read (and the confirmed custom columns created) while the plan's first pass reads the exports.
    const probe = probeOperations();
    const orgRead = (async () => {
      const parentLineage = await readLineage(client, parentRunId, signal);
      const org = await fetchOrgContext(client, {
        runId: runId!, tables: tablesWritten, fallbackOwnerEmail: input.fallbackOwnerEmail, previousHashes: parentRunId ? hashesOf(parentLineage) : undefined, probe: !resuming,
        ledgerOf: tablesWritten.filter((t) => t === "annotation"),
        // What the org supports is asked in the same request, before the first record or column is written (the probe leaves nothing behind).
        extra: probe,
        // The pre-flight's plan was validated against the metadata it read moments ago: the load uses the same.
        knownMetadata: planned?.metadata,
      }, signal);
      const orgSupport = await settleOrgSupport(client, org.extraResults, probe.layout, { userId: org.whoAmI.UserId, bulkCreate: (t) => org.bulkSupport.get(t)?.CreateMultiple === true }, signal);
      return { org, parentLineage, orgSupport, columnsCreated: await createCustomColumns(client, map, org.context, org.customFieldsSolution, orgSupport) };
    })();
    const contextRead = orgRead.then((r) => r.org.context);
    // Awaited below; these only keep a failure from counting as unhandled while the plan's first pass runs.
    orgRead.catch(() => undefined);
    contextRead.catch(() => undefined);
    const plan: MigrationPlan = planned
      ? withErroredRowsConsent(planned.plan, input.skipErroredRows ?? false)
      : await planMigration(input.exports, map, contextRead, { mode, sampleSize: input.sampleSize, skipErroredRows: input.skipErroredRows });
    const { org, parentLineage, columnsCreated, orgSupport } = await orgRead;
    const otherRunsNotes = indexLedger(org.tableLedgers.get("annotation") ?? []);

    for (const i of plan.issues) issue({ kind: "validation", ...i });
    const errors = plan.issues.filter((i) => i.severity === "error");
    // A set without a usable patients file says so by name, before its other rows' errors (all orphans then).
    const blockedBy: string[] = missingRequiredFiles(input.exports.inventory, map).map((m) => `${m.file}: ${m.reason}`);
    if (plan.blocked) blockedBy.push(`${errors.length} errors in the exports (consent to skip errored rows, or fix them)`);
    if (plan.report.unmatchedProviders.length > 0 && !org.context.fallbackOwnerId) {
      blockedBy.push(`${plan.report.unmatchedProviders.length} providers have no enabled Dynamics user: choose a fallback owner or create the users first`);
    }
    const rebuildReference = plan.report.rebuildReference;
    if (blockedBy.length > 0) {
      if (rebuildReference) await attachRebuildReference(client, runId, rebuildReference);
      await updateRunRecord(client, runId, { status: "Map confirmed", report: { blockedBy, plan: storedPlanReport(plan.report), options: runOptions, orgSupport } });
      return { runId, status: "Map confirmed", counters, issues, report: plan.report, complete: false, columnsCreated, blockedBy };
    }
    for (const stage of plan.stages) {
      counters[stage.table] ??= emptyCounters();
      counters[stage.table].total += stage.count;
    }
    for (const e of errors) {
      const table = tableOfFile(map, e.file);
      if (table) (counters[table] ??= emptyCounters()).skipped++;
    }
    callbacks.onPlanned?.(plan.stages.map((stage) => ({ object: stage.object, table: stage.table, total: stage.count })));

    // The run row says what the org was found to support (and so which paths the run takes) from its start.
    const running: RunUpdate = { status: "Running", counters: structuredClone(counters), startedOn: ledgered ? undefined : new Date(), report: { ...storedReport, options: runOptions, orgSupport } };
    const ctx: LoadContext = {
      runId,
      organizationId: org.whoAmI.OrganizationId,
      metadata: new Map(Object.entries(org.context.metadata)),
      runLedger,
      lineage: parentLineage,
      ledgered: otherRunsNotes,
      tablesWithForeignRecords: org.tablesWithForeignRecords,
      resuming,
      attachments: input.exports,
      maxUploadFileSize: org.context.maxUploadFileSize,
      chunk: input.chunk,
      sizer: new AdaptiveChunkSize(input.chunk),
      // Stages of a wave share the run's places for chunks: twice the requests the client sends at once
      // keeps every request slot busy, and bounds the records in memory however many stages load together.
      slots: new ChunkSlots(() => 2 * (client.concurrency ?? 1)),
      bulkSupport: org.bulkSupport,
      orgSupport,
    };

    const user = org.whoAmI.UserId;
    const failures: LoadFailure[] = [];
    let cancelled = false;
    const stageCallbacks: LoadCallbacks = {
      signal,
      pause: callbacks.pause,
      onProgress: callbacks.onProgress,
      onFailure: (failure) => {
        failures.push(failure);
        issue({ kind: "load", ...failure });
      },
      onWritten: audit && ((e) => audit({ time: new Date().toISOString(), user, action: e.action, table: e.table, sourceKey: e.sourceKey, id: e.id })),
      onPauseChange: (paused) => updateRunRecord(client, runId!, { status: paused ? "Paused" : "Running", counters }),
    };
    const count = (stage: PlanStage, result: StageResult) => {
      const c = counters[stage.table];
      c.created += result.progress.created;
      c.updated += result.progress.updated;
      c.unchanged += result.progress.unchanged;
      c.failed += result.progress.failed;
      if (result.cancelled) cancelled = true;
    };
    const finalUpdate = (): RunUpdate => ({
      status: cancelled ? "Cancelled" : failures.length > 0 || errors.length > 0 ? "Completed with errors" : "Completed",
      counters, finishedOn: cancelled ? undefined : new Date(),
      report: {
        plan: storedPlanReport(plan.report),
        options: runOptions,
        orgSupport,
        failures: failures.map((f) => ({ table: f.table, file: f.file, line: f.line, sourceKey: f.sourceKey, step: f.step, code: f.error.code, status: f.error.status })),
        skippedRows: errors.length,
        columnsCreated,
      },
    });

    // The opening request: the run's status, its note and the first small stages in one $batch; then, while
    // the next stages are small too, more such requests, each as full as the limits allow. When the last
    // stage of the plan is in one (a sample run), the run's final status goes with it, computed as if every
    // stage lands (it is applied only if they all did: the batch stops at the first failure). A request
    // that does not land whole ends this: what is left loads the usual way, chunked and isolated.
    let opened = false;
    let closed = false;
    const rest = new Set(plan.stages);
    const limits = togetherLimits(input.chunk, plan.stages.reduce((n, s) => n + s.count, 0), client.concurrency ?? 1);
    for (let first = true; !signal?.aborted; first = false) {
      const remaining = plan.stages.filter((s) => rest.has(s));
      const together = await collectTogether(client, remaining, ctx, limits);
      if (together.length === 0) break;
      const everything = together.length === remaining.length;
      const opening = first ? [[runUpdateOperation(runId, running), ...(rebuildReference && !resuming ? [rebuildReferenceOperation(runId, rebuildReference)] : [])]] : [];
      const closing = everything ? [[runUpdateOperation(runId, predictedFinal(together, counters, finalUpdate))]] : [];
      const outcome = await sendTogether(client, together, ledger, { opening, closing }, stageCallbacks);
      for (const { stage, result } of outcome.landed) {
        count(stage, result);
        rest.delete(stage);
      }
      if (first) opened = outcome.opened;
      closed = outcome.closed;
      if (!opened || outcome.landed.length < together.length || everything || !limits.repeat) break;
    }
    if (!opened) {
      if (rebuildReference) await attachRebuildReference(client, runId, rebuildReference);
      await updateRunRecord(client, runId, { ...running, counters });
    }

    ctx.backlog = new RunBacklog(plan.stages.filter((s) => rest.has(s)).reduce((n, s) => n + s.count, 0));
    // Each stage starts as soon as the stages it builds on have landed; the others load side by side.
    await loadInOrder(plan.stages.filter((s) => rest.has(s)), async (stage, { awaited, chain }) => {
      if (signal?.aborted) cancelled = true;
      if (!cancelled) count(stage, await loadStage(client, stage, { ...ctx, awaited, chain }, ledger, stageCallbacks));
    });
    await ledger.flush();
    for (const f of failures) audit?.({ time: new Date().toISOString(), user, action: "skip", table: f.table, sourceKey: f.sourceKey, reason: f.error.code });
    for (const e of errors) audit?.({ time: new Date().toISOString(), user, action: "skip", table: tableOfFile(map, e.file) ?? "", sourceKey: e.sourceKey ?? `${e.file}:${e.line ?? ""}`, reason: e.code });

    const final = finalUpdate();
    const status = final.status!;
    if (!closed) await updateRunRecord(client, runId, final);
    return { runId, status, counters, issues, report: plan.report, complete: !cancelled && failures.length === 0, columnsCreated };
  } catch (error) {
    await ledger.flush().catch(() => undefined);
    await updateRunRecord(client, runId, { status: "Failed", counters }).catch(() => undefined);
    throw error;
  }
}

/** The run's final update as it will be once every stage of the opening request has landed. */
function predictedFinal(together: TogetherStage[], counters: RunCounters, finalUpdate: () => RunUpdate): RunUpdate {
  const predicted = structuredClone(counters);
  for (const { stage, kind } of together) {
    if (kind === "create") predicted[stage.table].created += stage.count;
    else predicted[stage.table].updated += stage.count;
  }
  return { ...finalUpdate(), counters: predicted };
}

/**
 * What together requests may carry (`chunk.opening` sets the records, 0 turns them off). The server works
 * through a request's records one after another, so n records in one request take as long as n·P records
 * spread over the P requests the client sends at once: together requests trade time for fewer requests.
 * For a run that fits in two chunks (a sample), requests are what its time and its request budget are made
 * of: one chunk's worth per request, request after request. A larger run sends one opening request no
 * bigger than one of its P requests at once (the run row and the first small stages) and loads the rest
 * chunked, side by side.
 */
function togetherLimits(chunk: ChunkSizeOptions | undefined, planned: number, concurrency: number): TogetherLimits & { repeat: boolean } {
  const full = chunk?.opening ?? Math.min(chunk?.max ?? DEFAULT_TOGETHER_LIMITS.records, DEFAULT_TOGETHER_LIMITS.records);
  const small = planned <= 2 * full;
  return { ...DEFAULT_TOGETHER_LIMITS, records: small ? full : Math.floor(full / Math.max(1, concurrency)), repeat: small };
}

function tableOfFile(map: ConfirmedMap, file: string): string | undefined {
  const object = map.files.find((f) => f.file === file)?.object;
  return object && object !== "definition" && object !== "provider" ? objectSpec(object).table : undefined;
}

/**
 * The plan's report as the run row keeps it. The run row names people by id only: the rebuild reference
 * lists providers by name (it is the admin's document for rebuilding the definitions), so its text lives in
 * the note attached to the run, and the row keeps only the file's name. A staff name in the row could not be
 * told from a patient's of the same name (real practices have such collisions), so none is kept there.
 */
export function storedPlanReport(report: PlanReport): Omit<PlanReport, "rebuildReference"> & { rebuildReferenceNote?: string } {
  const { rebuildReference, ...rest } = report;
  return rebuildReference ? { ...rest, rebuildReferenceNote: rebuildReference.fileName } : rest;
}
