import type { CostModel, ServiceProtectionLimits } from "../emulator";
import { identitiesBound, throughputBound } from "./bound";

/** One engine run with K identities against S web servers (bench/identities.ts). */
export interface IdentitiesRun {
  identities: number;
  servers: number;
  status: string;
  /** Emulated seconds (wall × time scale). */
  seconds: number;
  records: number;
  duplicates: number;
  missing: number;
  operations: number;
  requests: number;
  throttles: number;
  perServer: { requests: number; throttles: number }[];
  perIdentity: { name: string; requests: number; throttles: number }[];
  clientCpuSeconds: number;
}

export interface IdentitiesBenchResults {
  startedOn: string;
  finishedOn?: string;
  machine: { node: string; cpus: number; platform: string };
  commit: string;
  patients: number;
  timeScale: number;
  sourceRows: number;
  limits: ServiceProtectionLimits;
  cost: CostModel;
  dopHint: number;
  runs: IdentitiesRun[];
}

const n = (x: number) => Math.round(x).toLocaleString("en-US");
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** The bench/RESULTS.md section: the newest identities run of each size, or a line saying none was measured. */
export function renderIdentitiesSection(newest: { file: string; results: IdentitiesBenchResults }[]): string {
  const title = "## Several identities and web servers (`npm run bench:identities`)";
  if (newest.length === 0) return `${title}\nNot measured yet.\n`;
  return `${title}\n${newest.map(renderSize).join("\n")}`;
}

function renderSize(newest: { file: string; results: IdentitiesBenchResults }): string {
  const lines: string[] = [];
  const r = newest.results;
  lines.push(
    `### ${n(r.patients)} patients${r.finishedOn ? "" : " (stopped before every run was made)"}`,
    `From \`bench/results/identities/${newest.file}\` (${r.startedOn}, code \`${r.commit}\`, ${r.machine.platform}, ${r.machine.cpus} CPUs shared with other work, Node ${r.machine.node}). ` +
      `**${n(r.patients)} patients** (${n(r.sourceRows)} source rows), time scale ${r.timeScale}, documented limits and cost model, the environment serving ${r.dopHint} requests at once (its \`x-ms-dop-hint\`). ` +
      "One fresh emulator per run; the engine's full run (`dxm migrate --identities FILE`), K identities (System Administrators signed in by emulator tokens), S web servers behind the affinity cookie (since 2026-12-07 the client sends each request to the known server with the fewest requests in flight; before, it sent no cookie and the load balancer took turns). " +
      "The bound gives the run K × S windows of its own and one environment capacity (bench/bound.ts, at the emulator's hint).",
    "",
    "| K identities | S servers | status | time (s) | records/s | bound (records/s, binding) | share of the bound | speed-up over K = 1 (same S) | 429s | requests per identity | requests per server | lost / duplicated |",
    "|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---|---|",
  );
  for (const run of r.runs) {
    const bound = throughputBound(run.records, run.operations, r.limits, r.cost, r.dopHint, 1000, run.identities * run.servers);
    const rate = run.records / run.seconds;
    const one = r.runs.find((x) => x.identities === 1 && x.servers === run.servers);
    const speedUp = one ? `${(one.seconds / run.seconds).toFixed(2)}×` : "n/a";
    lines.push(
      `| ${run.identities} | ${run.servers} | ${run.status} | ${run.seconds.toFixed(1)} | ${n(rate)} | ${n(bound.rowsPerSecond)} (${bound.binding}, ${bound.minSeconds.toFixed(1)} s) | ${pct(rate / bound.rowsPerSecond)} | ${speedUp} | ${run.throttles} | ${run.perIdentity.map((i) => i.requests).join(" / ") || "-"} | ${run.perServer.map((s) => s.requests).join(" / ")} | ${run.missing} / ${run.duplicates} |`,
    );
  }
  const first = r.runs[0];
  if (first) {
    lines.push("", `The bound for this run's ${n(first.operations)} operations (${n(first.records)} records) at the hints 4, 5 and 52, and the same for 10,000 and 100,000 patients (operations from the single-identity bench run, not measured with several identities):`, "", "| size | K × S windows | hint 4 | hint 5 | hint 52 |", "|---|---:|---:|---:|---:|");
    const reference: [number, string, number, number][] = [[10_000, "10,000 patients", 171_667, 201_733], [100_000, "100,000 patients", 1_722_962, 2_021_738]];
    const sizes: [string, number, number][] = [
      [`${n(r.patients)} patients (this run)`, first.records, first.operations],
      ...reference.filter(([patients]) => patients !== r.patients).map(([, label, records, operations]): [string, number, number] => [label, records, operations]),
    ];
    for (const [label, records, operations] of sizes) {
      for (const windows of [1, 2, 4, 8]) {
        const cells = identitiesBound(records, operations, r.limits, r.cost, windows, 1).map(({ bound }) => `${n(bound.rowsPerSecond)} (${bound.binding})`);
        lines.push(`| ${label} | ${windows} | ${cells.join(" | ")} |`);
      }
    }
  }
  return `${lines.join("\n")}\n`;
}
