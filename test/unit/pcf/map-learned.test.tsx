/** @jest-environment jsdom */
import "./jsdom-globals";
import * as React from "react";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FakeDataverseClient } from "../../../dataverse/testing/fake-client";
import { runStatusValue } from "../../../migration/ledger/run-record";
import type { ConfirmedMap } from "../../../migration/mapping/types";
import { Studio } from "../../../pcf-controls/MigrationStudio/components/Studio";
import { createStudioServicesWith } from "../../../pcf-controls/MigrationStudio/services/studio-services";
import { createInspector } from "../../../pcf-controls/MigrationStudio/worker/inspector";
import { inspectExports } from "../../../pcf-controls/MigrationStudio/worker/inspect";
import { readStrings } from "../../../pcf-controls/MigrationStudio/strings/keys";
import { resxStrings } from "./pcf-context";
// jsdom's File has no arrayBuffer(); Node's has, like every browser's.
import { File as NodeFile } from "node:buffer";

const csvFile = (text: string, name: string) => new NodeFile([text], name, { type: "text/csv" }) as unknown as File;

const practices = "Location ID,Practice ID,Location Name,City,State,ZIP\r\n1,10,Main Street Dental,Springfield,IL,62701\r\n";
const patients =
  "Patient ID,First Name,Last Name,Birth Date,Gender,Email,Primary Location ID\r\n" +
  "101,Ann,Lee,1980-02-03,F,ann@example.com,1\r\n102,Bo,Kim,1975-11-30,M,bo@example.com,1\r\n103,Cy,Ray,2001-07-14,M,cy@example.com,1\r\n";

/** An earlier run of this org: its admin chose not to migrate the patients' Email, which had been proposed as contact.emailaddress1. */
const earlier: ConfirmedMap = {
  version: 3, confirmedAt: "2026-11-20T15:00:00.000Z", confirmedBy: "user-0", timeZone: "America/Chicago",
  files: [{
    file: "PATIENTS_2025.csv", object: "patient", dateOrder: "MDY",
    columns: [{ source: "EMAIL", field: null, target: null, proposed: { field: "email", target: "contact.emailaddress1" } }],
  }],
};

// Rendering Fluent in jsdom is slow on a busy machine: a generous bound, not a speed assertion.
jest.setTimeout(60_000);

async function openPatientsMap(client: FakeDataverseClient, runId: string) {
  const services = createStudioServicesWith(client, createInspector("", async () => inspectExports));
  const strings = readStrings((key) => resxStrings()[key]);
  render(<Studio runId={runId} runName="Summer" clientUrl="https://org.example" userId="user-1" width={1200} strings={strings} services={services} />);
  const input = document.querySelector("input[data-dxm-upload='files']") as HTMLInputElement;
  fireEvent.change(input, { target: { files: [csvFile(practices, "practices.csv"), csvFile(patients, "patients.csv")] } });
  await screen.findByText("Inventory: 2 export files, 0 attachments", undefined, { timeout: 10000 });
  fireEvent.click(screen.getByRole("tab", { name: "2 Map" }));
  fireEvent.click(await screen.findByRole("combobox", { name: "Export file" }));
  fireEvent.click(await screen.findByRole("option", { name: "patients.csv (Patients)" }));
}

describe("Studio: the map follows what admins confirmed before in this org", () => {
  it("proposes an earlier admin's choice for the same header and object, says so with its date, and remembers the admin's kept choice", async () => {
    const client = new FakeDataverseClient();
    client.seed("dxm_migrationruns", [{ dxm_name: "Spring", dxm_status: runStatusValue("Completed"), dxm_confirmedmap: JSON.stringify(earlier) }]);
    const [runId] = client.seed("dxm_migrationruns", [{ dxm_name: "Summer", dxm_status: runStatusValue("Draft") }]);
    await openPatientsMap(client, runId);

    const email = await screen.findByRole("combobox", { name: "Target for Email" });
    expect((email as HTMLInputElement).value).toBe("Do not migrate");
    const row = email.closest("tr") as HTMLElement;
    const badge = within(row).getByText("Admin's choice 2026-11-20");
    expect(screen.getByText(/^1 column\(s\) of this file take the choice an admin confirmed before in this org/)).toBeTruthy();
    // The evidence, on the badge's tooltip as for every column.
    fireEvent.pointerEnter(badge);
    fireEvent.focus(badge);
    expect(await screen.findByText(/^confirmed by an admin on 2026-11-20 \(proposed then: contact\.emailaddress1\)/)).toBeTruthy();
    // The other columns are the engine's own proposals.
    expect((screen.getByRole("combobox", { name: "Target for Last Name" }) as HTMLInputElement).value).toBe("Last Name → contact.lastname");

    fireEvent.click(await screen.findByRole("button", { name: /Use this browser's zone/ }));
    fireEvent.click(screen.getByRole("button", { name: "Confirm map" }));
    await waitFor(() => expect(client.records("dxm_migrationruns").find((r) => r.dxm_migrationrunid === runId)?.dxm_status).toBe(runStatusValue("Map confirmed")));
    const map = JSON.parse(String(client.records("dxm_migrationruns").find((r) => r.dxm_migrationrunid === runId)!.dxm_confirmedmap)) as ConfirmedMap;
    expect(map.version).toBe(3);
    const patientColumns = map.files.find((f) => f.object === "patient")!.columns;
    // Kept as proposed, and the proposal was the earlier admin's: confirmed again, so it stays learned.
    expect(patientColumns.find((c) => c.source === "Email")).toEqual({ source: "Email", field: null, target: null, proposed: { field: null, target: null, learnedFrom: earlier.confirmedAt } });
    expect(patientColumns.find((c) => c.source === "Last Name")).toMatchObject({ field: "lastName", proposed: { field: "lastName", target: "contact.lastname" } });
  });

  it("proposes without the org's earlier choices, and says why, when they cannot be read", async () => {
    const client = new FakeDataverseClient();
    client.seed("dxm_migrationruns", [{ dxm_name: "Spring", dxm_status: runStatusValue("Completed"), dxm_confirmedmap: JSON.stringify(earlier) }]);
    const [runId] = client.seed("dxm_migrationruns", [{ dxm_name: "Summer", dxm_status: runStatusValue("Draft") }]);
    jest.spyOn(client, "retrieveMultiple").mockRejectedValueOnce(new Error("You do not have prvReaddxm_migrationrun"));
    await openPatientsMap(client, runId);

    const email = await screen.findByRole("combobox", { name: "Target for Email" });
    expect((email as HTMLInputElement).value).toBe("Email → contact.emailaddress1");
    expect(screen.getByText(/could not be read \(You do not have prvReaddxm_migrationrun\): this proposal does not follow them/)).toBeTruthy();
    expect(screen.queryByText(/^Admin's choice/)).toBeNull();
  });
});
