import * as React from "react";
import {
  Button, Caption1, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, DialogTrigger, MessageBar, MessageBarBody, MessageBarTitle,
  makeStyles,
} from "@fluentui/react-components";
import type { RunRecord } from "../../../../migration/ledger/run-record";
import type { Strings } from "../../strings/keys";
import { downloadText } from "../common/csv";
import { format, formatDuration } from "../common/format";
import { ErrorBar, NotStarted } from "../common/Unavailable";
import { StepScreen } from "../common/StepScreen";
import { TableProgressGrid } from "./TableProgressGrid";
import { RunAtAGlance, useNow } from "./RunAtAGlance";
import { summarizeRun } from "./run-summary";
import type { MigrationRunState } from "./useMigrationRun";
import { issuesToCsv } from "./issues-csv";

const useStyles = makeStyles({
  actions: { display: "flex", gap: "8px", flexWrap: "wrap", alignItems: "center" },
});

/** Statuses a run row is left in when a run stopped before the end: reopening the form offers to resume. */
export const RESUMABLE: ReadonlyArray<string> = ["Running", "Paused", "Failed", "Cancelled", "Completed with errors"];

export interface FullRunScreenProps {
  strings: Strings;
  run: RunRecord;
  state: MigrationRunState;
  issueCount: number;
  onStart(): void;
  onPause(): void;
  onResume(): void;
  onCancel(): void;
  onReconcile(): void;
}

export function FullRunScreen(props: FullRunScreenProps): React.ReactElement {
  const s = props.strings;
  const styles = useStyles();
  const { state, run } = props;
  const active = state.phase === "reading" || state.phase === "running" || state.phase === "paused";
  const interrupted = !active && state.phase === "idle" && run.status !== undefined && RESUMABLE.includes(run.status);
  const summary = summarizeRun(state.tables, state.plannedTotal);
  const now = useNow(active && state.phase !== "paused");
  // The run has started but no table has reported yet: the engine is still reading the exports and planning.
  const planning = state.phase === "reading" || (state.phase === "running" && !state.tables.some((t) => t.state !== "waiting"));
  const startable = !active && state.phase !== "done";
  // A run cancelled or failed on this screen continues from its ledger too, and its button says so.
  const stoppedHere = (state.phase === "cancelled" || state.phase === "failed") && run.status !== undefined && RESUMABLE.includes(run.status);
  const resumes = interrupted || stoppedHere;

  return (
    <StepScreen
      title={s.Full_Title}
      intro={interrupted && (
        <MessageBar intent="warning" role="status">
          <MessageBarBody>
            <MessageBarTitle>{format(s.Full_InterruptedTitle, run.status ?? "")}</MessageBarTitle>
            {s.Full_InterruptedBody}
          </MessageBarBody>
        </MessageBar>
      )}
      primary={startable ? { label: resumes ? s.Full_Resume : s.Full_Start, onClick: props.onStart } : undefined}
      actions={startable ? <Caption1>{resumes ? s.Full_ResumeHint : s.Full_StartHint}</Caption1> : active ? (
        <>
          {state.phase === "paused" ? <Button appearance="primary" onClick={props.onResume}>{s.Full_ResumeNow}</Button> : <Button onClick={props.onPause} disabled={state.phase === "reading"}>{s.Full_Pause}</Button>}
          <Dialog>
            <DialogTrigger disableButtonEnhancement><Button>{s.Full_Cancel}</Button></DialogTrigger>
            <DialogSurface>
              <DialogBody>
                <DialogTitle>{s.Full_CancelTitle}</DialogTitle>
                <DialogContent>{s.Full_CancelBody}</DialogContent>
                <DialogActions>
                  <DialogTrigger disableButtonEnhancement><Button>{s.Full_KeepRunning}</Button></DialogTrigger>
                  <DialogTrigger disableButtonEnhancement><Button appearance="primary" onClick={props.onCancel}>{s.Full_CancelConfirm}</Button></DialogTrigger>
                </DialogActions>
              </DialogBody>
            </DialogSurface>
          </Dialog>
          <Caption1 role="status" aria-live="polite">
            {state.phase === "paused" ? s.Full_Paused : planning ? s.Full_Reading : format(s.Full_Rate, Math.round(summary.rate ?? 0), summary.secondsLeft !== undefined ? formatDuration(summary.secondsLeft) : "–")}
            {summary.throttled ? ` · ${s.Full_ThrottledNow}` : ""}
          </Caption1>
        </>
      ) : undefined}
    >
      {(active || state.phase === "done" || state.phase === "cancelled") && state.plannedTotal !== undefined && (
        <RunAtAGlance strings={s} summary={summary} elapsedSeconds={state.startedAt ? (now - state.startedAt) / 1000 : undefined} />
      )}
      {state.tables.length > 0 && <TableProgressGrid strings={s} tables={state.tables} label={s.Full_ProgressLabel} />}
      {state.error && <ErrorBar title={s.Full_Failed} message={state.error} />}
      {state.phase === "cancelled" && <MessageBar intent="warning"><MessageBarBody>{s.Full_Cancelled}</MessageBarBody></MessageBar>}
      {state.phase === "done" && state.result && <NotStarted title={s.Run_NotStarted} reasons={state.result.blockedBy} />}
      {state.phase === "done" && state.result && (
        <MessageBar intent={state.result.complete ? "success" : "warning"} role="status">
          <MessageBarBody>
            <MessageBarTitle>{format(s.Full_Finished, state.result.status)}</MessageBarTitle>
            {format(s.Full_FinishedBody, props.issueCount)}
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.actions}>
        {state.issues.length > 0 && <Button onClick={() => downloadText(`run-${state.runId ?? run.id}-errors.csv`, issuesToCsv(state.issues))}>{format(s.Full_DownloadErrors, props.issueCount)}</Button>}
        {state.phase === "done" && <Button appearance="primary" onClick={props.onReconcile}>{s.Full_GoReconcile}</Button>}
      </div>
    </StepScreen>
  );
}
