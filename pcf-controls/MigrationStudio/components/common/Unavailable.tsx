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
