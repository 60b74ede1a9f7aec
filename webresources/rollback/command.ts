import type { DataverseClientApi } from "../../dataverse/types";
import { planRollback, rollback, ROLLBACK_ALLOWED, type RollbackResult } from "../../migration/rollback";
import { runStatusLabel } from "../../migration/ledger";
import { confirmationText, editedPrompt, progressText, summaryText } from "./messages";

/** How the command reaches Dataverse and the form: injected so tests can use xrm-mock and the emulator. */
export interface CommandEnvironment {
  xrm: Xrm.XrmStatic;
  client: DataverseClientApi;
}

const TITLE = "Roll back migration run";

/** Enable rule: only a run that has stopped (or a rollback that did not finish) can be rolled back. */
export function isRollbackEnabled(formContext: Xrm.FormContext): boolean {
  const status = formContext.getAttribute<Xrm.Attributes.OptionSetAttribute>("dxm_status")?.getValue();
  const label = runStatusLabel(status);
  return Boolean(label && ROLLBACK_ALLOWED.includes(label) && formContext.data.entity.getId());
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
