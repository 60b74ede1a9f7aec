import * as React from "react";
import { Badge, Caption1, FluentProvider, Tab, TabList, Title3, makeStyles, webLightTheme } from "@fluentui/react-components";
import type { Theme } from "@fluentui/react-components";
import type { RunRecord } from "../../../migration/ledger/run-record";
import type { Proposal } from "../../../migration/mapping/types";
import { compareControlTotals } from "../../../migration/source/control-totals";
import { missingRequiredFiles } from "../../../migration/plan/required-files";
import type { ExpectedTotals, Inventory, ReadProgress } from "../../../migration/source/types";
import type { Strings } from "../strings/keys";
import type { StudioServices } from "../services/studio-services";
import { format } from "./common/format";
import { ErrorBar, Unavailable } from "./common/Unavailable";
import { UploadScreen } from "./upload/UploadScreen";
import type { PickedFile } from "./upload/collect-files";
import { MapScreen } from "./map/MapScreen";
import { confirmDraft, draftFromProposal } from "./map/draft";
import type { DraftMap } from "./map/draft";
import { RunSteps } from "./RunSteps";
import { STEP_IDS, stepLabel } from "./steps";
import type { StepId } from "./steps";
import { RESUMABLE } from "./run/FullRunScreen";

export interface StudioProps {
  /** The Migration Run record the form shows; null on an unsaved form. */
  runId: string | null;
  runName: string;
  clientUrl: string;
  userId: string;
  /** Width the form allocates to the control, in pixels. */
  width: number;
  strings: Strings;
  services: StudioServices;
  /** Changes when the form has re-read the record (e.g. after the Rollback command): the run is read again. */
  dataVersion?: number;
  theme?: Theme;
}

const NARROW = 640;

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "12px", padding: "4px", minWidth: 0 },
  header: { display: "flex", alignItems: "center", gap: "12px", flexWrap: "wrap" },
  body: { minWidth: 0 },
});

