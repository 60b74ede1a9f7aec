import * as React from "react";
import { Button, Caption1, Field, MessageBar, MessageBarBody, MessageBarTitle, ProgressBar, SpinButton, makeStyles } from "@fluentui/react-components";
import type { RollbackProgress, RollbackResult } from "../../../../migration/rollback/types";
import type { Strings } from "../../strings/keys";
import { downloadText } from "../common/csv";
import { format } from "../common/format";
import { ErrorBar, NotStarted } from "../common/Unavailable";
import { StepScreen } from "../common/StepScreen";
import { TableProgressGrid } from "../run/TableProgressGrid";
import type { MigrationRunState } from "../run/useMigrationRun";
import { issuesToCsv } from "../run/issues-csv";

const useStyles = makeStyles({
  actions: { display: "flex", gap: "8px", flexWrap: "wrap", alignItems: "flex-end" },
});

export type SampleDecision = { kind: "none" } | { kind: "kept" } | { kind: "rolling-back"; progress?: RollbackProgress } | { kind: "rolled-back"; result: RollbackResult } | { kind: "rollback-failed"; message: string };

export interface SampleRunScreenProps {
  strings: Strings;
  state: MigrationRunState;
  issueCount: number;
  sampleSize: number;
  onSampleSize(n: number): void;
  onRun(): void;
  decision: SampleDecision;
  onRollback(): void;
  onKeep(): void;
}

export function SampleRunScreen(props: SampleRunScreenProps): React.ReactElement {
  const s = props.strings;
  const styles = useStyles();
  const { state, decision } = props;
  const busy = state.phase === "reading" || state.phase === "running" || state.phase === "paused" || decision.kind === "rolling-back";
  const finished = state.phase === "done" && state.result;
  return (
    <StepScreen title={s.Sample_Title} intro={<Caption1>{s.Sample_Hint}</Caption1>} alignActionsToInputs
      inputs={
        <Field label={s.Sample_Size}>
          <SpinButton min={1} max={1000} value={props.sampleSize} disabled={busy} onChange={(_, data) => {
            const value = data.value ?? Number(data.displayValue);
            if (Number.isFinite(value) && value >= 1) props.onSampleSize(Math.min(1000, Math.round(value)));
          }} />
        </Field>
      }
      primary={{ label: finished ? s.Sample_RunAgain : s.Sample_Run, onClick: props.onRun, disabled: busy }}>
      {state.phase === "reading" && <Caption1 role="status">{s.Full_Reading}</Caption1>}
      {state.tables.length > 0 && <TableProgressGrid strings={s} tables={state.tables} label={s.Sample_ProgressLabel} />}
      {state.error && <ErrorBar title={s.Full_Failed} message={state.error} />}
      {finished && state.result && <NotStarted title={s.Run_NotStarted} reasons={state.result.blockedBy} />}
      {finished && state.result && (
        <MessageBar intent={state.result.complete ? "success" : "warning"} role="status">
          <MessageBarBody>
            <MessageBarTitle>{format(s.Sample_Finished, state.result.status)}</MessageBarTitle>
            {format(s.Sample_FinishedBody, Object.values(state.result.counters).reduce((n, c) => n + c.created + c.updated, 0), props.issueCount)}
          </MessageBarBody>
        </MessageBar>
      )}
      {state.issues.length > 0 && (
        <div><Button onClick={() => downloadText(`sample-${state.runId ?? "run"}-errors.csv`, issuesToCsv(state.issues))}>{format(s.Full_DownloadErrors, props.issueCount)}</Button></div>
      )}
      {finished && decision.kind === "none" && (
        <div className={styles.actions}>
          <Button appearance="primary" onClick={props.onRollback}>{s.Sample_Rollback}</Button>
          <Button onClick={props.onKeep}>{s.Sample_Keep}</Button>
        </div>
      )}
      {decision.kind === "rolling-back" && (
        <Field label={s.Sample_RollingBack} hint={decision.progress ? format(s.Sample_RollbackProgress, decision.progress.phase, decision.progress.done, decision.progress.total) : undefined}>
          <ProgressBar value={decision.progress && decision.progress.total > 0 ? decision.progress.done / decision.progress.total : undefined} />
        </Field>
      )}
      {decision.kind === "rolled-back" && (
        <MessageBar intent={decision.result.complete ? "success" : "warning"} role="status">
          <MessageBarBody>
            <MessageBarTitle>{decision.result.complete ? s.Sample_RolledBack : s.Sample_RollbackIncomplete}</MessageBarTitle>
            {format(s.Sample_RolledBackBody, decision.result.deleted, decision.result.restored, decision.result.kept.length)}
          </MessageBarBody>
        </MessageBar>
      )}
      {decision.kind === "rollback-failed" && <ErrorBar title={s.Sample_RollbackFailed} message={decision.message} />}
      {decision.kind === "kept" && <MessageBar intent="info"><MessageBarBody>{s.Sample_Kept}</MessageBarBody></MessageBar>}
    </StepScreen>
  );
}
