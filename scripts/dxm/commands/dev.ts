import { existsSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import type { Command } from "commander";
import { startDevSession } from "../../dev/session";

const root = resolve(__dirname, "../../..");

/** `dxm dev`: what `npm start` runs after the build. Everything listens on 127.0.0.1 only. */
export function register(program: Command): void {
  program
    .command("dev")
    .description("Start the local Dataverse emulator (solution from dist/ and seed users) and serve the Migration Run form with Migration Studio on 127.0.0.1.")
    .option("--port <port>", "dev host port (0 = any free port)", "5173")
    .option("--emulator-port <port>", "emulator port (0 = any free port)", "0")
    .option("--data <file>", "keep the emulator's data in this SQLite file across restarts")
    .option("--run <id>", "open this Migration Run instead of creating a new one")
    .option("--samples <dir>", "export sets to offer for upload (default: samples/)")
    .action(async (options: { port: string; emulatorPort: string; data?: string; run?: string; samples?: string }) => {
      const bundle = join(root, "out", "controls", "MigrationStudio", "bundle.js");
      if (!existsSync(bundle)) throw new Error("out/controls/MigrationStudio/bundle.js is missing: run `npm run build` first (npm start does).");
      const session = await startDevSession({
        root,
        port: Number(options.port),
        emulatorPort: Number(options.emulatorPort),
        dataFile: options.data ? resolve(options.data) : undefined,
        runId: options.run,
        samplesDir: options.samples ? resolve(options.samples) : undefined,
      });
      const api = `${session.emulator.url}/api/data/v9.2/`;
      const samples = session.host.sampleSets;
      process.stdout.write(
        [
          "",
          `Migration Studio:   ${session.host.formUrl}`,
          `  (the Migration Run form of run ${session.runId}; open it in a browser)`,
          `Dataverse emulator: ${api}`,
          `  (${session.solutionZip ? `solution ${relative(root, session.solutionZip)}` : "solution from solution/ sources"}; try ${api}WhoAmI)`,
          `Sample exports:     ${samples.length > 0 ? samples.join(", ") : "none found"}`,
          "  (offered in the Studio's upload step; `--samples DIR` offers another folder)",
          "",
          "Ctrl+C stops the emulator and the dev host.",
          "",
        ].join("\n"),
      );
      await new Promise<void>((done) => {
        const stop = () => void session.close().then(done);
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
    });
}
