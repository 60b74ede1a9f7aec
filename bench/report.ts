import { rollbackBound, sequentialSingleRowsPerSecond, throughputBound, type RollbackBound, type ThroughputBound } from "./bound";
import { DEFAULT_DOP_HINT } from "../emulator";
import { PEERS, type BenchResults, type PeerName, type PeerRun, type SizeResult } from "./run";

/** One size's figures as the report shows them, all rates in emulated time (wall × time scale). */
export interface SizeFigures {
  patients: number;
  timeScale: number;
  from: string;
  rows: number;
  baselineRate: number;
  baselineExtrapolatedSeconds: number;
  engineSeconds: number;
  engineRate: number;
  ratio: number;
  requestsPerRow: number;
  rowsPerRequest: number;
  /** Operations the emulator counted for the engine's run, per record (creates, updates, closings, a few reads and ledger rows). */
  operationsPerRow: number;
  /** The bound for these operations, derived at report time (bench/bound.ts), at the environment's capacity. */
  bound: ThroughputBound;
  shareOfBound: number;
  /** Requests the emulator serves at once (its x-ms-dop-hint). */
  capacity: number;
  /** The bound if the environment served as many requests at once as the concurrency limit allows (52). */
  boundAtLimit: ThroughputBound;
  shareOfBoundAtLimit: number;
  duplicates: number;
  missing: number;
  peakHeapMb: number;
  /**
   * The rollback's own bound (bench/bound.ts `rollbackBound`, BulkDelete and \$batch deletes side by side), its
   * share of it, and its time over the migration's. Absent when the rollback was not measured.
   */
  rollback?: { seconds: number; bound: RollbackBound; share: number; ofMigration: number; clientSideSeconds?: number; peakHeapMb: number };
  /** Full verification: records compared per emulated second, and its time as a share of the engine's. Absent when not measured. */
  verify?: { rate: number; share: number };
}

/** Records full verification compared per emulated second. */
export function verifyRate(size: SizeResult, timeScale: number): number {
  return size.verify ? size.verify.value.records / (size.verify.cost.wallSeconds * timeScale) : 0;
}

export function figures(size: SizeResult, timeScale: number, from: string, model: Pick<BenchResults, "limits" | "cost" | "dopHint" | "capacity">): SizeFigures {
  const emulated = (wall: number) => wall * timeScale;
  const baselineRate = size.baseline.value.written / emulated(size.baseline.value.writeSeconds);
  const engineSeconds = emulated(size.engine.cost.wallSeconds);
  const engineRate = size.engine.rows / engineSeconds;
  // Derived again from the records, operations and limits, so every measurement is judged by the same derivation.
  const operations = size.engine.server.operations;
  const capacity = model.capacity ?? model.dopHint ?? DEFAULT_DOP_HINT;
  const bound = throughputBound(size.engine.rows, operations, model.limits, model.cost, capacity);
  const boundAtLimit = throughputBound(size.engine.rows, operations, model.limits, model.cost, model.limits.concurrent);
  return {
    patients: size.patients,
    timeScale,
    from,
    rows: size.engine.rows,
    baselineRate,
    baselineExtrapolatedSeconds: size.engine.rows / baselineRate,
    engineSeconds,
    engineRate,
    ratio: engineRate / baselineRate,
    requestsPerRow: size.engine.server.requests / size.engine.rows,
    rowsPerRequest: size.engine.rows / size.engine.server.requests,
    operationsPerRow: operations / size.engine.rows,
    bound,
    shareOfBound: bound.minSeconds / engineSeconds,
    capacity,
    boundAtLimit,
    shareOfBoundAtLimit: boundAtLimit.minSeconds / engineSeconds,
    duplicates: size.engine.verification.reduce((n, v) => n + v.duplicates, 0),
    missing: size.engine.verification.reduce((n, v) => n + v.missing, 0),
    peakHeapMb: size.engine.cost.peakHeapMb,
    ...(size.rollback ? { rollback: rollbackFigures(size, timeScale, engineSeconds, model, capacity) } : {}),
    ...(size.verify ? { verify: { rate: verifyRate(size, timeScale), share: emulated(size.verify.cost.wallSeconds) / engineSeconds } } : {}),
  };
}

