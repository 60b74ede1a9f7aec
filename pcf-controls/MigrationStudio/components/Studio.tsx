import * as React from "react";
import { FluentProvider, webLightTheme, TabList, Tab, Title3 } from "@fluentui/react-components";
import type { Theme } from "@fluentui/react-components";
import type { Strings } from "../strings/keys";
import type { StudioServices } from "../services/studio-services";

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
  theme?: Theme;
}

export function Studio(props: StudioProps): React.ReactElement {
  const s = props.strings;
  return (
    <FluentProvider theme={props.theme ?? webLightTheme}>
      <Title3 as="h2">{s.Studio_Title}</Title3>
      <TabList aria-label={s.Studio_Steps}>
        <Tab value="upload">{s.Step_Upload}</Tab>
      </TabList>
    </FluentProvider>
  );
}
