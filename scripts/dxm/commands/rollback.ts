import { InvalidArgumentError, type Command } from "commander";
import { planRollback, rollback } from "../../../migration/rollback";
import { confirm } from "../confirm";
import { connect } from "../connect";
import { createProgressReporter } from "../progress";

interface RollbackCliOptions {
  run: string;
  target: string;
  force?: boolean;
  yes?: boolean;
  includeChildren?: boolean;
  bulkDeleteThreshold?: number;
  recoverDeleted?: boolean;
  identities?: string;
}

/** `dxm rollback --run ID --target URL [--force] [--yes]`: undo a migration run. */
export function register(program: Command): void {
  program
    .command("rollback")
    .description("Undo a migration run: restore what it updated, delete what it created, verify nothing stamped with it remains")
    .requiredOption("--run <id>", "the migration run id")
    .requiredOption("--target <url>", "environment URL (a loopback URL means the local emulator)")
    .option("--identities <file>", "several application users side by side, as for dxm migrate")
    .option("--force", "also roll back records edited by someone else after the run")
    .option("--include-children", "roll back delta runs built on this run first, newest first")
    .option("--bulk-delete-threshold <n>", "tables with at least this many records to delete go through Dataverse's BulkDelete jobs (0: never)", (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError("give a whole number, 0 or more");
      return n;
    })
    .option("--recover-deleted", "records BulkDelete deletes go to the recycle bin (about half as fast)")
    .option("--yes", "do not ask for confirmation")
    .action(async (options: RollbackCliOptions) => {
      const client = await connect(options.target, { identitiesFile: options.identities });
      const preview = await planRollback(options.run, client);
      if (preview.refusal && !(options.includeChildren && preview.childRuns.length > 0)) throw new Error(preview.refusal);
      process.stdout.write(`Run ${options.run} (${preview.status}) will be rolled back:\n`);
      for (const t of preview.tables) process.stdout.write(`  ${t.table.padEnd(24)} delete ${String(t.toDelete).padStart(7)}   restore ${String(t.toRestore).padStart(7)}\n`);
      if (!options.yes && !(await confirm("Roll back this run?"))) {
        process.stdout.write("Nothing was changed.\n");
        return;
      }
      const progress = createProgressReporter();
      const result = await rollback(options.run, client, {
        force: options.force,
        includeChildren: options.includeChildren,
        bulkDeleteThreshold: options.bulkDeleteThreshold,
        recoverDeleted: options.recoverDeleted,
        onProgress: (p) => progress.update(`${p.phase}${p.table ? ` ${p.table}` : ""}`, p.done, p.total),
      }).finally(() => progress.stop());
      process.stdout.write(`deleted ${result.deleted}, restored ${result.restored}, left alone ${result.kept.length}, failures ${result.failures.length}, remaining ${result.remaining.length}\n`);
      for (const k of result.kept) process.stdout.write(`  kept ${k.table} ${k.id} ${k.sourceKey ?? ""} (${k.reason})\n`);
      for (const f of result.failures.slice(0, 20)) process.stdout.write(`  failed ${f.table} ${f.id}: ${f.code} ${f.message}\n`);
      process.stdout.write(result.complete ? "Rolled back.\n" : "Rollback incomplete: run it again to resume, or use --force for edited records.\n");
      if (!result.complete) process.exitCode = 1;
    });
}