function rollbackFigures(size: SizeResult, timeScale: number, engineSeconds: number, model: Pick<BenchResults, "limits" | "cost">, capacity: number): NonNullable<SizeFigures["rollback"]> {
  const r = size.rollback!;
  const seconds = r.cost.wallSeconds * timeScale;
  // The asynchronous service runs as many jobs at once as the environment serves requests (emulator default).
  const bound = rollbackBound(r.value.deleted, r.value.restored, model.limits, model.cost, capacity, capacity);
  return {
    seconds,
    bound,
    share: bound.minSeconds / seconds,
    ofMigration: seconds / engineSeconds,
    peakHeapMb: r.cost.peakHeapMb,
    ...(size.rollbackClientSide ? { clientSideSeconds: size.rollbackClientSide.cost.wallSeconds * timeScale } : {}),
  };
}

const n0 = (x: number) => Math.round(x).toLocaleString("en-US");
const n1 = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const n3 = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 4, minimumFractionDigits: 4 });
const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** The latest measurement of each size across result files (a size measured again replaces the older one). */
export function latestPerSize(runs: { file: string; results: BenchResults }[]): { file: string; results: BenchResults; size: SizeResult }[] {
  const bySize = new Map<number, { file: string; results: BenchResults; size: SizeResult }>();
  for (const run of [...runs].sort((a, b) => a.results.startedOn.localeCompare(b.results.startedOn))) {
    for (const size of run.results.sizes) bySize.set(size.patients, { ...run, size });
  }
  return [...bySize.values()].sort((a, b) => a.size.patients - b.size.patients);
}

