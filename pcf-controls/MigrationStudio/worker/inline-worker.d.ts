/** `inline-worker-loader.cjs` turns a worker entry into its bundled source text. */
declare module "!!./inline-worker-loader.cjs!*" {
  const source: string;
  export default source;
}
