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

// Day first, as one practice's report writer exports: the practices' 25/03 decides; the patients' dates
// (every day 12 or below) could be read either way, so the admin must say.
const practices = "Location ID,Practice ID,Location Name,City,State,ZIP,Created Date\r\n1,10,Main Street Dental,Springfield,IL,62701,25/03/2015\r\n";
const patients =
  "Patient ID,First Name,Last Name,Birth Date,Gender,Primary Location ID\r\n" +
  "101,Ann,Lee,03/02/1980,F,1\r\n102,Bo,Kim,11/05/1975,M,1\r\n103,Cy,Ray,07/01/2001,M,1\r\n";

// Rendering Fluent in jsdom is slow on a busy machine: a generous bound, not a speed assertion.
jest.setTimeout(60_000);

describe("Studio: each file's date order on the map", () => {
  it("shows the order a file's values show, asks for one they do not, and confirms only once chosen", async () => {
    const client = new FakeDataverseClient();
    const [runId] = client.seed("dxm_migrationruns", [{ dxm_name: "Spring", dxm_status: runStatusValue("Draft") }]);
    const services = createStudioServicesWith(client, createInspector("", async () => inspectExports));
    const strings = readStrings((key) => resxStrings()[key]);
    render(<Studio runId={runId} runName="Spring" clientUrl="https://org.example" userId="user-1" width={1200} strings={strings} services={services} />);
    const input = document.querySelector("input[data-dxm-upload='files']") as HTMLInputElement;
    fireEvent.change(input, { target: { files: [csvFile(practices, "practices.csv"), csvFile(patients, "patients.csv")] } });
    await screen.findByText("Inventory: 2 export files, 0 attachments", undefined, { timeout: 10000 });

    fireEvent.click(screen.getByRole("tab", { name: "2 Map" }));
    const fileChooser = await screen.findByRole("combobox", { name: "Export file" });
    fireEvent.click(fileChooser);
    fireEvent.click(await screen.findByRole("option", { name: "practices.csv (Practices / locations)" }));
    expect(await screen.findByText(/^Read Day first \(DD\/MM\/YYYY\), as the values show: .*'Created Date' line 2/)).toBeTruthy();

    // The zone is the map's other required choice: chosen first, so only the date order holds Confirm back.
    const zone = screen.getByRole("combobox", { name: /Practice time zone/ });
    fireEvent.click(zone);
    fireEvent.change(zone, { target: { value: "Chicago" } });
    fireEvent.click(await screen.findByRole("option", { name: "America/Chicago" }));
    // Confirming waits for the choice, and says which file it waits for.
    const confirm = screen.getByRole("button", { name: "Confirm map" }) as HTMLButtonElement;
    expect(confirm.disabled).toBe(true);
    expect(screen.getByRole("status").textContent).toBe("Choose the date order of patients.csv before confirming.");

    fireEvent.click(screen.getByRole("combobox", { name: "Export file" }));
    fireEvent.click(await screen.findByRole("option", { name: "patients.csv (Patients)" }));
    const choice = await screen.findByRole("radiogroup");
    expect(screen.getByText(/^Needs your choice: no date has a day above 12/)).toBeTruthy();
    const dayFirst = within(choice).getByRole("radio", { name: "Day first (DD/MM/YYYY)" }) as HTMLInputElement;
    expect(dayFirst.checked).toBe(false);
    fireEvent.click(dayFirst);
    await waitFor(() => expect((screen.getByRole("button", { name: "Confirm map" }) as HTMLButtonElement).disabled).toBe(false));
    expect(screen.getByText("Read Day first (DD/MM/YYYY), as you chose.")).toBeTruthy();

    fireEvent.click(screen.getByRole("button", { name: "Confirm map" }));
    await waitFor(() => expect(client.records("dxm_migrationruns")[0].dxm_status).toBe(runStatusValue("Map confirmed")));
    const map = JSON.parse(String(client.records("dxm_migrationruns")[0].dxm_confirmedmap)) as ConfirmedMap;
    expect(map.version).toBe(3);
    expect(map.files.map((f) => [f.file, f.dateOrder]).sort()).toEqual([["patients.csv", "DMY"], ["practices.csv", "DMY"]]);
  });
});
