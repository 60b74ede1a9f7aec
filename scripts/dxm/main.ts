import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Command } from "commander";
import packageJson from "../../package.json";
import { UsageError } from "./confirmed-map";

/** A subcommand module: `scripts/dxm/commands/<name>.ts` exports `register(program)`. */
export interface CommandModule {
  register(program: Command): void;
}

export function buildProgram(): Command {
  const program = new Command("dxm")
    .description("Dental-Exec → Dynamics 365 migration: inspect exports, propose the map, migrate, reconcile, roll back, and run the local Dataverse emulator.")
    .version(packageJson.version)
    .showHelpAfterError();
  const dir = join(__dirname, "commands");
  for (const file of readdirSync(dir).filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts")).sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require(join(dir, file)) as CommandModule).register(program);
  }
  return program;
}

if (require.main === module || process.argv[1]?.endsWith("dxm.cjs") || process.argv[1]?.endsWith("dxm")) {
  buildProgram()
    .parseAsync(process.argv)
    .catch((error: unknown) => {
      process.stderr.write(`dxm: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = error instanceof UsageError ? 2 : 1;
    });
}