/** bench/RESULTS.md: set-up, the bound's derivation, the figures side by side, the targets. */
export function renderResults(runs: { file: string; results: BenchResults }[], notes = ""): string {
  const latest = latestPerSize(runs);
  if (latest.length === 0) return "# Benchmarks\n\nNo results yet: run `npm run bench`.\n";
  const { limits, cost } = latest[0].results;
  const f = latest.map((l) => figures(l.size, l.size.timeScale ?? (l.results.options.timeScale as number), l.file, l.results));
  const header = `| | ${latest.map((l) => `${n0(l.size.patients)} patients`).join(" | ")} |\n|---|${latest.map(() => "---:").join("|")}|`;
  const row = (label: string, cell: (l: (typeof latest)[number], fig: SizeFigures) => string) => `| ${label} | ${latest.map((l, i) => cell(l, f[i])).join(" | ")} |`;
  // The peers take the longest: a size may be measured again without them. Their rows then come from the
  // newest run of that size that ran them, each ratio against that same run's engine.
  const peerSide = latest.map((l) => latestWithPeers(runs, l.size.patients));
  const peerRow: RowFn = (label, cell) => `| ${label} | ${peerSide.map((p) => (p ? cell(p, p.fig) : "not measured")).join(" | ")} |`;
  const files = [...latest, ...peerSide.filter((p) => p !== undefined)];
  const single = sequentialSingleRowsPerSecond(cost);
  const capacity = latest[0].results.capacity ?? latest[0].results.dopHint ?? DEFAULT_DOP_HINT;
  const rateAt = (parallel: number) => throughputBound(1, 1, limits, cost, parallel).rate;
  const budget = limits.executionMs / cost.executionMsPerOperation;
  const sustained = budget / (limits.windowMs / 1000);

  return `# Benchmarks

Generated by \`npm run bench\` (\`dxm bench\`) from ${[...new Set(files.map((l) => `\`bench/results/${l.file}\``))].join(", ")}; code ${[...new Set(files.map((l) => '`' + l.results.commit + '`'))].join(", ")}; machine: ${latest[0].results.machine.platform}, ${latest[0].results.machine.cpus} CPUs shared with other work, Node ${latest[0].results.machine.node}.
Do not edit by hand: \`dxm bench\` rewrites it from every JSON in \`bench/results/\` (the newest measurement of each size).

## Set-up
- Export sets from the generator (\`dxm generate --patients N --seed ${latest[0].results.options.seed} --no-attachments\`): every patient with all child rows (appointments, procedures, claims, policies, plans, notes, tasks, communications). Attachment files are named but not written, so notes carry no document bodies.
- The emulator (\`emulator/\`) in the benchmark's process, with the documented service-protection limits (${n0(limits.requests)} requests and ${n0(limits.executionMs)} ms execution time per ${limits.windowMs / 1000} s sliding window, ${limits.concurrent} concurrent) and its documented cost model (${cost.requestLatencyMs} ms per request, ${cost.operationLatencyMs} ms per record in a plain request, ${cost.bulkOperationLatencyMs} ms per record in CreateMultiple/UpsertMultiple/UpdateMultiple, sent alone or inside a \`$batch\`, ${cost.executionMsPerOperation} ms execution time charged per record), serving ${capacity} requests at once (its \`x-ms-dop-hint\`; more wait in line). A fresh emulator per size; reset between baseline and engine. Reconcile, full verification and each rollback start with the user's windows cleared (\`clearWindows\`, the data kept), as the engine starts after the reset and as the bounds assume; since the run of 2026-12-08, before which each started with what the workload before it had spent.
- Each workload runs in a child process of its own (\`bench/harness/worker.ts\`), so CPU time (\`process.cpuUsage\`) and memory (heap sampled every 50 ms; maxRSS is the process's own high-water mark, \`VmHWM\`: \`process.resourceUsage\` also counts the bench's own memory at the spawn, which made the maxRSS of the workers spawned after a migration (reconcile, verification, rollback), in runs up to 2026-12-07T19-39-20Z, the bench's own with its emulator, not the worker's) are the client's alone. HTTP requests, operations and 429s are the emulator's counters over the workload; retries are the client's.
- **Time scale**: the emulator's \`timeScale\` divides latencies, the 300 s windows and Retry-After alike, and charges execution time in emulated milliseconds, so the modelled costs scale consistently (emulator/README.md). Only real CPU work (the client's and SQLite's) does not shrink; at a time scale above 1 it weighs more in emulated time, which makes the engine look slower, not faster. All times and rates below are **emulated** (wall × time scale); the time scale is given per size.
- **Baseline**: the engine's own planned records, one \`POST\` (or \`PATCH\` by alternate key for the stages that update records written earlier) per record, one at a time, no batching: what a simple control does. It writes the first ${n0(latest[0].results.options.baselinePrefix)} records of each set; its rate on that prefix is **extrapolated** to the whole set (planning excluded from its time).
- **Peer writers**: what a user would pick instead of this product, on the whole set, each on an emptied emulator in the same run, with their documented default settings (bench/workloads/kingswaysoft.ts, data-factory.ts, peer.ts). Both write the engine's own planned records (the same records, the same lookups) in the plan's dependency order, keep no ledger and stamp nothing; both resolve lookups on the client with a lookup pass before each stage (every record of the tables its lookups point at read, id and source key, 5,000 a page) and bind them by id; activities are closed by a second write of their state with the same settings, as the engine closes them. Their time runs from the first lookup read to the last write: their own mapping and planning are not timed, while the engine's time includes its planning, reads of the org and validation (this favours the peers).
  - **KingswaySoft** SSIS Integration Toolkit, CDS/CRM Destination: action Create (Update, by the id its lookup pass read, for the stages that update earlier records), Batch Size 100 with multi-threaded writing at its default 16 threads; notes (annotation, an attachment table) one at a time on one thread; lookups by Text Lookup on dxm_sourcekey with Full Cache. Sources: kingswaysoft.com help manual, *Advanced Topics* ("How do I maximize the throughput when writing data": batch size with multi-threaded writing, attachment entities at batch size 1) and *Using the CDS/CRM Destination Component* (actions); Magnetism Solutions, *SSIS KingswaySoft - Multi-threading errors* (2019: "The default number of threads is 16", batch size 100 with multi-threading, notes with attachments at batch size 1 with no multi-threading); temmyraharjo.com, *Dynamics CRM Destination - How Text Lookup Works* (Full Cache reads the target table before writing). KingswaySoft's own page recommends a batch size of 10 for typical entities; the 100 measured here is the figure its guidance gives with multi-threading, as issue 20 asks.
  - **Azure Data Factory** copy activity, Dynamics 365 / Dataverse sink: writeBehavior Upsert (the only value) by alternateKeyName dxm_sourcekey for every keyed record, notes created; writeBatchSize 10 × parallelCopies 10 ("the default value for both ... is 10. Therefore, 100 records are concurrently submitted by default"); lookups as GUIDs, since the copy sink takes lookups as GUIDs (lookups by alternate key are for mapping data flows in inline mode only), resolved by the lookup pass. Source: learn.microsoft.com/azure/data-factory/connector-dynamics-crm-office-365 (*Dynamics as a sink type*, *Writing data to a lookup field*, *... via alternative keys*).
  - **ExecuteMultiple**: both send the SDK's ExecuteMultipleRequest over the Organization service, which the Web API (and so the emulator) does not have; its Web API equivalent is a \`$batch\` of up to 1,000 requests. The bench sends each ExecuteMultiple as a \`$batch\` with one change set per request (ExecuteMultiple runs each request in its own transaction) and \`Prefer: odata.continue-on-error\` (ContinueOnError). The emulator charges it as any \`$batch\` of single operations: 40 ms for the request plus 12 ms per record (no bulk-message rate: ExecuteMultiple carries ordinary Create/Update/Upsert requests), 10 ms execution time per record, one request toward the 6,000-request window, served within the same capacity of 4 at once (a peer's 16 or 10 threads queue there, and count toward the 52 concurrent). The 2-concurrent-ExecuteMultiple throttle of older CRM Online is not modelled (KingswaySoft reports it lifted in 2019). Batch size 1 sends plain single requests.
- **Engine**: \`migrate\` in full mode (\`migration/run/migrate.ts\`), the call \`dxm migrate DIR --yes --skip-errored --fallback-owner ADMIN\` makes (a clean set: nothing is skipped), its counters checked against the records stamped with its run id (duplicates: rows sharing a source key; missing: created records without a row). Then \`reconcile\` (counts, money, sampled field diff), full verification (\`verifyRun\`, what \`dxm reconcile --full\` and \`dxm migrate\` after a full run do: every record read back and every field compared; records verified/s are the records compared over its emulated time, planning included) and \`rollback\` of that run (after it, nothing stamped with the run may remain).

## The bound the limits and the cost model allow
Derived in \`bench/bound.ts\` from N, the record operations of the run (the emulator's count for the engine's run: every record created, plus the operations the platform makes a migration add: an activity is created open and closed by a second operation, since Dataverse does not take \`statecode\` on create, and a policy holder's coverage is a second update of the patient; plus the engine's few reads and ledger rows), in bulk messages of k = 1,000 (the maximum per request):
- **rate**: the environment serves P requests at once; a request of k records takes ${cost.requestLatencyMs} + ${cost.bulkOperationLatencyMs}·k ms = ${n0(cost.requestLatencyMs + 1000 * cost.bulkOperationLatencyMs)} ms, so at most c = P·k / ${n0(cost.requestLatencyMs + 1000 * cost.bulkOperationLatencyMs)} ms operations a second: ${n0(rateAt(capacity))} at P = ${capacity}, the emulator's capacity (it serves as many requests at once as its \`x-ms-dop-hint\` recommends, as an environment's allocated servers do; a client sending more waits in line, emulator/README.md), and ${n0(rateAt(limits.concurrent))} at P = ${limits.concurrent}, the concurrency limit, for an environment that would serve that many;
- **execution time**: any ${limits.windowMs / 1000} s window holds at most B = ${n0(limits.executionMs)} ms / ${cost.executionMsPerOperation} ms = ${n0(budget)} operations (${n0(sustained)} a second sustained). The best schedule spends the budget at rate c, waits until the window slides past the start of that burst, and spends what it frees at the same rate: T_exec = K·${limits.windowMs / 1000} s + (N − K·B)/c with K = ⌈N/B⌉ − 1 (N/c when N ≤ B);
- **requests per window**: ${n0(limits.requests)} requests of k records per ${limits.windowMs / 1000} s, derived the same way (never binding with bulk messages).
The minimum time T is the largest of these; the bound is records / T. Up to ${n0(budget)} operations the rate binds; above it the window does: between ${n0(budget)} and ${n0(2 * budget)} operations no run takes less than ${limits.windowMs / 1000} s plus the time to spend what the window frees, and large runs approach ${n0(sustained)} operations a second. (This report's first derivation treated the window as a bucket refilling at ${n0(sustained)} a second, the second ignored the time the burst itself takes and counted records instead of operations; both overstated the bound.)

**The rollback's bound** (\`rollbackBound\` in \`bench/bound.ts\`), from the same limits and cost model: D records deleted and R updated records restored (reads excluded, as above). Deletes have two channels a client may use at once. BulkDelete jobs run in the asynchronous service (as many at once as the environment serves requests, ${capacity}), ${cost.bulkDeleteMsPerRecord ?? cost.bulkOperationLatencyMs} ms a record without the recycle bin (twice that with it), charged to no window of the caller: a = ${n0(rollbackBound(1, 0, limits, cost, capacity, capacity).asyncRate)} records a second. \`$batch\` deletes and restores are plain operations (no DeleteMultiple for these tables): ${cost.requestLatencyMs} + ${cost.operationLatencyMs}·k ms per request of k, ${capacity} at once, c = ${n0(rollbackBound(1, 0, limits, cost, capacity, capacity).clientRate)} operations a second, each spending ${cost.executionMsPerOperation} ms of the window's budget. T is the least time in which a·T plus what the client channel can do in T (less the restores) covers D. The cost model charges a delete's cascade nothing, so the bound counts every record as deleted by itself, as the rollback does (the ledger accounts for each).
The naive baseline waits ${cost.requestLatencyMs} + ${cost.operationLatencyMs} ms per record, at most ${n1(single)} records/s, so in the steady state no client can be more than ${n1(sustained / single)}× faster than it in operations (${n0(sustained)} / ${n1(single)}), less in records; only a run that fits in the execution budget's first window can exceed that.

## Results
${header}
${row("time scale", (_l, x) => String(x.timeScale))}
${row("source rows (CSV)", (l) => n0(l.size.sourceRows))}
${row("records migrated (stamped)", (_l, x) => n0(x.rows))}
${row("**baseline** records written (prefix)", (l) => n0(l.size.baseline.value.written))}
${row("baseline time (s)", (l, x) => n1(l.size.baseline.value.writeSeconds * x.timeScale))}
${row("baseline records/s", (_l, x) => n1(x.baselineRate))}
${row("baseline extrapolated to all records (s)", (_l, x) => n0(x.baselineExtrapolatedSeconds))}
${row("baseline HTTP requests per record", (l) => n3(l.size.baseline.server.requests / Math.max(1, l.size.baseline.value.written)))}
${row("baseline 429s / retries", (l) => `${l.size.baseline.server.throttles} / ${l.size.baseline.client.retries}`)}
${row("baseline client CPU (s) / peak heap (MB) / maxRSS (MB)", (l) => `${n1(l.size.baseline.cost.cpuSeconds)} / ${n0(l.size.baseline.cost.peakHeapMb)} / ${n0(l.size.baseline.cost.maxRssMb)}`)}
${PEERS.map((p) => peerRows(p, peerRow)).join("\n")}
${row("**engine** status", (l) => l.size.engine.value.status)}
${row("engine time (s)", (_l, x) => n1(x.engineSeconds))}
${row("engine records/s", (_l, x) => n0(x.engineRate))}
${row("engine HTTP requests (all, incl. reads and ledger)", (l) => n0(l.size.engine.server.requests))}
${row("engine HTTP requests per record", (_l, x) => `${n3(x.requestsPerRow)} (1 per ${n0(x.rowsPerRequest)})`)}
${row("engine operations counted by the emulator", (l) => n0(l.size.engine.server.operations))}
${row("engine 429s / retries", (l) => `${l.size.engine.server.throttles} / ${l.size.engine.client.retries}`)}
${row("engine client CPU (s) / share of its wall time", (l) => `${n1(l.size.engine.cost.cpuSeconds)} / ${pct(l.size.engine.cost.cpuSeconds / l.size.engine.cost.wallSeconds)}`)}
${row("engine mean requests in flight (modelled latency ÷ time)", (l, x) => n1(modelledLatencySeconds(l.size.engine.server, l.results.cost) / x.engineSeconds))}
${row("engine peak heap (MB) / maxRSS (MB)", (l) => `${n0(l.size.engine.cost.peakHeapMb)} / ${n0(l.size.engine.cost.maxRssMb)}`)}
${row("**engine / baseline**", (_l, x) => `${n1(x.ratio)}×`)}
${row("engine operations per record (creates, closings, updates, reads, ledger)", (_l, x) => x.operationsPerRow.toFixed(3))}
${row("bound (records/s) at the environment's capacity, and the binding limit", (_l, x) => `${n0(x.bound.rowsPerSecond)} (${x.bound.parallel} at once; ${x.bound.binding}, ${n1(x.bound.minSeconds)} s)`)}
${row("**engine share of the bound**", (_l, x) => pct(x.shareOfBound))}
${row("bound if the environment served 52 at once / engine share", (_l, x) => `${n0(x.boundAtLimit.rowsPerSecond)} (${x.boundAtLimit.binding}, ${n1(x.boundAtLimit.minSeconds)} s) / ${pct(x.shareOfBoundAtLimit)}`)}
${row("duplicates / missing (by run stamp)", (_l, x) => `${x.duplicates} / ${x.missing}`)}
${row("**reconcile** time (s) / records/s", (l, x) => (l.size.reconcile ? `${n1(l.size.reconcile!.cost.wallSeconds * x.timeScale)} / ${n0(x.rows / (l.size.reconcile!.cost.wallSeconds * x.timeScale))}` : "not measured"))}
${row("reconcile requests / result", (l) => (l.size.reconcile ? `${n0(l.size.reconcile!.server.requests)} / ${l.size.reconcile!.value.ok ? "reconciled" : `DIFFERENCES (${l.size.reconcile!.value.mismatches} sampled fields)`}` : "not measured"))}
${row("**full verification** time (s) / records verified/s", (l, x) => (l.size.verify ? `${n1(l.size.verify!.cost.wallSeconds * x.timeScale)} / ${n0(verifyRate(l.size, x.timeScale))}` : "not measured"))}
${row("full verification share of the engine's time", (l, x) => (l.size.verify ? pct((l.size.verify!.cost.wallSeconds * x.timeScale) / x.engineSeconds) : "not measured"))}
${row("full verification records / fields / requests / result", (l) => (l.size.verify ? `${n0(l.size.verify!.value.records)} / ${n0(l.size.verify!.value.fields)} / ${n0(l.size.verify!.server.requests)} / ${l.size.verify!.value.ok ? "every field as the source says" : `DIFFERENCES (${l.size.verify!.value.differences} fields, ${l.size.verify!.value.missing} missing, ${l.size.verify!.value.extra} extra)`}` : "not measured"))}
${row("full verification client CPU (s) / peak heap (MB)", (l) => (l.size.verify ? `${n1(l.size.verify!.cost.cpuSeconds)} / ${n0(l.size.verify!.cost.peakHeapMb)}` : "not measured"))}
${row("**rollback** time (s) / records/s", (l, x) => (l.size.rollback ? `${n1(l.size.rollback!.cost.wallSeconds * x.timeScale)} / ${n0(l.size.rollback!.value.deleted / (l.size.rollback!.cost.wallSeconds * x.timeScale))}` : "not measured"))}
${row("rollback deleted / requests / 429s", (l) => (l.size.rollback ? `${n0(l.size.rollback!.value.deleted)} / ${n0(l.size.rollback!.server.requests)} / ${l.size.rollback!.server.throttles}` : "not measured"))}
${row("rollback client CPU (s) / peak heap (MB) / maxRSS (MB)", (l) => (l.size.rollback ? `${n1(l.size.rollback!.cost.cpuSeconds)} / ${n0(l.size.rollback!.cost.peakHeapMb)} / ${n0(l.size.rollback!.cost.maxRssMb)}` : "not measured"))}
${row("rollback ÷ migration time (same run)", (_l, x) => (x.rollback ? `${x.rollback.ofMigration.toFixed(2)}×` : "not measured"))}
${row("rollback bound (records/s, BulkDelete + client deletes) / **rollback share of its bound**", (_l, x) => (x.rollback ? `${n0(x.rollback.bound.rowsPerSecond)} (${n1(x.rollback.bound.minSeconds)} s) / ${pct(x.rollback.share)}` : "not measured"))}
${row("same rollback client-side only ($batch, no BulkDelete): time (s) / requests / ÷ migration", (l, x) => (x.rollback?.clientSideSeconds !== undefined ? `${n1(x.rollback.clientSideSeconds)} / ${n0(l.size.rollbackClientSide!.server.requests)} / ${(x.rollback.clientSideSeconds / x.engineSeconds).toFixed(2)}×` : "not measured"))}
${row("rollback complete / records left stamped", (l) => (l.size.rollback ? `${l.size.rollback!.value.complete ? "yes" : "NO"} / ${l.size.rollback!.remainingAfter}` : "not measured"))}

Per table (engine run, records stamped with the run / created by the engine's count):
${latest.map((l) => `- ${n0(l.size.patients)} patients: ${l.size.engine.verification.map((v) => `${v.table} ${n0(v.stamped)}/${n0(v.expected)}${v.duplicates ? ` (${v.duplicates} dup)` : ""}`).join(", ")}`).join("\n")}

## Targets
| target | measured | met |
|---|---|---|
${targetRows(f, peerSide).join("\n")}
${notes ? `\n${notes.trim()}\n` : ""}`;
}

