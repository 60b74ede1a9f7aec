/**
 * `dxm_/scripts/rollback.js`: the Rollback command of the Migration Run form. The ribbon calls
 * `Dxm.Rollback.onRollbackClick(PrimaryControl)` and enables the button with
 * `Dxm.Rollback.isRollbackEnabled(PrimaryControl)`. The rollback itself is the engine's (migration/rollback),
 * talking to Dataverse through the shared client over same-origin fetch.
 */
import { DataverseClient } from "../../dataverse/client";
import { createBrowserTransport } from "../../dataverse/transport/browser";
import { isRollbackEnabled as enabledFor, runRollbackCommand } from "./command";

export function onRollbackClick(primaryControl: Xrm.FormContext): Promise<unknown> {
  const clientUrl = Xrm.Utility.getGlobalContext().getClientUrl();
  const client = new DataverseClient({ transport: createBrowserTransport(clientUrl) });
  return runRollbackCommand(primaryControl, { xrm: Xrm, client });
}

export function isRollbackEnabled(primaryControl: Xrm.FormContext): boolean {
  return enabledFor(primaryControl);
}
