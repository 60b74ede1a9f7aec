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

const practices = "Location ID,Practice ID,Location Name,City,State,ZIP\r\n1,10,Main Street Dental,Springfield,IL,62701\r\n2,10,Oak Park Dental,Oak Park,IL,60302\r\n";
const patients =
  "Patient ID,First Name,Last Name,Birth Date,Gender,Email,Primary Location ID,Custom: Preferred Pharmacy\r\n" +
  "101,Ann,Lee,1980-02-03,F,ann@example.com,1,Kroger Pharmacy\r\n102,Bo,Kim,1975-11-30,M,bo@example.com,2,Meijer Pharmacy\r\n103,Cy,Ray,2001-07-14,M,cy@example.com,1,Kroger Pharmacy\r\n";

function setup() {
  const client = new FakeDataverseClient();
  const [runId] = client.seed("dxm_migrationruns", [{ dxm_name: "Spring", dxm_status: runStatusValue("Draft") }]);
  const services = createStudioServicesWith(client, createInspector("", async () => inspectExports));
  const strings = readStrings((key) => resxStrings()[key]);
  render(<Studio runId={runId} runName="Spring" clientUrl="https://org.example" userId="user-1" width={1200} strings={strings} services={services} />);
  return { client, runId };
}

function upload(files: File[]) {
  const input = document.querySelector("input[data-dxm-upload='files']") as HTMLInputElement;
  fireEvent.change(input, { target: { files } });
}

// Rendering Fluent in jsdom is slow on a busy machine: a generous bound, not a speed assertion.
jest.setTimeout(60_000);

