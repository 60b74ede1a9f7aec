// The run worker's code as a string, built at bundle time by inline-worker-loader.cjs (see there why).
import source from "!!./inline-worker-loader.cjs!./run.worker.ts";

export const runWorkerSource: string = source;
