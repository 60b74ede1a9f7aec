import * as React from "react";
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";

/** Says plainly that a step's engine piece is not in this build, instead of pretending to do it. */
export function Unavailable(props: { title: string; detail: string }): React.ReactElement {
  return (
    <MessageBar intent="warning" role="status">
      <MessageBarBody>
        <MessageBarTitle>{props.title}</MessageBarTitle>
        {props.detail}
      </MessageBarBody>
    </MessageBar>
  );
}

export function ErrorBar(props: { title: string; message: string }): React.ReactElement {
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{props.title}</MessageBarTitle>
        {props.message}
      </MessageBarBody>
    </MessageBar>
  );
}

/** Why a run did not start (the engine's `blockedBy`), one reason a line; nothing when it started. */
export function NotStarted(props: { title: string; reasons: string[] | undefined }): React.ReactElement | null {
  if (!props.reasons || props.reasons.length === 0) return null;
  return (
    <MessageBar intent="error" role="alert">
      <MessageBarBody>
        <MessageBarTitle>{props.title}</MessageBarTitle>
        {props.reasons.map((r, i) => <div key={i}>{r}</div>)}
      </MessageBarBody>
    </MessageBar>
  );
}
