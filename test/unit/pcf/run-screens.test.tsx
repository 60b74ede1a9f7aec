/** @jest-environment jsdom */
import "./jsdom-globals";
import * as React from "react";
import { fireEvent, render, screen, within } from "@testing-library/react";
import Papa from "papaparse";
import type { RunRecord } from "../../../migration/ledger/run-record";
import type { TableProgress } from "../../../migration/load/types";
import type { ReconcileReport } from "../../../migration/reconcile/types";
import { readStrings } from "../../../pcf-controls/MigrationStudio/strings/keys";
import { FullRunScreen } from "../../../pcf-controls/MigrationStudio/components/run/FullRunScreen";
import type { MigrationRunState } from "../../../pcf-controls/MigrationStudio/components/run/useMigrationRun";
import { ReconcileScreen } from "../../../pcf-controls/MigrationStudio/components/reconcile/ReconcileScreen";
import { SampleRunScreen } from "../../../pcf-controls/MigrationStudio/components/sample/SampleRunScreen";
import { PreflightScreen } from "../../../pcf-controls/MigrationStudio/components/preflight/PreflightScreen";
import { rowsConcernedCsv } from "../../../pcf-controls/MigrationStudio/components/preflight/rows-concerned";
import type { ExportRows } from "../../../migration/plan/types";
import type { PreflightResult } from "../../../pcf-controls/MigrationStudio/components/preflight/PreflightScreen";
import { issuesToCsv } from "../../../pcf-controls/MigrationStudio/components/run/issues-csv";
import { resxStrings } from "./pcf-context";

const s = readStrings((key) => resxStrings()[key]);
const run = (status: RunRecord["status"]): RunRecord => ({ id: "run-1", name: "Spring", mode: "full", status, counters: {} });
const progress = (table: string, done: number, total: number, extra: Partial<TableProgress> = {}): TableProgress => ({
  object: "patient", table, total, done, created: done, updated: 0, unchanged: 0, failed: 0, rowsPerSecond: 50, etaSeconds: (total - done) / 50, throttled: false, chunkSize: 100, state: "running", ...extra,
});
const handlers = () => ({ onStart: jest.fn(), onPause: jest.fn(), onResume: jest.fn(), onCancel: jest.fn(), onReconcile: jest.fn() });

