import * as React from "react";
import { Button, Spinner, Subtitle2, makeStyles } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", gap: "12px" },
  actions: { display: "flex", gap: "8px", flexWrap: "wrap", alignItems: "center" },
  actionsAtEnd: { alignItems: "flex-end" },
});

/** A step's main action: the one primary button of its screen. */
export interface PrimaryAction {
  label: string;
  onClick(): void;
  disabled?: boolean;
  /** Tooltip text, e.g. why the action is disabled. */
  title?: string;
}

export interface StepScreenProps {
  /** The screen's heading (h3 under the Studio's tabs). */
  title: string;
  /** Between the heading and the actions: a hint, or a notice about the run the step works on. */
  intro?: React.ReactNode;
  /** Controls the primary action works with, before it in the action row (e.g. the sample size). */
  inputs?: React.ReactNode;
  /** Omitted while the step offers no main action (e.g. a run under way shows Pause and Cancel instead). */
  primary?: PrimaryAction;
  /** While the step works: a spinner with this label beside the primary action. */
  busyLabel?: string;
  /** Further actions and status after the primary one, in the same row. */
  actions?: React.ReactNode;
  /** Aligns the action row on the inputs' bottom edge (a labelled field beside the button). */
  alignActionsToInputs?: boolean;
  /** What the step found or did: results, progress, errors. */
  children?: React.ReactNode;
}

/**
 * The layout every step screen shares: heading, an optional intro, one row of actions (inputs, the primary
 * action, a spinner while the step works, further actions), then the step's results.
 */
export function StepScreen(props: StepScreenProps): React.ReactElement {
  const styles = useStyles();
  const { primary } = props;
  const hasActions = props.inputs !== undefined || primary !== undefined || props.busyLabel !== undefined || props.actions !== undefined;
  return (
    <div className={styles.root}>
      <Subtitle2 block as="h3">{props.title}</Subtitle2>
      {props.intro}
      {hasActions && (
        <div className={props.alignActionsToInputs ? `${styles.actions} ${styles.actionsAtEnd}` : styles.actions}>
          {props.inputs}
          {primary && <Button appearance="primary" disabled={primary.disabled} title={primary.title} onClick={primary.onClick}>{primary.label}</Button>}
          {props.busyLabel !== undefined && <Spinner size="tiny" label={props.busyLabel} />}
          {props.actions}
        </div>
      )}
      {props.children}
    </div>
  );
}