describe("Studio: upload and map", () => {
  it("reads the exports into an inventory, compares control totals, and saves the edited map on the run", async () => {
    const { client, runId } = setup();
    upload([csvFile(practices, "practices.csv"), csvFile(patients, "patients.csv")]);

    await screen.findByText("Inventory: 2 export files, 0 attachments", undefined, { timeout: 10000 });
    const inventory = screen.getByRole("table", { name: /Inventory/ });
    const patientRow = within(inventory).getByText("patients.csv").closest("tr")!;
    expect(within(patientRow).getByText("Patients")).toBeTruthy();
    expect(within(patientRow).getByText("3")).toBeTruthy();

    fireEvent.change(screen.getByLabelText("Patients in Dental-Exec"), { target: { value: "3" } });
    expect(screen.getByText("Matches: 3 found")).toBeTruthy();
    fireEvent.change(screen.getByLabelText("Patients in Dental-Exec"), { target: { value: "5" } });
    expect(screen.getByText("Gap: 3 found (-2)")).toBeTruthy();

    // Map: nothing moves before Confirm, so the run steps stay closed.
    expect((screen.getByRole("tab", { name: "3 Pre-flight" }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole("tab", { name: "2 Map" }));
    fireEvent.click(screen.getByRole("combobox", { name: "Export file" }));
    fireEvent.click(await screen.findByRole("option", { name: "patients.csv (Patients)" }));
    const emailPicker = await screen.findByRole("combobox", { name: "Target for Email" });
    expect((emailPicker as HTMLInputElement).value).toBe("Email → contact.emailaddress1");
    // The least sure proposals come first: the confidences shown never fall down the grid.
    const grid = screen.getByRole("table", { name: /patients\.csv/ });
    const shown = within(grid).getAllByRole("row").slice(1).map((r) => /(\d+)%/.exec(r.textContent ?? "")?.[1]).filter((p): p is string => !!p).map(Number);
    expect(shown.length).toBeGreaterThan(3);
    expect(shown).toEqual([...shown].sort((a, b) => a - b));
    fireEvent.click(emailPicker);
    fireEvent.click(await screen.findByRole("option", { name: "Do not migrate" }));
    expect(screen.getAllByText("Edited").length).toBe(1);

    // Value map of an option set: the admin maps "M" onto another option.
    const genderRow = screen.getByRole("combobox", { name: "Target for Gender" }).closest("tr")!;
    fireEvent.click(within(genderRow as HTMLElement).getByRole("button", { name: /values mapped$/ }));
    const dialog = await screen.findByRole("dialog");
    // Under jsdom, Fluent's modal focus trap can leave the dialog surface itself marked aria-hidden, so the
    // query includes hidden elements (the dialog is located first, so only its own controls can match).
    fireEvent.click(await within(dialog).findByRole("combobox", { name: "Option for M", hidden: true }));
    fireEvent.click(await screen.findByRole("option", { name: "Female" }));
    fireEvent.click(within(dialog).getByRole("button", { name: "Save" }));

    // A proposed custom column, rejected.
    const custom = screen.getByRole("checkbox", { name: /^Create Preferred Pharmacy/ });
    expect((custom as HTMLInputElement).checked).toBe(true);
    fireEvent.click(custom);

    // The practice's zone is asked, never taken from the browser: Confirm waits for it.
    expect((screen.getByRole("button", { name: "Confirm map" }) as HTMLButtonElement).disabled).toBe(true);
    const zone = screen.getByRole("combobox", { name: /Practice time zone/ });
    fireEvent.click(zone);
    fireEvent.change(zone, { target: { value: "Chicago" } });
    fireEvent.click(await screen.findByRole("option", { name: "America/Chicago" }));
    await screen.findByText(/Local times are read as America\/Chicago/);
    fireEvent.click(screen.getByRole("button", { name: "Confirm map" }));
    await waitFor(() => expect(client.records("dxm_migrationruns")[0].dxm_status).toBe(runStatusValue("Map confirmed")));
    const run = client.records("dxm_migrationruns").find((r) => r.dxm_migrationrunid === runId)!;
    const map = JSON.parse(String(run.dxm_confirmedmap)) as ConfirmedMap;
    const email = map.files.find((f) => f.object === "patient")!.columns.find((c) => c.source === "Email")!;
    expect(email).toMatchObject({ field: null, target: null });
    const patientColumns = map.files.find((f) => f.object === "patient")!.columns;
    expect(patientColumns.find((c) => c.source === "Gender")!.valueMap).toMatchObject({ M: 2, F: 2 });
    expect(patientColumns.find((c) => c.source === "Custom: Preferred Pharmacy")).toMatchObject({ target: null });
    expect(map.confirmedBy).toBe("user-1");
    expect(map.timeZone).toBe("America/Chicago");
    // The stored inventory has no profiles: no example values of patient data on the run row.
    expect(String(run.dxm_inventory)).not.toContain("ann@example.com");
    expect(String(run.dxm_inventory)).not.toContain("Lee");
    // (hidden: jsdom never runs the closing dialog's exit, so its modalizer's aria-hidden stays on the page.)
    await waitFor(() => expect((screen.getByRole("tab", { name: "3 Pre-flight", hidden: true }) as HTMLButtonElement).disabled).toBe(false));
  });

  it("refuses to confirm a map whose patients file has no rows, naming the file, and saves nothing", async () => {
    const { client } = setup();
    upload([csvFile(practices, "practices.csv"), csvFile(patients.split("\r\n")[0] + "\r\n", "patients.csv")]);
    await screen.findByText("Inventory: 2 export files, 0 attachments", undefined, { timeout: 10000 });
    fireEvent.click(screen.getByRole("tab", { name: "2 Map" }));
    fireEvent.click(await screen.findByRole("button", { name: /Use this browser's zone/ }));
    fireEvent.click(screen.getByRole("button", { name: "Confirm map" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/patients\.csv cannot be the patients file: .+ The run needs Dental-Exec's patient export with rows/);
    expect(client.records("dxm_migrationruns")[0].dxm_confirmedmap ?? null).toBeNull();
    expect((screen.getByRole("tab", { name: "3 Pre-flight" }) as HTMLButtonElement).disabled).toBe(true);
  });
});