/**
 * Seconds of latency the cost model charged over a workload, as if every operation was in a bulk message
 * (a lower estimate when some were not). Divided by the elapsed emulated time it gives the mean number of
 * requests in flight: about 1 means the client waited for each request before sending the next.
 */
function modelledLatencySeconds(server: { requests: number; operations: number }, cost: BenchResults["cost"]): number {
  return (server.requests * cost.requestLatencyMs + server.operations * cost.bulkOperationLatencyMs) / 1000;
}

const PEER_LABEL: Record<PeerName, string> = { kingswaysoft: "KingswaySoft", "data-factory": "Azure Data Factory" };

/** Records that landed after a peer's run, and its records per emulated second (lookup passes and writes). */
export function peerRate(run: PeerRun, timeScale: number): { records: number; seconds: number; rate: number } {
  const records = run.landed.reduce((n, t) => n + t.rows, 0);
  const seconds = run.value.writeSeconds * timeScale;
  return { records, seconds, rate: records / seconds };
}

type RowFn = (label: string, cell: (l: { size: SizeResult; results: BenchResults }, fig: SizeFigures) => string) => string;

/** The newest run of a size that ran the peer writers, with its own figures. */
function latestWithPeers(runs: { file: string; results: BenchResults }[], patients: number): { file: string; results: BenchResults; size: SizeResult; fig: SizeFigures } | undefined {
  const withPeers = runs.map((r) => ({ ...r, results: { ...r.results, sizes: r.results.sizes.filter((s) => s.patients === patients && Object.keys(s.peers ?? {}).length > 0) } }));
  const found = latestPerSize(withPeers)[0];
  return found && { ...found, fig: figures(found.size, found.size.timeScale ?? (found.results.options.timeScale as number), found.file, found.results) };
}