export function Studio(props: StudioProps): React.ReactElement {
  const s = props.strings;
  const styles = useStyles();
  const narrow = props.width < NARROW;
  const { services, runId } = props;

  const [step, setStep] = React.useState<StepId>("upload");
  const [run, setRun] = React.useState<RunRecord | null>(null);
  const [runError, setRunError] = React.useState<string>();
  const [files, setFiles] = React.useState<PickedFile[]>([]);
  const [reading, setReading] = React.useState(false);
  const [readProgress, setReadProgress] = React.useState<ReadProgress>();
  const [readError, setReadError] = React.useState<string>();
  const [inventory, setInventory] = React.useState<Inventory>();
  const [proposal, setProposal] = React.useState<Proposal>();
  const [expected, setExpected] = React.useState<ExpectedTotals>({});
  const [draft, setDraft] = React.useState<DraftMap>([]);
  const [saving, setSaving] = React.useState(false);
  const [saveError, setSaveError] = React.useState<string>();
  // Why the org's earlier confirmations could not be read, if they could not: the proposal then goes without them.
  const [learnError, setLearnError] = React.useState<string>();
  // The practice's zone: the admin's choice (or the one the run's confirmed map holds), never assumed.
  const [timeZone, setTimeZone] = React.useState<string>();
  React.useEffect(() => {
    if (run?.map?.timeZone) setTimeZone((chosen) => chosen ?? run.map?.timeZone);
  }, [run]);

  const refreshRun = React.useCallback(async () => {
    if (!runId) return;
    try {
      setRun(await services.runs.read(runId));
      setRunError(undefined);
    } catch (error) {
      setRunError(error instanceof Error ? error.message : String(error));
    }
  }, [runId, services]);
  React.useEffect(() => void refreshRun(), [refreshRun, props.dataVersion]);

  const onFiles = (picked: PickedFile[]) => {
    setFiles(picked);
    setReading(true);
    setReadError(undefined);
    setReadProgress(undefined);
    // The proposal follows what admins confirmed before in this org; reading it failing only means it does not.
    services.runs
      .learnedChoices()
      .then(
        (learned) => {
          setLearnError(undefined);
          return learned;
        },
        (error: unknown) => {
          setLearnError(error instanceof Error ? error.message : String(error));
          return [];
        },
      )
      .then((learned) => services.inspector.inspect(picked, setReadProgress, learned))
      .then((result) => {
        setInventory(result.inventory);
        setProposal(result.proposal);
        setDraft(draftFromProposal(result.proposal));
      })
      .catch((error: unknown) => setReadError(error instanceof Error ? error.message : String(error)))
      .finally(() => setReading(false));
  };

  const totals = inventory ? compareControlTotals(inventory, expected) : [];
  const onConfirm = () => {
    if (!runId || !inventory || !proposal) return;
    if (!timeZone) {
      setSaveError(s.Map_TimeZoneRequired);
      return;
    }
    const { map, problems } = confirmDraft(draft, proposal, props.userId, timeZone, new Date());
    // An empty, header-only or unreadable patients file is named here, before any step talks of orphans.
    const unusable = missingRequiredFiles(inventory, map).map((m) => format(s.Map_RequiredFileUnusable, m.file, m.reason));
    if (problems.length > 0 || unusable.length > 0) {
      setSaveError([...unusable, ...problems].join(" "));
      return;
    }
    setSaving(true);
    setSaveError(undefined);
    services.runs
      .confirmMap(runId, map, inventory, totals)
      .then(() => refreshRun())
      .then(() => setStep("preflight"))
      .catch((error: unknown) => setSaveError(error instanceof Error ? error.message : String(error)))
      .finally(() => setSaving(false));
  };

  // Nothing moves before the map is confirmed on the run; resuming needs the files again to read rows from.
  const mapConfirmed = Boolean(run?.map);
  const enabled: Record<StepId, boolean> = {
    upload: true,
    map: Boolean(inventory && proposal),
    preflight: mapConfirmed && Boolean(inventory),
    sample: mapConfirmed && Boolean(inventory),
    full: mapConfirmed && Boolean(inventory),
    reconcile: mapConfirmed && Boolean(inventory),
  };

  return (
    <FluentProvider theme={props.theme ?? webLightTheme} className={styles.root} data-dxm-studio="">
      <div className={styles.header}>
        <Title3 block as="h2">{s.Studio_Title}</Title3>
        {run?.status && <Badge appearance="tint" color="brand" aria-label={format(s.Studio_RunStatus, run.status)}>{run.status}</Badge>}
        {files.length > 0 && <Caption1>{format(s.Studio_FilesLoaded, files.length)}</Caption1>}
      </div>
      {!runId && <Unavailable title={s.Studio_NoRunTitle} detail={s.Studio_NoRun} />}
      {runError && <ErrorBar title={s.Studio_RunReadFailed} message={runError} />}
      {run?.status && RESUMABLE.includes(run.status) && !inventory && <Unavailable title={format(s.Full_InterruptedTitle, run.status)} detail={s.Studio_UploadToResume} />}
      <TabList
        aria-label={s.Studio_Steps}
        selectedValue={step}
        onTabSelect={(_, data) => setStep(data.value as StepId)}
        vertical={false}
        size={narrow ? "small" : "medium"}
        style={{ flexWrap: "wrap" }}
      >
        {STEP_IDS.map((id) => <Tab key={id} value={id} disabled={!enabled[id]}>{stepLabel(s, id)}</Tab>)}
      </TabList>
      <div className={styles.body} role="tabpanel" aria-label={stepLabel(s, step)}>
        {step === "upload" && (
          <UploadScreen strings={s} inventory={inventory} busy={reading} progress={readProgress} error={readError} inWorker={services.inspector.inWorker}
            onFiles={onFiles} expected={expected} onExpected={(kind, value) => setExpected((e) => ({ ...e, [kind]: value }))} totals={totals} />
        )}
        {step === "map" && inventory && proposal && (
          <MapScreen strings={s} inventory={inventory} proposal={proposal} draft={draft} onDraft={setDraft} confirmedAt={run?.map?.confirmedAt}
            saving={saving} error={saveError} onConfirm={onConfirm} narrow={narrow} learnError={learnError}
            timeZone={timeZone} onTimeZone={setTimeZone} browserZone={Intl.DateTimeFormat().resolvedOptions().timeZone} />
        )}
        {run?.map && runId && inventory && (
          <RunSteps step={step} strings={s} runId={runId} run={run} files={files} services={services} onRunChanged={refreshRun} onStep={setStep} />
        )}
      </div>
    </FluentProvider>
  );
}
