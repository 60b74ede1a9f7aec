/** @jest-environment jsdom */
import "./jsdom-globals";
import * as React from "react";
import { fireEvent, render, screen, waitFor } from "@testing-library/react";
import { FakeDataverseClient } from "../../../dataverse/testing/fake-client";
import type { RunRecord } from "../../../migration/ledger/run-record";
import type { MigrateInput, RunResult } from "../../../migration/run/types";
import type { RollbackResult } from "../../../migration/rollback/types";
import { RunSteps } from "../../../pcf-controls/MigrationStudio/components/RunSteps";
import type { StudioEngine } from "../../../pcf-controls/MigrationStudio/services/engine";
import { createStudioServicesWith } from "../../../pcf-controls/MigrationStudio/services/studio-services";
import { createInspector } from "../../../pcf-controls/MigrationStudio/worker/inspector";
import { readStrings } from "../../../pcf-controls/MigrationStudio/strings/keys";
import { resxStrings } from "./pcf-context";
import type { PickedFile } from "../../../pcf-controls/MigrationStudio/components/upload/collect-files";

const s = readStrings((key) => resxStrings()[key]);
const map = { version: 1 as const, confirmedAt: "2026-01-01T00:00:00Z", confirmedBy: "u", timeZone: "America/Chicago", files: [] };
/** The files the admin picked: one array for the session, as Studio keeps it in state. */
const files: PickedFile[] = [];
const exportsSet = { inventory: { files: [], attachments: [], problems: [] }, rows: async function* () {}, file: () => undefined };

/** An engine double that records what the screens ask of it and answers like the engine does. */
function recordingEngine() {
  const calls: { migrate: Omit<MigrateInput, "exports">[]; files: PickedFile[][]; rollback: string[]; opened: number } = { migrate: [], files: [], rollback: [], opened: 0 };
  const result = (runId: string): RunResult => ({ runId, status: "Completed", counters: { contact: { total: 3, created: 3, updated: 0, unchanged: 0, failed: 0, skipped: 0 } }, issues: [], report: undefined, complete: true, columnsCreated: [] });
  const engine: StudioEngine = {
    openExports: async () => {
      calls.opened++;
      return exportsSet;
    },
    migrate: async () => {
      throw new Error("the screens start runs through startRun");
    },
    runsInWorker: true,
    startRun: (_client, picked, input, events) => {
      calls.migrate.push(input);
      calls.files.push(picked);
      const runId = input.runId ?? "sample-run";
      events.onRunStarted(runId);
      events.onProgress([{ object: "patient", table: "contact", total: 3, done: 3, created: 3, updated: 0, unchanged: 0, failed: 0, rowsPerSecond: 10, throttled: false, chunkSize: 100, state: "done" }]);
      return { result: Promise.resolve(result(runId)), pause: () => undefined, resume: () => undefined, cancel: () => undefined };
    },
    rollback: async (runId) => {
      calls.rollback.push(runId);
      return { runId, complete: true, deleted: 3, restored: 0, kept: [], failures: [], remaining: [], childRuns: [] } satisfies RollbackResult;
    },
    planRollback: async () => ({ runId: "", status: "", tables: [], childRuns: [] }),
    preflight: async () => { throw new Error("not used"); },
    reconcile: async () => { throw new Error("not used"); },
    auditCsv: async () => "",
  };
  return { engine, calls };
}

function mount(step: "sample" | "full", status: RunRecord["status"], options: { worker?: boolean } = {}) {
  const recorded = recordingEngine();
  const calls = recorded.calls;
  const engine: StudioEngine = { ...recorded.engine, runsInWorker: options.worker ?? true };
  const services = createStudioServicesWith(new FakeDataverseClient(), createInspector("", async () => () => Promise.reject(new Error("unused"))), engine);
  const run: RunRecord = { id: "run-1", name: "Spring", mode: "full", status, map, counters: {} };
  const onRunChanged = jest.fn(async () => undefined);
  const view = render(<RunSteps step={step} strings={s} runId="run-1" run={run} files={files} services={services} onRunChanged={onRunChanged} onStep={jest.fn()} />);
  return { calls, onRunChanged, view, services, run };
}

describe("RunSteps", () => {
  it("resumes the form's own run when it was left Cancelled (the ledger tells the engine what is done)", async () => {
    const { calls, onRunChanged } = mount("full", "Cancelled");
    fireEvent.click(screen.getByRole("button", { name: "Resume the run" }));
    await screen.findByText("Run finished: Completed");
    expect(calls.migrate).toHaveLength(1);
    expect(calls.migrate[0]).toMatchObject({ runId: "run-1", mode: "full", map });
    expect(onRunChanged).toHaveBeenCalled();
  });

  it("runs a sample as its own run and rolls back that run, not the form's", async () => {
    const { calls } = mount("sample", "Map confirmed");
    fireEvent.change(screen.getByLabelText("Patients in the sample"), { target: { value: "7" } });
    fireEvent.blur(screen.getByLabelText("Patients in the sample"));
    fireEvent.click(screen.getByRole("button", { name: "Run the sample" }));
    await screen.findByText("Sample run: Completed");
    expect(calls.migrate[0]).toMatchObject({ mode: "sample", sampleSize: 7 });
    expect(calls.migrate[0].runId).toBeUndefined();
    fireEvent.click(screen.getByRole("button", { name: "Roll the sample back" }));
    await screen.findByText("Sample rolled back");
    expect(calls.rollback).toEqual(["sample-run"]);
  });

  it("hands every run the files the admin picked (the run worker reads them itself)", async () => {
    const { calls, view, services, run } = mount("sample", "Map confirmed");
    fireEvent.click(screen.getByRole("button", { name: "Run the sample" }));
    await screen.findByText("Sample run: Completed");
    view.rerender(<RunSteps step="full" strings={s} runId="run-1" run={run} files={files} services={services} onRunChanged={async () => undefined} onStep={jest.fn()} />);
    fireEvent.click(screen.getByRole("button", { name: "Start the full run" }));
    await waitFor(() => expect(calls.migrate).toHaveLength(2));
    expect(calls.files).toEqual([files, files]);
    expect(calls.files[1]).toBe(files);
  });

  it("says when the run shares the page's thread (no worker), and not when it runs in the worker", async () => {
    const onPage = mount("full", "Map confirmed", { worker: false });
    expect(screen.getByRole("note").textContent).toMatch(/could not start a background worker/);
    onPage.view.unmount();
    mount("sample", "Map confirmed", { worker: true });
    screen.getByRole("button", { name: "Run the sample" });
    expect(screen.queryByRole("note")).toBeNull();
  });
});
