import type { DataverseClientApi } from "../../dataverse/types";
import { FINISH_ALLOWED, finishRun, planRollback, rollback, ROLLBACK_ALLOWED, type FinishResult, type RollbackResult } from "../../migration/rollback";
import { runStatusLabel } from "../../migration/ledger";
import { confirmationText, editedPrompt, finishConfirmationText, finishSummaryText, progressText, summaryText } from "./messages";

/** How the command reaches Dataverse and the form: injected so tests can use xrm-mock and the emulator. */
export interface CommandEnvironment {
  xrm: Xrm.XrmStatic;
  client: DataverseClientApi;
}

const TITLE = "Roll back migration run";

function statusAllows(formContext: Xrm.FormContext, allowed: readonly string[]): boolean {
  const status = formContext.getAttribute<Xrm.Attributes.OptionSetAttribute>("dxm_status")?.getValue();
  const label = runStatusLabel(status);
  return Boolean(label && allowed.includes(label) && formContext.data.entity.getId());
}

/** Enable rule: only a run that has stopped (or a rollback that did not finish) can be rolled back. */
export function isRollbackEnabled(formContext: Xrm.FormContext): boolean {
  return statusAllows(formContext, ROLLBACK_ALLOWED);
}

/** Enable rule of Finish run: a completed run (or one whose rollback did not finish); not one already finished. */
export function isFinishEnabled(formContext: Xrm.FormContext): boolean {
  return statusAllows(formContext, FINISH_ALLOWED.filter((s) => s !== "Finished"));
}

const FINISH_TITLE = "Finish migration run";

/**
 * The Finish run command: confirm (as Rollback does) that the run can no longer be rolled back afterwards,
 * finish it (its before-images are purged), say so, refresh the form.
 */
export async function runFinishCommand(formContext: Xrm.FormContext, env: CommandEnvironment): Promise<FinishResult | undefined> {
  const { xrm, client } = env;
  const runId = formContext.data.entity.getId().replace(/[{}]/g, "").toLowerCase();
  try {
    const confirmed = await xrm.Navigation.openConfirmDialog({ title: FINISH_TITLE, text: finishConfirmationText(), confirmButtonLabel: "Finish run", cancelButtonLabel: "Cancel" });
    if (!confirmed.confirmed) return undefined;
    xrm.Utility.showProgressIndicator("Finishing the run…");
    let result: FinishResult;
    try {
      result = await finishRun(runId, client);
    } finally {
      xrm.Utility.closeProgressIndicator();
    }
    await xrm.Navigation.openAlertDialog({ title: FINISH_TITLE, text: finishSummaryText(result) });
    return result;
  } catch (error) {
    await xrm.Navigation.openErrorDialog({ message: `The run was not finished: ${error instanceof Error ? error.message : String(error)}` });
    return undefined;
  } finally {
    await formContext.data.refresh(false);
  }
}

/** The Rollback command: confirm what will be deleted and restored, roll back with progress, refresh the form. */
export async function runRollbackCommand(formContext: Xrm.FormContext, env: CommandEnvironment): Promise<RollbackResult | undefined> {
  const { xrm, client } = env;
  const runId = formContext.data.entity.getId().replace(/[{}]/g, "").toLowerCase();
  try {
    const preview = await planRollback(runId, client);
    if (preview.refusal) {
      await xrm.Navigation.openAlertDialog({ title: TITLE, text: preview.refusal });
      return undefined;
    }
    const confirmed = await xrm.Navigation.openConfirmDialog({ title: TITLE, text: confirmationText(preview), confirmButtonLabel: "Roll back", cancelButtonLabel: "Cancel" });
    if (!confirmed.confirmed) return undefined;

    let result = await withProgress(xrm, (onProgress) => rollback(runId, client, { onProgress }));
    if (result.kept.some((k) => k.reason === "modified-after-run")) {
      const force = await xrm.Navigation.openConfirmDialog({ title: TITLE, text: editedPrompt(result), confirmButtonLabel: "Roll back anyway", cancelButtonLabel: "Leave them" });
      if (force.confirmed) result = await withProgress(xrm, (onProgress) => rollback(runId, client, { onProgress, force: true }));
    }
    await xrm.Navigation.openAlertDialog({ title: TITLE, text: summaryText(result) });
    return result;
  } catch (error) {
    await xrm.Navigation.openErrorDialog({ message: `The rollback stopped: ${error instanceof Error ? error.message : String(error)}. Run Rollback again to resume; nothing is lost.` });
    return undefined;
  } finally {
    await formContext.data.refresh(false);
  }
}

async function withProgress<T>(xrm: Xrm.XrmStatic, work: (onProgress: (p: { phase: string; table?: string; done: number; total: number }) => void) => Promise<T>): Promise<T> {
  xrm.Utility.showProgressIndicator(progressText("reading", undefined, 0, 0));
  try {
    return await work((p) => xrm.Utility.showProgressIndicator(progressText(p.phase, p.table, p.done, p.total)));
  } finally {
    xrm.Utility.closeProgressIndicator();
  }
}
