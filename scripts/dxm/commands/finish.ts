import type { Command } from "commander";
import { finishRun } from "../../../migration/rollback";
import { confirm } from "../confirm";
import { connect } from "../connect";

interface FinishCliOptions {
  run: string;
  target: string;
  yes?: boolean;
}

/** `dxm finish --run ID --target URL [--yes]`: end a run's rollback window and purge its before-images. */
export function register(program: Command): void {
  program
    .command("finish")
    .description("Finish a migration run: it can no longer be rolled back, and the before-images its ledger kept (previous values of updated records) are purged")
    .requiredOption("--run <id>", "the migration run id")
    .requiredOption("--target <url>", "environment URL (a loopback URL means the local emulator)")
    .option("--yes", "do not ask for confirmation")
    .action(async (options: FinishCliOptions) => {
      const client = await connect(options.target);
      process.stdout.write(`Finishing run ${options.run} ends its rollback window: it can no longer be rolled back.\n`);
      if (!options.yes && !(await confirm("Finish this run?"))) {
        process.stdout.write("Nothing was changed.\n");
        return;
      }
      const result = await finishRun(options.run, client);
      process.stdout.write(`Finished: before-images purged from ${result.purged} ledger row(s). The run can no longer be rolled back.\n`);
    });
}
