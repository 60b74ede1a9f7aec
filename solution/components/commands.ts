import type { CommandDef } from "./types";
import { rollbackLibrary } from "./webresources";

/**
 * Rollback on the Migration Run form's command bar. The library decides whether the run's status allows a
 * rollback (isRollbackEnabled) and runs it (onRollbackClick); both receive the form context (PrimaryControl).
 */
export const rollbackCommand: CommandDef = {
  table: "dxm_migrationrun",
  id: "dxm.dxm_migrationrun.Rollback",
  label: "Roll back run",
  tooltip: "Undo this migration run: delete the records it created and restore the ones it updated.",
  library: rollbackLibrary.name,
  onClick: "Dxm.Rollback.onRollbackClick",
  enableRule: "Dxm.Rollback.isRollbackEnabled",
  location: "Mscrm.Form.dxm_migrationrun.MainTab.Save.Controls._children",
  sequence: 1000,
  image: "Undo",
};

/**
 * Finish run, next to Rollback: ends the run's rollback window and purges the before-images its ledger kept
 * (same library, same confirm-dialog style; enabled on a completed run).
 */
export const finishCommand: CommandDef = {
  table: "dxm_migrationrun",
  id: "dxm.dxm_migrationrun.FinishRun",
  label: "Finish run",
  tooltip: "End this run's rollback window: it can no longer be rolled back, and the previous values kept to roll it back are purged.",
  library: rollbackLibrary.name,
  onClick: "Dxm.Rollback.onFinishClick",
  enableRule: "Dxm.Rollback.isFinishEnabled",
  location: "Mscrm.Form.dxm_migrationrun.MainTab.Save.Controls._children",
  sequence: 1010,
  image: "Accept",
};

export const commands: CommandDef[] = [rollbackCommand, finishCommand];