describe("FullRunScreen", () => {
  it("offers to resume a run the form finds stopped (browser closed mid-run)", () => {
    const h = handlers();
    const state: MigrationRunState = { phase: "idle", tables: [], issues: [] };
    render(<FullRunScreen strings={s} run={run("Paused")} state={state} issueCount={0} {...h} />);
    expect(screen.getByText("This run stopped while Paused")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Resume the run" }));
    expect(h.onStart).toHaveBeenCalledTimes(1);
  });

  it("shows progress per table with rate, ETA and throttling, and pauses and cancels on request", async () => {
    const h = handlers();
    const state: MigrationRunState = { phase: "running", tables: [progress("account", 4, 4, { state: "done", rowsPerSecond: 0 }), progress("contact", 100, 600, { throttled: true })], issues: [] };
    render(<FullRunScreen strings={s} run={run("Running")} state={state} issueCount={0} {...h} />);
    const grid = screen.getByRole("table", { name: "Full run progress per table" });
    const contact = within(grid).getByText("contact").closest("tr")!;
    expect(within(contact).getByText("100 of 600")).toBeTruthy();
    expect(within(contact).getByText("50 rows/s")).toBeTruthy();
    expect(within(contact).getByText("10 s")).toBeTruthy();
    expect(within(contact).getByText("Throttled")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toContain("Dataverse is throttling");
    fireEvent.click(screen.getByRole("button", { name: "Pause" }));
    expect(h.onPause).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByRole("button", { name: "Cancel" }));
    fireEvent.click(await screen.findByRole("button", { name: "Cancel the run" }));
    expect(h.onCancel).toHaveBeenCalledTimes(1);
  });
});

describe("SampleRunScreen", () => {
  it("after a sample, rolls it back or keeps it in one click", () => {
    const onRollback = jest.fn();
    const onKeep = jest.fn();
    const state: MigrationRunState = {
      phase: "done", runId: "sample-1", tables: [progress("contact", 5, 5, { state: "done" })], issues: [],
      result: { runId: "sample-1", status: "Completed", counters: { contact: { total: 5, created: 5, updated: 0, unchanged: 0, failed: 0, skipped: 0 } }, issues: [], report: undefined, complete: true, columnsCreated: [] },
    };
    render(<SampleRunScreen strings={s} state={state} issueCount={0} sampleSize={5} onSampleSize={jest.fn()} onRun={jest.fn()} decision={{ kind: "none" }} onRollback={onRollback} onKeep={onKeep} />);
    expect(screen.getByText("5 records written, 0 problems.")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Roll the sample back" }));
    fireEvent.click(screen.getByRole("button", { name: "Keep the sample" }));
    expect(onRollback).toHaveBeenCalledTimes(1);
    expect(onKeep).toHaveBeenCalledTimes(1);
  });
});

describe("ReconcileScreen", () => {
  const report: ReconcileReport = {
    runId: "run-1", generatedOn: "2026-01-01T00:00:00Z",
    objects: [{ object: "patient", sourceRows: 20, planned: 20, skipped: 0, rowsPlanned: 20, reasons: {}, unaccounted: [], matches: true }],
    tables: [
      { table: "contact", counters: { total: 20, created: 20, updated: 0, unchanged: 0, failed: 0, skipped: 0 }, ledgerCreated: 20, ledgerUpdated: 0, stampedInTarget: 20, planned: 20, landed: 20, unchanged: 0, failed: 0, missing: [], missingCount: 0, matches: true },
      { table: "dxm_billingrecord", counters: { total: 9, created: 9, updated: 0, unchanged: 0, failed: 0, skipped: 0 }, ledgerCreated: 9, ledgerUpdated: 0, stampedInTarget: 8, planned: 9, landed: 9, unchanged: 0, failed: 0, missing: [], missingCount: 0, matches: false },
    ],
    money: [{ table: "dxm_billingrecord", column: "dxm_totalfee", label: "Billing totals", planned: 1234.5, target: 1234.5, difference: 0, matches: true }],
    sample: { records: 10, fieldsCompared: 120, mismatches: [{ table: "contact", sourceKey: "patient:7", column: "birthdate", kind: "different" }] },
    ok: false,
  };

  it("shows source against target per table, in the table and the chart, with money totals and the sampled diff", () => {
    render(<ReconcileScreen strings={s} report={report} busy={false} onReconcile={jest.fn()} sampled={true} onSampled={jest.fn()} onDownloadAudit={jest.fn()} errorCount={0} />);
    expect(screen.getByText("Some counts or totals do not match.")).toBeTruthy();
    const billing = within(screen.getByRole("table", { name: "Records per table" })).getByText("dxm_billingrecord").closest("tr")!;
    expect(within(billing).getByText("Mismatch")).toBeTruthy();
    expect(screen.getByRole("img").getAttribute("aria-label")).toContain("dxm_billingrecord: 9 / 8");
    expect(within(screen.getByRole("table", { name: "Money totals" })).getAllByText("1,234.50")).toHaveLength(2);
    expect(screen.getByText("10 records re-read, 120 fields compared, 1 differences.")).toBeTruthy();
    expect(within(screen.getByRole("table", { name: "Sampled field comparison" })).getByText("patient:7")).toBeTruthy();
  });
});

describe("ReconcileScreen with full verification", () => {
  const verified: ReconcileReport = {
    runId: "run-1", generatedOn: "2026-01-01T00:00:00Z", objects: [], tables: [], money: [],
    sample: { records: 0, fieldsCompared: 0, mismatches: [] },
    verification: {
      runId: "run-1", generatedOn: "2026-01-01T00:00:00Z", records: 29, seconds: 1.5, differenceCount: 3, ok: false,
      tables: [
        { table: "contact", records: 20, fields: 400, differences: 0, missing: 0, extra: 0, failed: 0 },
        { table: "dxm_treatmenthistory", records: 9, fields: 120, differences: 1, missing: 1, extra: 1, failed: 0 },
      ],
      differences: [
        { table: "dxm_treatmenthistory", sourceKey: "procedure:55", id: "id-55", column: "dxm_fee", kind: "different", expected: 1234.5, found: 1235.5 },
        { table: "dxm_treatmenthistory", sourceKey: "procedure:56", column: "*", kind: "missing" },
        { table: "dxm_treatmenthistory", sourceKey: "procedure:99", id: "id-99", column: "*", kind: "extra" },
      ],
    },
    ok: false,
  };

  it("shows the summary per table and each difference with the value expected and found, instead of the sample", () => {
    const onDownload = jest.fn();
    render(<ReconcileScreen strings={s} report={verified} busy={false} onReconcile={jest.fn()} sampled={false} onSampled={jest.fn()} onDownloadAudit={jest.fn()} onDownloadVerification={onDownload} errorCount={0} />);
    expect(screen.getByText("Every record read back: 29 records, 520 fields compared, 3 differences, in 1.5 s.")).toBeTruthy();
    const perTable = screen.getByRole("table", { name: "Verification per table" });
    const procedures = within(perTable).getByText("dxm_treatmenthistory").closest("tr")!;
    expect(within(procedures).getAllByRole("cell").map((c) => c.textContent)).toEqual(["dxm_treatmenthistory", "9", "120", "1", "1", "1", "Mismatch"]);
    expect(within(within(perTable).getByText("contact").closest("tr")!).getByText("Match")).toBeTruthy();
    const diffs = screen.getByRole("table", { name: "Differences found" });
    expect(within(diffs).getAllByRole("row").slice(1).map((r) => within(r).getAllByRole("cell").map((c) => c.textContent))).toEqual([
      ["dxm_treatmenthistory", "procedure:55", "dxm_fee", "1234.5", "1235.5", "Value differs"],
      ["dxm_treatmenthistory", "procedure:56", "*", "", "", "Record missing"],
      ["dxm_treatmenthistory", "procedure:99", "*", "", "", "Record not in the exports"],
    ]);
    expect(screen.queryByRole("table", { name: "Sampled field comparison" })).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Download the verification report (CSV)" }));
    expect(onDownload).toHaveBeenCalledTimes(1);
  });

  it("the fast sampled comparison is the admin's choice", () => {
    const onSampled = jest.fn();
    render(<ReconcileScreen strings={s} busy={false} onReconcile={jest.fn()} sampled={false} onSampled={onSampled} onDownloadAudit={jest.fn()} errorCount={0} />);
    fireEvent.click(screen.getByRole("checkbox", { name: "Fast: compare a sample of records only" }));
    expect(onSampled).toHaveBeenCalledWith(true);
  });
});

describe("PreflightScreen", () => {
  const result: PreflightResult = {
    preflight: { items: [], customTables: { inOrg: 2, toAdd: 7, limit: 15 }, missingPrivileges: [], columnsToCreate: [], requestEstimate: { records: 100, writes: 2, reads: 9, ledger: 3, total: 14, dailyEntitlement: 40000 } },
    plan: { referringMerges: [], unmatchedProviders: [{ providerKey: "provider:9", reason: "disabled-user" }], oversizeAttachments: [], deletedSinceParent: [], drugInteractionFlags: 0 },
    issues: [{ severity: "error", code: "bad-date", file: "patients.csv", line: 4, column: "Birth Date", sourceKey: "patient:3", reason: "=not a date" }],
    providers: [{ providerKey: "provider:1", userEmail: "dana@dental.example" }, { providerKey: "provider:9", reason: "disabled-user" }],
    users: [{ id: "u1", email: "dana@dental.example" }],
    unchecked: ["privileges: Resource not found"],
  };

  it("lists provider matches, says what it could not check, and offers the errored rows", () => {
    const onSkip = jest.fn();
    const onDownload = jest.fn();
    render(<PreflightScreen strings={s} result={result} busy={false} onCheck={jest.fn()} onFallbackOwner={jest.fn()} skipErroredRows={false} onSkipErroredRows={onSkip} onDownloadRows={onDownload} />);
    expect(screen.getByText("User is disabled")).toBeTruthy();
    expect(screen.getByText("Could not be checked here: privileges: Resource not found")).toBeTruthy();
    expect(screen.queryByText("You hold every privilege the migration needs.")).toBeNull();
    expect(screen.getByText("Custom tables: 2 in the org, 7 to add, limit 15.")).toBeTruthy();
    fireEvent.click(screen.getByRole("checkbox", { name: /Leave the 1 rows with errors out/ }));
    expect(onSkip).toHaveBeenCalledWith(true);
    fireEvent.click(screen.getByRole("button", { name: "Download the 1 rows concerned (CSV)" }));
    expect(onDownload).toHaveBeenCalledTimes(1);
  });

  it("downloads the problems with the rows they concern as formula-safe CSV", async () => {
    const exportRows: ExportRows = {
      inventory: { files: [{ name: "patients.csv", size: 1, encoding: "utf-8", delimiter: ",", headers: ["Patient ID", "Birth Date"], rows: 3, object: "patient", profiles: [], problems: [], readable: true }], attachments: [], problems: [] },
      rows: async function* () {
        yield { line: 2, values: { "Patient ID": "1", "Birth Date": "01/02/1990" } };
        yield { line: 4, values: { "Patient ID": "3", "Birth Date": "=1+1" } };
      },
    };
    const rows = Papa.parse<string[]>(await rowsConcernedCsv(exportRows, result.issues)).data;
    expect(rows[0]).toEqual(["severity", "code", "file", "line", "column", "sourceKey", "reason", "Patient ID", "Birth Date"]);
    expect(rows[1]).toEqual(["error", "bad-date", "patients.csv", "4", "Birth Date", "patient:3", "'=not a date", "3", "'=1+1"]);
    expect(rows).toHaveLength(2);
    const load = Papa.parse<string[]>(issuesToCsv([{ kind: "load", table: "contact", file: "patients.csv", line: 9, sourceKey: "patient:8", step: "write", error: { status: 400, code: "0x80040203", message: "+bad", retriable: false } }])).data;
    expect(load[1]).toEqual(["load", "error", "patients.csv", "9", "patient:8", "contact", "0x80040203", "write: +bad"]);
  });
});