function peerRows(peer: PeerName, row: RowFn): string {
  const name = PEER_LABEL[peer];
  const cell = (render: (run: PeerRun, x: SizeFigures) => string) => (l: { size: SizeResult }, x: SizeFigures) => {
    const run = l.size.peers?.[peer];
    return run ? render(run, x) : "not measured";
  };
  return [
    row(`**${name}** time (s) / records/s`, cell((r, x) => { const p = peerRate(r, x.timeScale); return `${n1(p.seconds)} / ${n0(p.rate)}`; })),
    row(`${name} records landed (of the engine's) / refused / lookups unresolved`, cell((r, x) => `${n0(peerRate(r, x.timeScale).records)} (${n0(x.rows)}) / ${n0(r.value.failed + r.value.closeFailed)} / ${n0(r.value.unresolved)}`)),
    row(`${name} HTTP requests (lookup reads) / operations / 429s / retries`, cell((r) => `${n0(r.server.requests)} (${n0(r.value.lookupRequests)}) / ${n0(r.server.operations)} / ${r.server.throttles} / ${r.client.retries}`)),
    row(`${name} client CPU (s) / peak heap (MB)`, cell((r) => `${n1(r.cost.cpuSeconds)} / ${n0(r.cost.peakHeapMb)}`)),
    row(`**engine / ${name}**`, cell((r, x) => `${n1(x.engineRate / peerRate(r, x.timeScale).rate)}×`)),
  ].join("\n");
}

