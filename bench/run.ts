import { codeVersion } from "./harness/code-version";
import { cpus } from "node:os";
import { join } from "node:path";
import { DEFAULT_DOP_HINT, DOCUMENTED_COST, DOCUMENTED_LIMITS, startEmulator, type EmulatorStats, type RunningEmulator } from "../emulator";
import { exportSet } from "./harness/export-set";
import { fallbackOwner, seedWithUsers } from "./harness/seed";
import { runWorker } from "./harness/spawn";
import type { WorkerOutput } from "./harness/worker";
import type { BaselineResult } from "./workloads/baseline";
import type { EngineResult } from "./workloads/engine";
import type { PeerResult } from "./workloads/peer";
import type { ReconcileResult, RollbackSummary, VerifyResult } from "./workloads/after-run";
import { countByStamp, countLanded, stampedTotal, type LandedCount, type StampCount } from "./verify";

export interface BenchOptions {
  sizes: number[];
  seed: number;
  /** Records the naive baseline writes before its rate is taken (and extrapolated to the whole set). */
  baselinePrefix: number;
  /** Emulated time runs this many times faster than wall time (1 = real time): one for every size, or one per size. */
  timeScale: number | number[];
  /** Where generated export sets are kept between runs. */
  workDir: string;
  /** Run the peer writers (default): false leaves them out (at 10,000 patients and more they take the longest). */
  peers?: boolean;
  onLine?: (line: string) => void;
  /** Called with everything measured so far after each workload (so a long run that is stopped keeps its figures). */
  onCheckpoint?: (partial: BenchResults) => Promise<void>;
}

/** Emulator counters over one workload (differences of /_admin/stats). */
export interface ServerCounts {
  requests: number;
  operations: number;
  throttles: number;
  faults: number;
}

/** One measured workload: what the client process cost and what the server saw. */
export interface Measured<T> extends WorkerOutput<T> {
  server: ServerCounts;
}

/** The peer writers the bench runs beside the naive client (bench/workloads/kingswaysoft.ts, data-factory.ts). */
export const PEERS = ["kingswaysoft", "data-factory"] as const;
export type PeerName = (typeof PEERS)[number];

/** A peer writer's run over the whole set, and what landed in the migrated tables (the target was empty before it). */
export interface PeerRun extends Measured<PeerResult> {
  landed: LandedCount[];
}

export interface SizeResult {
  patients: number;
  /** The time scale this size ran at (absent in older results: the run's `options.timeScale`). */
  timeScale?: number;
  sourceRows: number;
  baseline: Measured<BaselineResult>;
  /** The peer writers on the whole set, each on an emptied emulator (absent in results from before they ran). */
  peers?: Partial<Record<PeerName, PeerRun>>;
  /** The bound is derived when the report is written (bench/bound.ts), not stored: older results hold one from an earlier derivation. */
  engine: Measured<EngineResult> & { rows: number; verification: StampCount[] };
  /** Absent while (or if) the run stopped before it. */
  reconcile?: Measured<ReconcileResult>;
  /** Full verification of the engine's run (absent in results from before it existed). */
  verify?: Measured<VerifyResult>;
  rollback?: Measured<RollbackSummary> & { remainingAfter: number };
  /**
   * The same rollback with every table deleted client-side (`$batch`, no BulkDelete), from the same state (the
   * emulator's snapshot taken before the first): measured up to 10,000 patients. Absent in older results.
   */
  rollbackClientSide?: Measured<RollbackSummary> & { remainingAfter: number };
}

export interface BenchResults {
  startedOn: string;
  /** Absent in a checkpoint of a run still going. */
  finishedOn?: string;
  machine: { node: string; cpus: number; platform: string };
  /** The code measured: `git describe` of the tree (with -dirty for uncommitted changes), or DXM_BENCH_COMMIT. */
  commit: string;
  options: Omit<BenchOptions, "onLine" | "workDir">;
  limits: typeof DOCUMENTED_LIMITS;
  cost: typeof DOCUMENTED_COST;
  /** The emulator's `x-ms-dop-hint` (recommended parallelism); absent in older results, where it was the default 4. */
  dopHint?: number;
  /**
   * Requests the emulator serves at once (its `capacity`: the dop hint unless set). Absent in results from
   * before the emulator modelled it; their engine never sent more than the hint at once, so they read the same.
   */
  capacity?: number;
  sizes: SizeResult[];
}

/** Sizes up to this get the client-side rollback measured beside the BulkDelete one (a snapshot of the org is held in memory). */
const CLIENT_SIDE_ROLLBACK_UP_TO = 10_000;

const diff = (after: EmulatorStats, before: EmulatorStats): ServerCounts => ({
  requests: after.requests - before.requests,
  operations: after.operations - before.operations,
  throttles: after.throttles - before.throttles,
  faults: after.faults - before.faults,
});

async function measured<T>(emulator: RunningEmulator, run: () => Promise<WorkerOutput<T>>): Promise<Measured<T>> {
  const before = emulator.stats();
  const output = await run();
  return { ...output, server: diff(emulator.stats(), before) };
}

