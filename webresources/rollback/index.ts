/**
 * `dxm_/scripts/rollback.js`: the Rollback command of the Migration Run form. The ribbon calls
 * `Dxm.Rollback.onRollbackClick(PrimaryControl)` and enables the button with
 * `Dxm.Rollback.isRollbackEnabled(PrimaryControl)`; Finish run, beside it, `Dxm.Rollback.onFinishClick` and
 * `Dxm.Rollback.isFinishEnabled`. The rollback itself is the engine's (migration/rollback),
 * talking to Dataverse through the shared client over same-origin fetch.
 */
import { DataverseClient } from "../../dataverse/client";
import { createBrowserTransport } from "../../dataverse/transport/browser";
import { isFinishEnabled as finishEnabledFor, isRollbackEnabled as enabledFor, runFinishCommand, runRollbackCommand } from "./command";

function browserClient(): DataverseClient {
  return new DataverseClient({ transport: createBrowserTransport(Xrm.Utility.getGlobalContext().getClientUrl()) });
}

export function onRollbackClick(primaryControl: Xrm.FormContext): Promise<unknown> {
  return runRollbackCommand(primaryControl, { xrm: Xrm, client: browserClient() });
}

export function onFinishClick(primaryControl: Xrm.FormContext): Promise<unknown> {
  return runFinishCommand(primaryControl, { xrm: Xrm, client: browserClient() });
}

export function isFinishEnabled(primaryControl: Xrm.FormContext): boolean {
  return finishEnabledFor(primaryControl);
}

export function isRollbackEnabled(primaryControl: Xrm.FormContext): boolean {
  return enabledFor(primaryControl);
}
