import type { Command } from "commander";
import { writeSolutionZips } from "../../../solution/pack";

/** `dxm pack [--out DIR]`: writes the managed and unmanaged solution zips. */
export function register(program: Command): void {
  program
    .command("pack")
    .description("Build the DentalExecMigration solution zips (managed and unmanaged) from the solution definition and the built control and web resources.")
    .option("--out <dir>", "output directory", "dist")
    .option("--control-dir <dir>", "built PCF control (default out/controls/MigrationStudio)")
    .option("--webresources-dir <dir>", "built web resources (default out/webresources)")
    .action((options: { out: string; controlDir?: string; webresourcesDir?: string }) => {
      const written = writeSolutionZips(options.out, { controlDir: options.controlDir, webResourcesDir: options.webresourcesDir });
      process.stdout.write(`pack: ${written.managed}\npack: ${written.unmanaged}\npack: ${written.files.length} files: ${written.files.join(", ")}\n`);
      for (const piece of written.missing) process.stderr.write(`pack: left out ${piece}\n`);
    });
}
