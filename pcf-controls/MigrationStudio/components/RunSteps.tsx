import * as React from "react";
import type { RunRecord } from "../../../migration/ledger/run-record";
import type { Strings } from "../strings/keys";
import type { StudioServices } from "../services/studio-services";
import type { PickedFile } from "./upload/collect-files";
import type { StepId } from "./Studio";
import { Unavailable } from "./shared/Unavailable";

export interface RunStepsProps {
  step: Exclude<StepId, "upload" | "map">;
  strings: Strings;
  runId: string;
  run: RunRecord;
  files: PickedFile[];
  services: StudioServices;
  onRunChanged(): Promise<void>;
  onStep(step: StepId): void;
}

/** Pre-flight, sample run, full run and reconciliation: the steps that need the migration engine. */
export function RunSteps(props: RunStepsProps): React.ReactElement {
  return <Unavailable title={props.strings.Common_NotInBuild} detail={props.strings.Run_EngineMissing} />;
}
