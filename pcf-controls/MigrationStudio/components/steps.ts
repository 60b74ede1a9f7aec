import type { Strings } from "../strings/keys";

/**
 * The Studio's steps, in the order its tabs show them. Studio (the tabs) and RunSteps (the run screens)
 * both read them from here.
 */
export const STEP_IDS = ["upload", "map", "preflight", "sample", "full", "reconcile"] as const;
export type StepId = (typeof STEP_IDS)[number];

const LABELS: Record<StepId, keyof Strings> = {
  upload: "Step_Upload",
  map: "Step_Map",
  preflight: "Step_Preflight",
  sample: "Step_Sample",
  full: "Step_Full",
  reconcile: "Step_Reconcile",
};

/** A step's tab label ("1 Upload", …) from the control's strings. */
export function stepLabel(strings: Strings, step: StepId): string {
  return strings[LABELS[step]];
}
