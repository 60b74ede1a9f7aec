import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { DEFAULT_WORK_DIR, runBench } from "../../../bench/run";
import { rewriteResultsMarkdown, saveResults } from "../../../bench/results-files";

const sizes = (value: string): number[] => {
  const list = value.split(",").map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n < 1)) throw new InvalidArgumentError("a comma-separated list of patient counts, e.g. 1000,10000.");
  return list;
};
const scales = (value: string): number[] => {
  const list = value.split(",").map((s) => Number(s.trim()));
  if (list.length === 0 || list.some((n) => !(n > 0))) throw new InvalidArgumentError("a number above 0, or one per size, comma-separated (e.g. 1,1,5).");
  return list;
};
const positive = (value: string): number => {
  const n = Number(value);
  if (!(n > 0)) throw new InvalidArgumentError("expected a number above 0.");
  return n;
};

export const QUICK_SIZES = [1_000, 10_000];
export const FULL_SIZES = [1_000, 10_000, 100_000];

/**
 * `dxm bench`: the naive baseline against the engine, plus reconcile and rollback, for generated export
 * sets against the emulator with the documented limits and cost model, with the peer writers (KingswaySoft,
 * Azure Data Factory) on the whole set beside them; writes bench/results/<time>.json
 * and rewrites bench/RESULTS.md. Quick sizes (1k, 10k) by default: the 100k size takes over an hour at
 * time scale 1 (the execution-time budget allows about 400 records/s).
 */
export function register(program: Command): void {
  program
    .command("bench")
    .description("Benchmark the engine against a naive one-request-per-record baseline on the emulator (documented limits and cost model); writes bench/RESULTS.md and bench/results/*.json")
    .option("--sizes <list>", "patient counts, comma-separated", sizes)
    .option("--quick", `sizes ${QUICK_SIZES.join(",")} (the default without --sizes)`)
    .option("--full", `sizes ${FULL_SIZES.join(",")}`)
    .option("--seed <n>", "generator seed", positive, 42)
    .option("--baseline-prefix <n>", "records the baseline writes before its rate is extrapolated", positive, 2000)
    .option("--time-scale <x>", "emulated time runs this many times faster than wall time (the cost model scales consistently; CPU does not); one for all sizes or one per size, e.g. 1,1,5", scales, [5])
    .option("--work-dir <dir>", "where generated export sets are kept (reused across runs)")
    .option("--no-peers", "leave the peer writers out (at 10,000 patients and more they take the longest)")
    .option("--render-only", "measure nothing: rewrite bench/RESULTS.md from bench/results/*.json and bench/analysis.md")
    .action(async (opts: { sizes?: number[]; quick?: boolean; full?: boolean; seed: number; baselinePrefix: number; timeScale: number[]; workDir?: string; peers: boolean; renderOnly?: boolean }) => {
      if (opts.renderOnly) {
        await rewriteResultsMarkdown();
        process.stdout.write("bench/RESULTS.md\n");
        return;
      }
      const sizeList = opts.sizes ?? (opts.full ? FULL_SIZES : QUICK_SIZES);
      if (opts.timeScale.length !== 1 && opts.timeScale.length !== sizeList.length) {
        throw new InvalidArgumentError(`--time-scale gives ${opts.timeScale.length} scales for ${sizeList.length} sizes: give one, or one per size.`);
      }
      const results = await runBench({
        sizes: sizeList,
        seed: opts.seed,
        baselinePrefix: opts.baselinePrefix,
        timeScale: opts.timeScale.length === 1 ? opts.timeScale[0] : opts.timeScale,
        workDir: opts.workDir ?? DEFAULT_WORK_DIR,
        peers: opts.peers,
        onLine: (line) => process.stderr.write(`${line}\n`),
        onCheckpoint: async (partial) => void (await saveResults(partial)),
      });
      const file = await saveResults(results);
      process.stdout.write(`bench/results/${file}\nbench/RESULTS.md\n`);
    });
}
