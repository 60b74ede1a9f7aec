import type { ControlDef } from "./types";
import { PUBLISHER_PREFIX } from "../model/common";

/** Migration Studio: the PCF control hosted on the Migration Run form (pcf-controls/MigrationStudio). */
export const migrationStudioControl: ControlDef = {
  namespace: "Dxm",
  constructor: "MigrationStudio",
  boundProperty: "boundField",
  /** A column of its own: bound to dxm_name it would take the place of the run's required name field. */
  boundColumn: "dxm_studio",
  table: "dxm_migrationrun",
  builtDir: "out/controls/MigrationStudio",
};

/** The control's name inside a solution: `dxm_Dxm.MigrationStudio`. */
export function solutionControlName(control: ControlDef = migrationStudioControl): string {
  return `${PUBLISHER_PREFIX}_${control.namespace}.${control.constructor}`;
}
