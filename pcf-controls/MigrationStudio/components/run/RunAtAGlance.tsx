import * as React from "react";
import { Caption1, ProgressBar, makeStyles } from "@fluentui/react-components";
import type { Strings } from "../../strings/keys";
import { format, formatDuration } from "../common/format";
import type { RunSummary } from "./run-summary";

const useStyles = makeStyles({ root: { display: "flex", flexDirection: "column", gap: "4px", maxWidth: "640px" } });

/** The whole run in one bar and one line: records done of the plan's total, elapsed, and what loads now. */
export function RunAtAGlance(props: { strings: Strings; summary: RunSummary; elapsedSeconds: number | undefined }): React.ReactElement {
  const s = props.strings;
  const styles = useStyles();
  const { summary } = props;
  const label = format(s.Full_WholeRun, summary.done, summary.total);
  return (
    <div className={styles.root}>
      <ProgressBar value={summary.total > 0 ? summary.done / summary.total : 0} thickness="large" aria-label={label} />
      <Caption1>
        {label}
        {props.elapsedSeconds !== undefined ? ` · ${format(s.Full_Elapsed, formatDuration(props.elapsedSeconds))}` : ""}
        {summary.loading.length > 0 ? ` · ${format(s.Full_LoadingNow, summary.loading.join(", "))}` : ""}
      </Caption1>
    </div>
  );
}

/** The time now, again every second while `ticking` (for an elapsed time that moves between progress batches). */
export function useNow(ticking: boolean): number {
  const [now, setNow] = React.useState(() => Date.now());
  React.useEffect(() => {
    if (!ticking) return undefined;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
}
