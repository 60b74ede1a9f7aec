/** Names declared in ControlManifest.Input.xml, in one place so code never repeats them as literals. */
export const CONTROL_NAMESPACE = "Dxm";
export const CONTROL_CONSTRUCTOR = "MigrationStudio";
/** The bound property: SingleLine.Text, bound to dxm_name on the Migration Run form. */
export const PROPERTY_BOUND_FIELD = "boundField";
/** The table whose form hosts the control. */
export const HOST_TABLE = "dxm_migrationrun";
export const HOST_ENTITY_SET = "dxm_migrationruns";
