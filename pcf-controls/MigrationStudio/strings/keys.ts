/**
 * Every string key of strings/MigrationStudio.1033.resx (a unit test keeps the two in step). index.ts reads
 * them through `context.resources.getString`; components get the resulting plain object as a prop.
 */
export const stringKeys = [
  "MigrationStudio_DisplayName",
  "MigrationStudio_Description",
  "BoundField_DisplayName",
  "BoundField_Description",
  "Studio_Title",
  "Studio_NoRun",
  "Studio_NoClient",
  "Studio_RunStatus",
  "Studio_Steps",
  "Step_Upload",
  "Step_Map",
  "Step_Preflight",
  "Step_Sample",
  "Step_Full",
  "Step_Reconcile",
  "Common_NotInBuild",
  "Common_Error",
  "Common_Download",
] as const;

export type StringKey = (typeof stringKeys)[number];
export type Strings = Readonly<Record<StringKey, string>>;

export function readStrings(getString: (key: string) => string): Strings {
  return Object.fromEntries(stringKeys.map((key) => [key, getString(key)])) as Record<StringKey, string>;
}
