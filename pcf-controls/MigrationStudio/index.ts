import * as React from "react";
import type { IInputs, IOutputs } from "./generated/ManifestTypes";
import { Studio } from "./components/Studio";
import type { StudioProps } from "./components/Studio";
import { readStrings } from "./strings/keys";
import { createStudioServices } from "./services/studio-services";
import type { StudioServices } from "./services/studio-services";
import { parseWorkerSource } from "./worker/worker-source";
import { runWorkerSource } from "./worker/run-worker-source";
import { PROPERTY_BOUND_FIELD } from "./manifest-constants";

/** The PCF surface of Migration Studio: turns the framework context into plain props, nothing else. */
export class MigrationStudio implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  private services: StudioServices | null = null;
  private notifyOutputChanged: () => void = () => undefined;
  /** Bumped when the form reports the record re-read (the bound column among the updated properties). */
  private dataVersion = 0;

  public init(context: ComponentFramework.Context<IInputs>, notifyOutputChanged: () => void): void {
    this.notifyOutputChanged = notifyOutputChanged;
    context.mode.trackContainerResize(true);
  }

  public updateView(context: ComponentFramework.Context<IInputs>): React.ReactElement {
    const clientUrl = clientUrlOf(context);
    if (!this.services) this.services = createStudioServices(clientUrl, parseWorkerSource, runWorkerSource);
    if (context.updatedProperties?.includes(PROPERTY_BOUND_FIELD)) this.dataVersion++;
    const props: StudioProps = {
      runId: runIdOf(context),
      runName: runNameOf(context),
      clientUrl,
      userId: normaliseId(context.userSettings.userId),
      width: context.mode.allocatedWidth > 0 ? context.mode.allocatedWidth : 1024,
      strings: readStrings((key) => context.resources.getString(key)),
      services: this.services,
      dataVersion: this.dataVersion,
      theme: context.fluentDesignLanguage?.tokenTheme,
    };
    return React.createElement(Studio, props);
  }

  public getOutputs(): IOutputs {
    return {};
  }

  public destroy(): void {
    this.services?.dispose();
    this.services = null;
    this.notifyOutputChanged = () => undefined;
  }
}

/** The record the form shows; PCF exposes it on `mode.contextInfo`, which the public typings omit. */
function runIdOf(context: ComponentFramework.Context<IInputs>): string | null {
  const info = (context.mode as unknown as { contextInfo?: { entityId?: string } }).contextInfo;
  return info?.entityId ? normaliseId(info.entityId) : null;
}

/** The run's name: the record's primary name (the bound column is the control's own, dxm_studio, and holds nothing). */
function runNameOf(context: ComponentFramework.Context<IInputs>): string {
  const info = (context.mode as unknown as { contextInfo?: { entityRecordName?: string } }).contextInfo;
  return info?.entityRecordName ?? "";
}

/** `context.page.getClientUrl()` is how PCF exposes the org URL on model-driven forms (not in the public typings). */
function clientUrlOf(context: ComponentFramework.Context<IInputs>): string {
  const page = (context as unknown as { page?: { getClientUrl?: () => string } }).page;
  return (page?.getClientUrl?.() ?? "").replace(/\/+$/, "");
}

function normaliseId(id: string): string {
  return id.replace(/[{}]/g, "").toLowerCase();
}
