/** @jest-environment jsdom */
import "./jsdom-globals";
import * as React from "react";
import { fireEvent, render, screen, within } from "@testing-library/react";
import { strFromU8, unzipSync } from "fflate";
import Papa from "papaparse";
import { downloadCsvZip } from "../../../pcf-controls/MigrationStudio/components/common/csv";
import type { RunRecord } from "../../../migration/ledger/run-record";
import type { TableProgress } from "../../../migration/load/types";
import type { ReconcileReport } from "../../../migration/reconcile/types";
import { readStrings } from "../../../pcf-controls/MigrationStudio/strings/keys";
import { FullRunScreen } from "../../../pcf-controls/MigrationStudio/components/run/FullRunScreen";
import { mergeProgress, waitingRows, type MigrationRunState } from "../../../pcf-controls/MigrationStudio/components/run/useMigrationRun";
import { summarizeRun } from "../../../pcf-controls/MigrationStudio/components/run/run-summary";
import type { PlannedTable } from "../../../migration/run/types";
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
  it("shows the whole run at a glance once planned: records of the plan's total, elapsed, what loads now, tables in load order", () => {
    const planned: PlannedTable[] = [
      { object: "practice", table: "account", total: 5 },
      { object: "patient", table: "contact", total: 600 },
      { object: "insurance", table: "contact", total: 40 },
      { object: "procedure", table: "dxm_treatmenthistory", total: 900 },
    ];
    const waiting = mergeProgress(waitingRows(planned), []);
    expect(waiting.map((t) => `${t.table}:${t.total}:${t.state}`)).toEqual(["account:5:waiting", "contact:600:waiting", "contact:40:waiting", "dxm_treatmenthistory:900:waiting"]);
    const tables = mergeProgress(waiting, [progress("account", 5, 5, { object: "practice", state: "done" }), progress("contact", 200, 600, { rowsPerSecond: 100 })]);
    const state: MigrationRunState = { phase: "running", runId: "run-1", tables, plannedTotal: 1545, startedAt: Date.now() - 65_000, issues: [] };
    render(<FullRunScreen strings={s} run={run("Running")} state={state} issueCount={0} {...handlers()} />);
    expect(screen.getByRole("progressbar", { name: "Whole run: 205 of 1,545 records" })).toBeTruthy();
    expect(screen.getByText(/Whole run: 205 of 1,545 records · 1 min 0\d s elapsed · loading now: contact$/)).toBeTruthy();
    // The rate of the tables loading now, and the time left for the whole run at it: 1,340 records at 100/s.
    expect(screen.getByRole("status").textContent).toBe("100 rows/s · about 13 s left");
    const rows = within(screen.getByRole("table", { name: "Full run progress per table" })).getAllByRole("row").slice(1);
    expect(rows.map((r) => r.textContent?.match(/^(account|contact|dxm_treatmenthistory)/)?.[1])).toEqual(["account", "contact", "contact", "dxm_treatmenthistory"]);
    expect(within(rows[3]).getByText("Waiting")).toBeTruthy();
  });

  it("sums a run's progress without a plan's total from the tables it has seen", () => {
    expect(summarizeRun([progress("contact", 10, 20, { rowsPerSecond: 5 }), progress("task", 4, 4, { state: "done", rowsPerSecond: 9 })], undefined))
      .toEqual({ done: 14, total: 24, rate: 5, secondsLeft: 2, loading: ["contact"], throttled: false });
  });

  it("offers to resume a run the form finds stopped (browser closed mid-run)", () => {
    const h = handlers();
    const state: MigrationRunState = { phase: "idle", tables: [], issues: [] };
    render(<FullRunScreen strings={s} run={run("Paused")} state={state} issueCount={0} {...h} />);
    expect(screen.getByText("This run stopped while Paused")).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Resume the run" }));
    expect(h.onStart).toHaveBeenCalledTimes(1);
  });

  it("offers to resume a run cancelled on this screen once the form has read its status", () => {
    const h = handlers();
    const state: MigrationRunState = { phase: "cancelled", tables: [progress("contact", 200, 600, { state: "cancelled" })], issues: [] };
    const view = render(<FullRunScreen strings={s} run={run("Map confirmed")} state={state} issueCount={0} {...h} />);
    expect(screen.getByRole("button", { name: "Start the full run" })).toBeTruthy();
    view.rerender(<FullRunScreen strings={s} run={run("Cancelled")} state={state} issueCount={0} {...h} />);
    expect(screen.getByText(/^The run was cancelled\./)).toBeTruthy();
    expect(screen.queryByText(/This run stopped while/)).toBeNull();
    fireEvent.click(screen.getByRole("button", { name: "Resume the run" }));
    expect(h.onStart).toHaveBeenCalledTimes(1);
    screen.getByText("Continues from the ledger: records already written are skipped.");
  });

  it("says the run is still planning until its first table reports, and can be paused meanwhile", () => {
    const h = handlers();
    const reading: MigrationRunState = { phase: "reading", tables: [], issues: [] };
    const view = render(<FullRunScreen strings={s} run={run("Map confirmed")} state={reading} issueCount={0} {...h} />);
    expect(screen.getByRole("status").textContent).toBe("Reading the exports and planning…");
    expect((screen.getByRole("button", { name: "Pause" }) as HTMLButtonElement).disabled).toBe(true);
    // The worker has opened the run and is planning: Pause works, the status still says what it does.
    view.rerender(<FullRunScreen strings={s} run={run("Map confirmed")} state={{ ...reading, phase: "running", runId: "run-1" }} issueCount={0} {...h} />);
    expect(screen.getByRole("status").textContent).toBe("Reading the exports and planning…");
    fireEvent.click(screen.getByRole("button", { name: "Pause" }));
    expect(h.onPause).toHaveBeenCalledTimes(1);
    view.rerender(<FullRunScreen strings={s} run={run("Map confirmed")} state={{ ...reading, phase: "paused", runId: "run-1" }} issueCount={0} {...h} />);
    expect(screen.getByRole("status").textContent).toBe("Paused after the last chunk.");
    view.rerender(<FullRunScreen strings={s} run={run("Running")} state={{ phase: "running", runId: "run-1", tables: [progress("account", 0, 6)], issues: [] }} issueCount={0} {...h} />);
    expect(screen.getByRole("status").textContent).toMatch(/rows\/s · about/);
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

  it("offers the failed rows to fix only when some rows failed, and hands them over as a zip of one CSV per export file", async () => {
    const { rerender } = render(<ReconcileScreen strings={s} report={report} busy={false} onReconcile={jest.fn()} sampled={false} onSampled={jest.fn()} onDownloadAudit={jest.fn()} errorCount={0} />);
    expect(screen.queryByRole("button", { name: s.Rec_DownloadFailedRows })).toBeNull();
    const onDownloadFailedRows = jest.fn();
    rerender(<ReconcileScreen strings={s} report={report} busy={false} onReconcile={jest.fn()} sampled={false} onSampled={jest.fn()} onDownloadAudit={jest.fn()} errorCount={2} onDownloadFailedRows={onDownloadFailedRows} />);
    fireEvent.click(screen.getByRole("button", { name: s.Rec_DownloadFailedRows }));
    expect(onDownloadFailedRows).toHaveBeenCalledTimes(1);

    // The zip itself: each export file's failed rows under the export file's own name, BOM first.
    const blobs: Blob[] = [];
    const url = URL as unknown as { createObjectURL(b: Blob): string; revokeObjectURL(u: string): void };
    const saved = { create: url.createObjectURL, revoke: url.revokeObjectURL };
    url.createObjectURL = (b: Blob) => (blobs.push(b), "blob:failed-rows");
    const revoked = new Promise<string>((resolve) => (url.revokeObjectURL = resolve));
    try {
      downloadCsvZip("run-1-failed-rows.zip", [{ file: "patients.csv", csv: "\"Patient ID\"\r\n\"7\"\r\n" }, { file: "claims.csv", csv: "\"Claim ID\"\r\n" }]);
      // The object URL is given back once the download has started.
      expect(await revoked).toBe("blob:failed-rows");
    } finally {
      url.createObjectURL = saved.create;
      url.revokeObjectURL = saved.revoke;
    }
    expect(blobs).toHaveLength(1);
    const bytes = await new Promise<ArrayBuffer>((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result as ArrayBuffer);
      reader.onerror = () => reject(reader.error);
      reader.readAsArrayBuffer(blobs[0]);
    });
    const entries = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(entries).sort()).toEqual(["claims.csv", "patients.csv"]);
    expect([...entries["patients.csv"].slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(strFromU8(entries["patients.csv"].slice(3))).toBe("\"Patient ID\"\r\n\"7\"\r\n");
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

  it("offers skipping the org's custom plug-ins and flows only to a user who may", () => {
    const onBypass = jest.fn();
    const may = { ...result, unchecked: [], preflight: { ...result.preflight, mayBypassCustomLogic: true } };
    const { unmount } = render(<PreflightScreen strings={s} result={may} busy={false} onCheck={jest.fn()} onFallbackOwner={jest.fn()} skipErroredRows={false} onSkipErroredRows={jest.fn()} bypassCustomLogic={false} onBypassCustomLogic={onBypass} onDownloadRows={jest.fn()} />);
    fireEvent.click(screen.getByRole("checkbox", { name: /Skip the org's custom plug-ins and flows while writing/ }));
    expect(onBypass).toHaveBeenCalledWith(true);
    unmount();
    const mayNot = { ...may, preflight: { ...may.preflight, mayBypassCustomLogic: false } };
    render(<PreflightScreen strings={s} result={mayNot} busy={false} onCheck={jest.fn()} onFallbackOwner={jest.fn()} skipErroredRows={false} onSkipErroredRows={jest.fn()} bypassCustomLogic={true} onBypassCustomLogic={onBypass} onDownloadRows={jest.fn()} />);
    expect(screen.queryByRole("checkbox", { name: /Skip the org's custom plug-ins/ })).toBeNull();
    expect(screen.getByText(/skipping them needs prvBypassCustomBusinessLogic/)).toBeTruthy();
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
