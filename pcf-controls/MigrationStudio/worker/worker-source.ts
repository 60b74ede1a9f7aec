// The parse worker's code as a string, built at bundle time by inline-worker-loader.cjs (see there why).
// "!!" turns off the configured loaders (ts-loader) for this one request.
import source from "!!./inline-worker-loader.cjs!./parse.worker.ts";

export const parseWorkerSource: string = source;
