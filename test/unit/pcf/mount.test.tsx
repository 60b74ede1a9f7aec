/** @jest-environment jsdom */
import "./jsdom-globals";
import { render, screen, waitFor } from "@testing-library/react";
import { FakeDataverseClient } from "../../../dataverse/testing/fake-client";
import { runStatusValue } from "../../../migration/ledger/run-record";
import { mockContext } from "./pcf-context";

jest.mock("../../../pcf-controls/MigrationStudio/worker/worker-source", () => ({ parseWorkerSource: "" }));
jest.mock("../../../pcf-controls/MigrationStudio/worker/run-worker-source", () => ({ runWorkerSource: "" }));
const client = new FakeDataverseClient();
const createdFor: string[] = [];
jest.mock("../../../pcf-controls/MigrationStudio/services/studio-services", () => {
  const actual = jest.requireActual("../../../pcf-controls/MigrationStudio/services/studio-services");
  const { createInspector } = jest.requireActual("../../../pcf-controls/MigrationStudio/worker/inspector");
  return {
    ...actual,
    createStudioServices: (clientUrl: string) => {
      createdFor.push(clientUrl);
      return actual.createStudioServicesWith(client, createInspector("", async () => () => Promise.reject(new Error("not used"))));
    },
  };
});

import { MigrationStudio } from "../../../pcf-controls/MigrationStudio/index";

describe("MigrationStudio mounted through index.ts", () => {
  it("turns the context into props: run, strings, client URL, size", async () => {
    const [runId] = client.seed("dxm_migrationruns", [{ dxm_name: "Spring migration", dxm_status: runStatusValue("Draft") }]);
    const context = mockContext({ runId, runName: "Spring migration", width: 1200 });
    const control = new MigrationStudio();
    control.init(context, jest.fn());
    const view = render(control.updateView(context));

    expect(context.trackContainerResize).toHaveBeenCalledWith(true);
    expect(createdFor).toEqual(["https://org.example.crm.dynamics.com"]);
    expect(context.getString).toHaveBeenCalledWith("Step_Upload");
    expect(screen.getByRole("heading", { name: "Migration Studio" })).toBeTruthy();
    // The run row was read through the Web API client: its status shows.
    await waitFor(() => expect(screen.getByLabelText("Run status: Draft")).toBeTruthy());
    // Nothing is uploaded yet, so only the upload step is open.
    const disabled = (name: string) => (screen.getByRole("tab", { name }) as HTMLButtonElement).disabled;
    expect(disabled("1 Upload")).toBe(false);
    expect(disabled("2 Map")).toBe(true);
    expect(disabled("5 Full run")).toBe(true);

    // The form re-read the record (e.g. after the Rollback command): the control reads its run again.
    await client.update("dxm_migrationruns", runId, { dxm_status: runStatusValue("Rolled back") });
    view.rerender(control.updateView(Object.assign(context, { updatedProperties: ["boundField"] })));
    await waitFor(() => expect(screen.getByLabelText("Run status: Rolled back")).toBeTruthy());
    control.destroy();
  });

  it("says the run must be saved first on a new form", () => {
    const context = mockContext({ runId: null, runName: "", width: 400 });
    const control = new MigrationStudio();
    control.init(context, jest.fn());
    render(control.updateView(context));
    expect(screen.getByText("Save the run first")).toBeTruthy();
    control.destroy();
  });
});
