/**
 * The client side of the heap benchmark, in a process of its own (started by bench/heap.ts with
 * --expose-gc): reads the export set, runs `migrate` in full mode, then its full verification (what `dxm
 * migrate` does after a full run; `verify: false` leaves it out), and reports peak heap per phase. argv[2]
 * is the task as JSON; the last stdout line is the result as JSON. Nothing else is printed.
 */
import { connect } from "../../scripts/dxm/connect";
import { migrate } from "../../migration/run/migrate";
import { verifyRun } from "../../migration/reconcile/verify";
import { readConfirmed } from "../workloads/exports";
import { PhaseMeter, type PhaseFigures } from "./phase-meter";
import { peakRssMb } from "../harness/measure";

export interface HeapTask {
  url: string;
  dir: string;
  fallbackOwner: string;
  /** Phase at whose end a heap snapshot is written: read, setup, plan or load. */
  snapshotAt?: string;
  snapshotDir?: string;
  /** Instead: write a heap snapshot once this many records have been handled during the load. */
  snapshotAfterRecords?: number;
  /** Instead: write a heap snapshot the first time heapUsed is above this many MB. */
  snapshotAboveMb?: number;
  /** False: no verification phase after the load. */
  verify?: boolean;
}

export interface HeapOutput {
  phases: PhaseFigures[];
  peakHeapMb: number;
  maxRssMb: number;
  status: string;
  records: number;
  snapshot?: string;
}

async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]) as HeapTask;
  const meter = new PhaseMeter("read", { snapshotAt: task.snapshotAt, snapshotAboveMb: task.snapshotAboveMb, snapshotDir: task.snapshotDir });
  const { exports, map } = await readConfirmed(task.dir);
  const client = await connect(task.url);
  meter.enter("setup");
  let loading = false;
  const done = new Map<string, number>();
  let result = await migrate({ exports, map, mode: "full", skipErroredRows: true, fallbackOwnerEmail: task.fallbackOwner }, client, {
    onRunStarted: () => meter.enter("plan"),
    onProgress: (p) => {
      if (!loading) meter.enter("load");
      loading = true;
      done.set(`${p.object}/${p.table}`, p.done);
      if (task.snapshotAfterRecords !== undefined && [...done.values()].reduce((n, d) => n + d, 0) >= task.snapshotAfterRecords) meter.snapshotNow();
    },
  });
  // The load phase ends with the run's result still held, as a caller holds it.
  const records = Object.values(result.counters).reduce((n, c) => n + c.created + c.updated, 0);
  const { status, runId } = result;
  if (task.verify !== false) meter.enter("verify");
  result = undefined as never;
  if (task.verify !== false) await verifyRun(runId, exports, client, { listLimit: 0 });
  const phases = meter.finish();
  const output: HeapOutput = {
    phases, status, records, snapshot: meter.snapshot,
    peakHeapMb: Math.max(...phases.map((p) => p.peakHeapMb)),
    maxRssMb: peakRssMb(),
  };
  process.stdout.write(`${JSON.stringify(output)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`heap worker: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
