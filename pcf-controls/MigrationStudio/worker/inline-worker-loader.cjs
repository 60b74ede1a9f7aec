// Webpack loader used inline by worker-source.ts: bundles the worker entry (and everything it imports,
// papaparse and the engine's reader) with esbuild into one IIFE and hands it to the control's bundle as a
// string. The control starts it from a Blob URL, so the worker ships inside bundle.js: a PCF control can
// only ship the files its manifest lists, and pcf-scripts caps webpack at one chunk, so webpack's own
// `new Worker(new URL(...))` chunk would never reach Dynamics.
const esbuild = require("esbuild");

module.exports = function inlineWorkerLoader() {
  const callback = this.async();
  esbuild
    .build({
      entryPoints: [this.resourcePath],
      bundle: true,
      write: false,
      format: "iife",
      platform: "browser",
      target: "es2020",
      minify: this.mode === "production",
      metafile: true,
      logLevel: "silent",
    })
    .then((result) => {
      for (const input of Object.keys(result.metafile.inputs)) this.addDependency(require("node:path").resolve(input));
      callback(null, `export default ${JSON.stringify(result.outputFiles[0].text)};`);
    })
    .catch((error) => callback(error));
};
