import type { IInputs } from "../../../pcf-controls/MigrationStudio/generated/ManifestTypes";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The control's resx strings, as the platform's `resources.getString` would serve them. */
export function resxStrings(): Record<string, string> {
  const resx = readFileSync(join(__dirname, "../../../pcf-controls/MigrationStudio/strings/MigrationStudio.1033.resx"), "utf8");
  return Object.fromEntries([...resx.matchAll(/<data name="([^"]+)"[^>]*><value>([\s\S]*?)<\/value>/g)].map((m) => [m[1], m[2].replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&")]));
}

/** A ComponentFramework.Context as a model-driven form passes it to Migration Studio (the parts it reads). */
export function mockContext(options: { runId: string | null; runName: string; width: number; userId?: string }): ComponentFramework.Context<IInputs> & { getString: jest.Mock; trackContainerResize: jest.Mock } {
  const strings = resxStrings();
  const getString = jest.fn((key: string) => strings[key] ?? key);
  const trackContainerResize = jest.fn();
  const context = {
    parameters: {
      boundField: { raw: null, formatted: "", error: false, errorMessage: "", type: "SingleLine.Text", attributes: { LogicalName: "dxm_studio" } },
    },
    mode: {
      allocatedWidth: options.width,
      allocatedHeight: -1,
      isControlDisabled: false,
      isVisible: true,
      label: "Migration Studio",
      trackContainerResize,
      setControlState: () => true,
      setFullScreen: () => undefined,
      contextInfo: options.runId ? { entityId: `{${options.runId.toUpperCase()}}`, entityTypeName: "dxm_migrationrun", entityRecordName: options.runName } : {},
    },
    userSettings: { userId: `{${(options.userId ?? "11111111-2222-3333-4444-555555555555").toUpperCase()}}`, userName: "Admin", languageId: 1033 },
    resources: { getString, getResource: () => undefined },
    page: { getClientUrl: () => "https://org.example.crm.dynamics.com/" },
    webAPI: {},
    updatedProperties: [],
  };
  return Object.assign(context as unknown as ComponentFramework.Context<IInputs>, { getString, trackContainerResize });
}