function targetRows(f: SizeFigures[], peerSide: ({ size: SizeResult; fig: SizeFigures } | undefined)[] = []): string[] {
  const rows: string[] = [];
  const at = (p: number) => f.find((x) => x.patients === p);
  const yes = (ok: boolean) => (ok ? "yes" : "**no**");
  const tenK = at(10_000);
  // Issue 20 withdrew the 50× target (beyond any client under the documented limits) for a share of the bound.
  const verified = tenK?.verify;
  rows.push(`| full verification ≥ 3,000 records/s at 10k patients | ${verified ? n0(verified.rate) : "not measured"} | ${verified ? yes(verified.rate >= 3000) : "-"} |`);
  rows.push(`| full verification < 25 % of the migration's time at 10k patients | ${verified ? pct(verified.share) : "not measured"} | ${verified ? yes(verified.share < 0.25) : "-"} |`);
  for (const x of f) rows.push(`| single identity ≥ 95 % of the bound (${n0(x.patients)}) | ${pct(x.shareOfBound)} | ${yes(x.shareOfBound >= 0.95)} |`);
  for (const x of f) rows.push(`| ≤ 1 request per 200 records (${n0(x.patients)}) | 1 per ${n0(x.rowsPerRequest)} | ${yes(x.rowsPerRequest >= 200)} |`);
  f.forEach((measured, i) => {
    const side = peerSide[i];
    const x = side?.fig ?? measured;
    const runs = side ? PEERS.flatMap((p) => (side.size.peers?.[p] ? [{ p, rate: peerRate(side.size.peers[p]!, x.timeScale).rate }] : [])) : [];
    if (runs.length === 0) rows.push(`| ahead of every peer writer (${n0(x.patients)}) | not measured | - |`);
    else rows.push(`| ahead of every peer writer (${n0(x.patients)}) | ${runs.map((r) => `${n1(x.engineRate / r.rate)}× ${PEER_LABEL[r.p]}`).join(", ")} | ${yes(runs.every((r) => x.engineRate > r.rate))} |`);
  });
  const hundredK = at(100_000);
  rows.push(`| peak client heap < 512 MB at 100k patients | ${hundredK ? `${n0(hundredK.peakHeapMb)} MB` : "not measured"} | ${hundredK ? yes(hundredK.peakHeapMb < 512) : "-"} |`);
  // The command bar's Rollback runs the same engine in a browser tab: the migration's heap target holds for it too.
  rows.push(`| rollback peak client heap < 512 MB at 100k patients | ${hundredK?.rollback ? `${n0(hundredK.rollback.peakHeapMb)} MB` : "not measured"} | ${hundredK?.rollback ? yes(hundredK.rollback.peakHeapMb < 512) : "-"} |`);
  for (const x of f) if (x.rollback) rows.push(`| rollback ≥ 90 % of its bound (${n0(x.patients)}) | ${pct(x.rollback.share)} | ${yes(x.rollback.share >= 0.9)} |`);
  for (const x of f) if (x.rollback) rows.push(`| rollback no slower than the migration (${n0(x.patients)}) | ${x.rollback.ofMigration.toFixed(2)}× | ${yes(x.rollback.ofMigration <= 1)} |`);
  for (const x of f) rows.push(`| nothing lost or duplicated (${n0(x.patients)}) | ${x.duplicates} duplicated, ${x.missing} missing | ${yes(x.duplicates === 0 && x.missing === 0)} |`);
  return rows;
}
