/**
 * Reconcile accounts for everything: every source row planned or skipped with its reason, every planned
 * record landed, unchanged or failed, and notes (no stamp, no key) counted in the target by the patients
 * they regard, so a note duplicated or lost behind the run's back is a mismatch and a non-zero exit.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RunningEmulator } from "../../../emulator";
import type { Entity } from "../../../dataverse/types";
import { migrate } from "../../../migration/run/migrate";
import { readLedger } from "../../../migration/ledger/codec";
import { reconcile } from "../../../migration/reconcile";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(180_000);
const DXM = join(__dirname, "../../../bin/dxm.cjs");

async function dxm(args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await promisify(execFile)(process.execPath, [DXM, ...args], { env: { ...process.env, FORCE_COLOR: "0" } });
    return { code: 0, stdout };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, stdout: e.stdout };
  }
}

const full = (exports: Exports) => ({ exports: exports.set, map: exports.map, mode: "full" as const, fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true });

describe("reconcile sees every row and every note", () => {
  let emu: RunningEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("a note duplicated, then one lost, behind the run's back is a mismatch naming annotation, and dxm reconcile exits non-zero", async () => {
    const clean = await exportsOf(12);
    try {
      emu = await emulator({ bulk: true });
      const client = await clientFor(emu);
      const run = await migrate(full(clean), client);
      const before = await reconcile(run.runId, clean.set, client);
      const notesLine = () => before.tables.find((t) => t.table === "annotation")!;
      expect(before.ok).toBe(true);
      expect(notesLine().notes).toEqual({ inTarget: run.counters.annotation.created, expected: run.counters.annotation.created, extra: 0, missing: 0 });
      expect(notesLine().notes!.inTarget).toBeGreaterThan(0);

      // A second copy of a migrated note, on the same patient, as a stray re-import would leave it.
      const [noteId] = (await readLedger(client, run.runId)).find((b) => b.table === "annotation")!.records[0];
      const note = (await client.retrieve("annotations", noteId, { select: ["subject", "notetext", "_objectid_value"] })) as Entity;
      const copy = await client.create("annotations", { subject: note.subject, notetext: note.notetext, objecttypecode: "contact", "objectid_contact@odata.bind": `/contacts(${String(note._objectid_value)})` });
      const duplicated = await reconcile(run.runId, clean.set, client);
      expect(duplicated.ok).toBe(false);
      expect(duplicated.tables.filter((t) => !t.matches).map((t) => [t.table, t.notes])).toEqual([["annotation", expect.objectContaining({ extra: 1, missing: 0 })]]);
      const printed = await dxm(["reconcile", clean.dir, "--run", run.runId, "--target", emu.url]);
      expect(printed.code).not.toBe(0);
      expect(printed.stdout).toMatch(/DIFFERENCES FOUND/);
      expect(printed.stdout).toMatch(/^ {2}annotation .*extra 1.* MISMATCH$/m);

      // The copy removed and a migrated note deleted: one missing.
      await client.delete("annotations", copy);
      await client.delete("annotations", noteId);
      const lost = await reconcile(run.runId, clean.set, client);
      expect(lost.ok).toBe(false);
      expect(lost.tables.filter((t) => !t.matches).map((t) => [t.table, t.notes])).toEqual([["annotation", expect.objectContaining({ extra: 0, missing: 1 })]]);
    } finally {
      clean.cleanup();
    }
  });

  it("on the dirty set, every source row is planned or skipped with its reason and every planned record landed, unchanged or failed", async () => {
    const dirty = await exportsOf(30, 0.05);
    try {
      emu = await emulator({ bulk: true });
      const client = await clientFor(emu);
      const run = await migrate(full(dirty), client);
      expect(run.status).toBe("Completed with errors");
      const report = await reconcile(run.runId, dirty.set, client);
      expect(report.objects.filter((o) => !o.matches)).toEqual([]);
      expect(report.tables.filter((t) => !t.matches)).toEqual([]);
      expect(report.ok).toBe(true);
      const migrated = report.objects.filter((o) => o.object !== "definition" && o.object !== "provider");
      for (const o of migrated) {
        expect([o.object, o.rowsPlanned + o.skipped]).toEqual([o.object, o.sourceRows]);
        expect([o.object, Object.values(o.reasons).reduce((n, r) => n + r, 0)]).toEqual([o.object, o.skipped]);
      }
      // The dirty set leaves rows out, some because a row they depend on is errored: each is named with its reason.
      const procedures = report.objects.find((o) => o.object === "procedure")!;
      expect(procedures.skipped).toBeGreaterThan(0);
      expect(Object.keys(procedures.reasons)).toContain("depends-on-errored-row");
      for (const t of report.tables) {
        expect([t.table, t.landed + t.unchanged + t.failed, t.missingCount]).toEqual([t.table, t.planned, 0]);
        const c = t.counters;
        expect([t.table, c.created + c.updated + c.unchanged + c.failed]).toEqual([t.table, c.total]);
      }
      const notes = report.tables.find((t) => t.table === "annotation")!;
      expect(notes.notes).toEqual({ inTarget: notes.planned - notes.failed, expected: notes.planned - notes.failed, extra: 0, missing: 0 });
    } finally {
      dirty.cleanup();
    }
  });

  it("a sample run's rows outside the sample are accounted for as such", async () => {
    const clean = await exportsOf(20);
    try {
      emu = await emulator({ bulk: true });
      const client = await clientFor(emu);
      const run = await migrate({ ...full(clean), mode: "sample", sampleSize: 5 }, client);
      const report = await reconcile(run.runId, clean.set, client);
      expect(report.objects.filter((o) => !o.matches)).toEqual([]);
      expect(report.ok).toBe(true);
      const patients = report.objects.find((o) => o.object === "patient")!;
      // The five chosen, and the policy holders and guarantors they bring with them (a closed sample).
      expect(patients.rowsPlanned).toBeGreaterThanOrEqual(5);
      expect(patients.rowsPlanned).toBeLessThan(patients.sourceRows);
      expect(patients.reasons).toEqual({ "outside-sample": patients.sourceRows - patients.rowsPlanned });
    } finally {
      clean.cleanup();
    }
  });
});