/**
 * The benchmark: for each size, a generated export set, then against one emulator with the documented
 * limits and cost model on: the naive baseline (on a prefix), a reset, each peer writer on the whole set
 * (a reset after each), the engine's full run (verified by
 * run stamp), reconciliation, full verification and rollback (verified: nothing stamped remains). Each workload runs in its
 * own child process so CPU time and memory are the client's.
 */
export async function runBench(options: BenchOptions): Promise<BenchResults> {
  const say = options.onLine ?? (() => undefined);
  const results: BenchResults = {
    startedOn: new Date().toISOString(),
    machine: { node: process.version, cpus: cpus().length, platform: `${process.platform} ${process.arch}` },
    commit: codeVersion(),
    options: { sizes: options.sizes, seed: options.seed, baselinePrefix: options.baselinePrefix, timeScale: options.timeScale },
    limits: DOCUMENTED_LIMITS,
    cost: DOCUMENTED_COST,
    dopHint: DEFAULT_DOP_HINT,
    capacity: DEFAULT_DOP_HINT,
    sizes: [],
  };
  const checkpoint = () => options.onCheckpoint?.(results) ?? Promise.resolve();
  for (const [i, patients] of options.sizes.entries()) {
    const timeScale = Array.isArray(options.timeScale) ? options.timeScale[i] : options.timeScale;
    say(`${patients.toLocaleString("en-US")} patients (time scale ${timeScale}): generating (or reusing) the export set`);
    const set = await exportSet(options.workDir, patients, options.seed);
    const sourceRows = set.files.reduce((n, f) => n + f.rows, 0);
    const emulator = await startEmulator({ limits: "documented", costModel: "documented", timeScale, seed: seedWithUsers(set.users) });
    try {
      say(`  baseline: first ${options.baselinePrefix} records, one create per request`);
      const baseline = await measured(emulator, () => runWorker<BaselineResult>({ kind: "baseline", url: emulator.url, dir: set.dir, limit: options.baselinePrefix, fallbackOwner: fallbackOwner(set.users) }));
      emulator.reset();
      const peers: Partial<Record<PeerName, PeerRun>> = {};
      for (const peer of options.peers === false ? [] : PEERS) {
        say(`  ${peer}: the whole set, its documented default settings`);
        const run = await measured(emulator, () => runWorker<PeerResult>({ kind: peer, url: emulator.url, dir: set.dir, fallbackOwner: fallbackOwner(set.users) }));
        peers[peer] = { ...run, landed: countLanded(emulator.emulator) };
        say(`  ${peer} ${(run.value.writeSeconds * timeScale).toFixed(1)} s emulated, ${run.value.written} written, ${run.value.failed} refused`);
        emulator.reset();
      }
      say(`  engine: full run`);
      const engineRun = await measured(emulator, () => runWorker<EngineResult>({ kind: "engine", url: emulator.url, dir: set.dir, fallbackOwner: fallbackOwner(set.users) }));
      const verification = countByStamp(emulator.emulator, engineRun.value.runId, engineRun.value.counters);
      const rows = verification.reduce((n, v) => n + v.stamped, 0);
      const size: SizeResult = { patients, timeScale, sourceRows, baseline, peers, engine: { ...engineRun, rows, verification } };
      results.sizes.push(size);
      await checkpoint();
      say(`  engine ${(engineRun.cost.wallSeconds * timeScale).toFixed(1)} s emulated; reconcile`);
      // Each workload after the migration starts with the user's window clear, as the migration does (after
      // `reset`) and as the bounds assume; one straight after another would start with what the last one spent.
      emulator.emulator.clearWindows();
      size.reconcile = await measured(emulator, () => runWorker<ReconcileResult>({ kind: "reconcile", url: emulator.url, dir: set.dir, runId: engineRun.value.runId }));
      await checkpoint();
      say(`  full verification`);
      emulator.emulator.clearWindows();
      size.verify = await measured(emulator, () => runWorker<VerifyResult>({ kind: "verify", url: emulator.url, dir: set.dir, runId: engineRun.value.runId }));
      await checkpoint();
      const beforeRollback = patients <= CLIENT_SIDE_ROLLBACK_UP_TO ? emulator.emulator.snapshot() : undefined;
      say(`  rollback (BulkDelete for big tables)`);
      emulator.emulator.clearWindows();
      const rollbackRun = await measured(emulator, () => runWorker<RollbackSummary>({ kind: "rollback", url: emulator.url, runId: engineRun.value.runId }));
      size.rollback = { ...rollbackRun, remainingAfter: stampedTotal(emulator.emulator, engineRun.value.runId) };
      await checkpoint();
      if (beforeRollback) {
        emulator.emulator.restore(beforeRollback);
        emulator.emulator.clearWindows();
        say(`  the same rollback client-side only ($batch deletes)`);
        const clientSide = await measured(emulator, () => runWorker<RollbackSummary>({ kind: "rollback", url: emulator.url, runId: engineRun.value.runId, bulkDeleteThreshold: 0 }));
        size.rollbackClientSide = { ...clientSide, remainingAfter: stampedTotal(emulator.emulator, engineRun.value.runId) };
        await checkpoint();
      }
    } finally {
      await emulator.close();
    }
  }
  results.finishedOn = new Date().toISOString();
  await checkpoint();
  return results;
}

export const DEFAULT_WORK_DIR = join(__dirname, "..", "out", "bench");
