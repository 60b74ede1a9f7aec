import * as React from "react";
import { Caption1 } from "@fluentui/react-components";
import type { RunRecord } from "../../../migration/ledger/run-record";
import type { MigrationExports } from "../../../migration/run/types";
import type { ReconcileReport } from "../../../migration/reconcile/types";
import type { Strings } from "../strings/keys";
import type { StudioServices } from "../services/studio-services";
import type { PickedFile } from "./upload/collect-files";
import type { StepId } from "./steps";
import { downloadCsvZip, downloadText } from "./common/csv";
import { failedRowsFiles } from "../../../migration/run/failed-rows";
import { PreflightScreen } from "./preflight/PreflightScreen";
import type { PreflightResult } from "./preflight/PreflightScreen";
import { rowsConcernedCsv } from "./preflight/rows-concerned";
import { SampleRunScreen } from "./sample/SampleRunScreen";
import type { SampleDecision } from "./sample/SampleRunScreen";
import { FullRunScreen } from "./run/FullRunScreen";
import { useMigrationRun } from "./run/useMigrationRun";
import { issuesToCsv } from "./run/issues-csv";
import { ReconcileScreen } from "./reconcile/ReconcileScreen";
import { verificationToCsv } from "../../../migration/reconcile/report";

export interface RunStepsProps {
  step: StepId;
  strings: Strings;
  runId: string;
  run: RunRecord;
  files: PickedFile[];
  services: StudioServices;
  onRunChanged(): Promise<void>;
  onStep(step: StepId): void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
const DEFAULT_SAMPLE = 25;

/**
 * Pre-flight, sample run, full run and reconciliation. Stays mounted while the admin moves between steps,
 * so a running migration keeps going and its progress stays on screen.
 */
export function RunSteps(props: RunStepsProps): React.ReactElement | null {
  const s = props.strings;
  const { services, run, runId, files } = props;
  const { engine, client } = services;
  const full = useMigrationRun(engine, client);
  const sample = useMigrationRun(engine, client);
  const map = run.map!;

  // The export set the engine streams rows from, opened once per set of files and shared by every step.
  const opened = React.useRef<{ files: PickedFile[]; exports: Promise<MigrationExports> } | null>(null);
  const openExports = (): Promise<MigrationExports> => {
    if (opened.current?.files !== files) {
      const exports = engine.openExports(files);
      // A failed read is not kept: the next step tries again.
      exports.catch(() => opened.current?.exports === exports && (opened.current = null));
      opened.current = { files, exports };
    }
    return opened.current.exports;
  };

  const [pre, setPre] = React.useState<{ busy: boolean; result?: PreflightResult; error?: string }>({ busy: false });
  const [fallbackOwnerEmail, setFallbackOwnerEmail] = React.useState<string>();
  const [skipErroredRows, setSkipErroredRows] = React.useState(false);
  const [bypassChosen, setBypassChosen] = React.useState(false);
  // Sent only when the last pre-flight said the user may bypass custom business logic.
  const bypassCustomLogic = bypassChosen && pre.result?.preflight.mayBypassCustomLogic === true;
  const [sampleSize, setSampleSize] = React.useState(DEFAULT_SAMPLE);
  const [decision, setDecision] = React.useState<SampleDecision>({ kind: "none" });
  const [rec, setRec] = React.useState<{ busy: boolean; report?: ReconcileReport; error?: string }>({ busy: false });
  // Full verification (every record, every field) unless the admin asks for the fast sampled comparison.
  const [sampled, setSampled] = React.useState(false);

  const runPreflight = async () => {
    setPre({ busy: true });
    try {
      const exports = await openExports();
      setPre({ busy: false, result: await engine.preflight(client, { exports, map, runId, fallbackOwnerEmail }) });
    } catch (error) {
      setPre({ busy: false, error: message(error) });
    }
  };

  const downloadRows = async () => {
    if (!pre.result) return;
    try {
      downloadText("validation-problems-rows.csv", await rowsConcernedCsv(await openExports(), pre.result.issues));
    } catch (error) {
      setPre((p) => ({ ...p, error: message(error) }));
    }
  };

  const runSample = async () => {
    setDecision({ kind: "none" });
    await sample.start(files, { map, mode: "sample", sampleSize, fallbackOwnerEmail, skipErroredRows, bypassCustomLogic, name: `${run.name} (sample of ${sampleSize})` });
  };
  const rollbackSample = async () => {
    const sampleRunId = sample.state.runId;
    if (!sampleRunId) return;
    setDecision({ kind: "rolling-back" });
    try {
      const result = await engine.rollback(sampleRunId, client, { onProgress: (progress) => setDecision({ kind: "rolling-back", progress }) });
      setDecision({ kind: "rolled-back", result });
    } catch (error) {
      setDecision({ kind: "rollback-failed", message: message(error) });
    }
  };

  const runFull = async () => {
    await full.start(files, { map, mode: "full", runId, fallbackOwnerEmail, skipErroredRows, bypassCustomLogic, name: run.name });
    await props.onRunChanged();
  };

  const runReconcile = async () => {
    setRec({ busy: true });
    try {
      const exports = await openExports();
      setRec({ busy: false, report: await engine.reconcile(client, runId, exports, { sampled }) });
    } catch (error) {
      setRec({ busy: false, error: message(error) });
    }
  };
  const downloadAudit = async () => {
    try {
      downloadText(`run-${runId}-audit.csv`, await engine.auditCsv(client, runId));
    } catch (error) {
      setRec((r) => ({ ...r, error: message(error) }));
    }
  };

  // Up to 50,000 issues, and the screen renders a few times a second during a run: filtered when they change.
  const failedIssues = React.useMemo(() => full.state.issues.filter((i) => i.kind === "load" || i.severity === "error"), [full.state.issues]);
  const downloadFailedRows = async () => {
    try {
      downloadCsvZip(`run-${runId}-failed-rows.zip`, await failedRowsFiles(await openExports(), failedIssues));
    } catch (error) {
      setRec((r) => ({ ...r, error: message(error) }));
    }
  };

  // Where the page cannot start the run worker, the run shares the form's thread: say so, never hide it.
  const onPage = engine.runsInWorker ? null : <Caption1 block role="note">{s.Run_OnPageThread}</Caption1>;
  switch (props.step) {
    case "preflight":
      return (
        <PreflightScreen strings={s} result={pre.result} busy={pre.busy} error={pre.error} onCheck={() => void runPreflight()}
          fallbackOwnerEmail={fallbackOwnerEmail} onFallbackOwner={setFallbackOwnerEmail} skipErroredRows={skipErroredRows} onSkipErroredRows={setSkipErroredRows}
          bypassCustomLogic={bypassChosen} onBypassCustomLogic={setBypassChosen}
          onDownloadRows={() => void downloadRows()} />
      );
    case "sample":
      return (
        <>
        {onPage}
        <SampleRunScreen strings={s} state={sample.state} issueCount={sample.issueCount} sampleSize={sampleSize} onSampleSize={setSampleSize}
          onRun={() => void runSample()} decision={decision} onRollback={() => void rollbackSample()} onKeep={() => setDecision({ kind: "kept" })} />
        </>
      );
    case "full":
      return (
        <>
        {onPage}
        <FullRunScreen strings={s} run={run} state={full.state} issueCount={full.issueCount} onStart={() => void runFull()}
          onPause={full.pause} onResume={full.resume} onCancel={full.cancel} onReconcile={() => props.onStep("reconcile")} />
        </>
      );
    case "reconcile":
      return (
        <ReconcileScreen strings={s} report={rec.report} busy={rec.busy} error={rec.error} onReconcile={() => void runReconcile()}
          sampled={sampled} onSampled={setSampled}
          onDownloadVerification={() => rec.report?.verification && downloadText(`run-${runId}-verification.csv`, verificationToCsv(rec.report.verification))}
          onDownloadAudit={() => void downloadAudit()} errorCount={full.issueCount}
          onDownloadErrors={full.state.issues.length > 0 ? () => downloadText(`run-${runId}-errors.csv`, issuesToCsv(full.state.issues)) : undefined}
          onDownloadFailedRows={failedIssues.length > 0 ? () => void downloadFailedRows() : undefined} />
      );
    default:
      return null;
  }
}
