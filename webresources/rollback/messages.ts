import type { FinishResult, RollbackPreview, RollbackResult } from "../../migration/rollback";

/** Words the command shows. Ids and counts only: never patient data. */

export function confirmationText(preview: RollbackPreview): string {
  const lines = preview.tables.map((t) => {
    const parts = [t.toDelete ? `delete ${t.toDelete}` : "", t.toRestore ? `restore ${t.toRestore}` : ""].filter(Boolean);
    return `${t.table}: ${parts.join(", ")}`;
  });
  const body = lines.length > 0 ? lines.join("\n") : "The ledger lists no records; records stamped with this run will still be looked for and removed.";
  return `This undoes the migration run:\n${body}\n\nRecords edited by someone else after the run are left alone and listed.`;
}

export function progressText(phase: string, table: string | undefined, done: number, total: number): string {
  const what = { reading: "Reading the run's ledger", restoring: "Restoring updated records", deleting: "Deleting created records", verifying: "Verifying", done: "Finishing" }[phase] ?? phase;
  return total > 0 ? `${what}${table ? ` (${table})` : ""}: ${done} of ${total}` : `${what}…`;
}

export function editedPrompt(result: RollbackResult): string {
  const edited = result.kept.filter((k) => k.reason === "modified-after-run");
  const sample = edited.slice(0, 10).map((k) => `${k.table} ${k.sourceKey ?? k.id}`).join("\n");
  return `${edited.length} record(s) were edited after the run and were left alone:\n${sample}${edited.length > 10 ? "\n…" : ""}\n\nRoll them back anyway? Their later edits will be lost.`;
}

export function summaryText(result: RollbackResult): string {
  if (result.complete) return `Rolled back: ${result.deleted} record(s) deleted, ${result.restored} restored. Nothing stamped with this run remains.`;
  return [
    `Rollback incomplete: ${result.deleted} deleted, ${result.restored} restored.`,
    result.kept.length ? `${result.kept.length} record(s) left alone.` : "",
    result.failures.length ? `${result.failures.length} failure(s), first: ${result.failures[0].code} ${result.failures[0].message}` : "",
    result.remaining.length ? `${result.remaining.length} record(s) still stamped with the run.` : "",
    "The run's report lists them; run Rollback again to retry.",
  ].filter(Boolean).join("\n");
}

export function finishConfirmationText(): string {
  return "Finishing the run ends its rollback window: it can no longer be rolled back.\n\nThe before-images its ledger kept (the previous values of the records it updated) are purged. The migrated records stay as they are.";
}

export function finishSummaryText(result: FinishResult): string {
  return `Finished: before-images purged from ${result.purged} ledger row(s). The run can no longer be rolled back.`;
}
