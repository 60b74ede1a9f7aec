/**
 * Full verification reads every record of a run back and compares every field with what the source says.
 * After a clean run it finds nothing; changed behind the engine's back, it finds exactly what was changed:
 * one field of one record (table, source key, column, expected, found), a deleted record (missing), a record
 * stamped with the run that the source does not have (extra). `dxm reconcile --full` prints counts only and
 * writes the values to its report file.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Papa from "papaparse";
import type { RunningEmulator } from "../../../emulator";
import type { Entity } from "../../../dataverse/types";
import { runBind } from "../../../migration/ledger/codec";
import { migrate } from "../../../migration/run/migrate";
import { reconcile, verifyRun } from "../../../migration/reconcile";
import type { FieldDifference } from "../../../migration/reconcile/types";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "./harness";
import { dxm } from "./dxm-cli";

jest.setTimeout(240_000);

const full = (exports: Exports) => ({ exports: exports.set, map: exports.map, mode: "full" as const, fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true });

describe("full verification: every record, every field", () => {
  let emu: RunningEmulator | undefined;
  let exports: Exports | undefined;
  let reports: string | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
    exports?.cleanup();
    exports = undefined;
    if (reports) rmSync(reports, { recursive: true, force: true });
    reports = undefined;
  });

  it("reports nothing after a clean run, then exactly one changed field, one deleted record and one extra record", async () => {
    exports = await exportsOf(12);
    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const run = await migrate(full(exports), client);
    expect(run.complete).toBe(true);

    const clean = await verifyRun(run.runId, exports.set, client);
    expect(clean.differences).toEqual([]);
    expect(clean.ok).toBe(true);
    // Every table the run wrote was read back, every record the run counts as written compared.
    for (const [table, c] of Object.entries(run.counters)) {
      if (c.total === 0) continue;
      const line = clean.tables.find((t) => t.table === table);
      expect([table, line?.records]).toEqual([table, expect.any(Number)]);
      expect([table, line!.fields > line!.records]).toEqual([table, true]);
    }
    const procedures = clean.tables.find((t) => t.table === "dxm_treatmenthistory")!;
    expect(procedures.records).toBe(run.counters.dxm_treatmenthistory.created);

    // One field of one migrated record changed behind the engine's back.
    const [procedure] = (await client.retrieveMultiple<Entity>("dxm_treatmenthistories", {
      select: ["dxm_treatmenthistoryid", "dxm_sourcekey", "dxm_fee"], filter: `dxm_fee gt 0 and _dxm_migrationrunid_value eq ${run.runId}`, top: 1,
    })).value;
    const fee = Number(procedure.dxm_fee);
    // A value no run id, count or path printed could hold by chance, so the terminal can be searched for it.
    const tampered = 98765.43;
    await client.update("dxm_treatmenthistories", String(procedure.dxm_treatmenthistoryid), { dxm_fee: tampered });
    const changed = await verifyRun(run.runId, exports.set, client);
    expect(changed.ok).toBe(false);
    expect(changed.differences).toEqual<FieldDifference[]>([{
      table: "dxm_treatmenthistory", sourceKey: String(procedure.dxm_sourcekey), id: String(procedure.dxm_treatmenthistoryid),
      column: "dxm_fee", kind: "different", expected: fee, found: tampered,
    }]);
    expect(changed.tables.find((t) => t.table === "dxm_treatmenthistory")).toMatchObject({ differences: 1, missing: 0, extra: 0 });
    expect(changed.tables.filter((t) => t.table !== "dxm_treatmenthistory").every((t) => t.differences + t.missing + t.extra === 0)).toBe(true);

    // The command line: counts on the terminal, the values in the report file only.
    reports = mkdtempSync(join(tmpdir(), "dxm-verify-"));
    const file = join(reports, "verification.csv");
    const printed = await dxm(["reconcile", exports.dir, "--run", run.runId, "--target", emu.url, "--full", "--report", file]);
    expect(printed.code).toBe(1);
    expect(printed.stdout).toMatch(/^ {2}dxm_treatmenthistory +records \d+ +fields \d+ +differences 1 +missing 0 +extra 0 +MISMATCH$/m);
    expect(printed.stdout).not.toContain(String(tampered));
    const lines = Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data;
    expect(lines.filter((l) => l.section === "difference")).toEqual([expect.objectContaining({
      table: "dxm_treatmenthistory", "source key": String(procedure.dxm_sourcekey), column: "dxm_fee", kind: "different", expected: String(fee), found: String(tampered),
    })]);
    expect(lines.find((l) => l.section === "table" && l.table === "dxm_treatmenthistory")).toMatchObject({ records: String(procedures.records), differences: "1" });

    // Put back, then one record deleted: reported missing, and nothing else.
    await client.update("dxm_treatmenthistories", String(procedure.dxm_treatmenthistoryid), { dxm_fee: fee });
    expect((await verifyRun(run.runId, exports.set, client)).ok).toBe(true);
    const [appointment] = (await client.retrieveMultiple<Entity>("dxm_appointments", {
      select: ["dxm_appointmentid", "dxm_sourcekey"], filter: `_dxm_migrationrunid_value eq ${run.runId}`, top: 1,
    })).value;
    await client.delete("dxm_appointments", String(appointment.dxm_appointmentid));
    const deleted = await verifyRun(run.runId, exports.set, client);
    expect(deleted.differences).toEqual([{ table: "dxm_appointment", sourceKey: String(appointment.dxm_sourcekey), column: "*", kind: "missing" }]);
    expect(deleted.tables.find((t) => t.table === "dxm_appointment")).toMatchObject({ missing: 1, records: clean.tables.find((t) => t.table === "dxm_appointment")!.records });

    // A policy the source does not have, stamped with the run: reported extra, beside the missing appointment
    // (tables in the plan's order: policies before appointments).
    const stray = await client.create("dxm_insurancepolicies", {
      dxm_name: "Stray policy", dxm_carrier: "Nobody Mutual", dxm_sourcekey: "policy:0000000000000000", "dxm_migrationrunid@odata.bind": runBind(run.runId),
    });
    const extra = await verifyRun(run.runId, exports.set, client);
    expect(extra.differences).toEqual([
      { table: "dxm_insurancepolicy", sourceKey: "policy:0000000000000000", id: stray, column: "*", kind: "extra" },
      { table: "dxm_appointment", sourceKey: String(appointment.dxm_sourcekey), column: "*", kind: "missing" },
    ]);
    expect(extra.differenceCount).toBe(2);

    // Reconcile with the full field diff carries the same verification and is not ok.
    const reconciled = await reconcile(run.runId, exports.set, client, { fieldDiff: "full" });
    expect(reconciled.sample.records).toBe(0);
    expect(reconciled.verification?.differences.map((d) => [d.table, d.kind])).toEqual([["dxm_insurancepolicy", "extra"], ["dxm_appointment", "missing"]]);
    expect(reconciled.ok).toBe(false);
  });

  it("dxm migrate verifies a full run by default: counts on the terminal, the report in its file; --sampled reconciles a sample instead", async () => {
    exports = await exportsOf(8);
    emu = await emulator({ bulk: true });
    reports = mkdtempSync(join(tmpdir(), "dxm-verify-"));
    const file = join(reports, "after-run.csv");
    const common = ["--target", emu.url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", FALLBACK_OWNER, "--skip-errored"];
    const migrated = await dxm(["migrate", exports.dir, ...common, "--report", file]);
    expect(migrated.code).toBe(0);
    const runId = migrated.stdout.trim();
    expect(migrated.stderr).toContain(`run ${runId}: full verification, `);
    expect(migrated.stderr).toMatch(/every field as the source says/);
    expect(migrated.stderr).toMatch(/^ {2}dxm_treatmenthistory +records [1-9]\d* +fields \d+ +differences 0 +missing 0 +extra 0 +ok$/m);
    const lines = Papa.parse<Record<string, string>>(readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data;
    expect(lines.filter((l) => l.section === "difference")).toEqual([]);
    expect(lines.filter((l) => l.section === "table").map((l) => l.table)).toContain("contact");

    // A second full run of the same exports (everything unchanged) with the sampled reconciliation instead.
    const sampled = await dxm(["migrate", exports.dir, ...common, "--sampled"]);
    expect(sampled.code).toBe(0);
    expect(sampled.stderr).toMatch(/reconciled \(sampled field diff: \d+ records, 0 differing fields\): ok/);
    expect(sampled.stderr).not.toContain("full verification");
  });
});
