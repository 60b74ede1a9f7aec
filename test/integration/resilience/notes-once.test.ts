/**
 * Each clinical note once, whatever stops a run between a note's create and its ledger row. Notes carry no
 * alternate key, so they are found again by the id derived from the org and the source key
 * (migration/load/record-ids.ts). Each case stops a run at a forced moment (not a random one), then finishes
 * the migration as an admin would (a resume, or a new run), and compares the org with a clean run's.
 */
import type { ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import type { RunningEmulator } from "../../../emulator";
import {
  announcedRunId, canonical, differences, dump, emulatorFor, fallbackOwner, generatedSet, migratedNotes, primaryIdsOf, RESILIENCE_MAX_CHUNK, runDxm, size,
} from "../../resilience/harness";

/** Ledger rows of the migrated notes, of any run. */
const ledgeredNotes = (emulator: RunningEmulator): number =>
  Number(emulator.emulator.store.all(`SELECT COALESCE(SUM("dxm_recordcount"), 0) AS n FROM "dxm_migrationbatch" WHERE "dxm_table" = 'annotation'`, [])[0].n);

/** Whether the run's own note (its rebuild reference, written before any data) is in the org. */
const runNoteWritten = (emulator: RunningEmulator): boolean =>
  Number(emulator.emulator.store.all(`SELECT COUNT(*) AS n FROM "annotation" WHERE "objecttypecode" = 'dxm_migrationrun'`, [])[0].n) > 0;

/**
 * Faults on note writes, switched on once the run's own note is in (so they meet the migrated notes, written
 * stages later), and handed the moment the first migrated notes are in the org.
 */
function onNoteWrites(org: RunningEmulator, spec: string, onNotesLanded: () => void): () => void {
  let armed = false;
  let landed = false;
  return () => {
    if (!armed && runNoteWritten(org)) {
      armed = true;
      org.emulator.setFaults(spec);
    }
    if (armed && !landed && migratedNotes(org) > 0) {
      landed = true;
      onNotesLanded();
    }
  };
}

describe("each note once when a run stops between a note's create and its ledger row", () => {
  let dir: string;
  let users: Awaited<ReturnType<typeof generatedSet>>["users"];
  let expected: Record<string, string[]>;
  let ids: Record<string, string>;
  const args = (url: string) => ["migrate", dir, "--target", url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", fallbackOwner(users), "--max-chunk", String(RESILIENCE_MAX_CHUNK)];
  const emulators: RunningEmulator[] = [];
  const fresh = async (options: Parameters<typeof emulatorFor>[1] = {}) => {
    const emulator = await emulatorFor(users, options);
    emulators.push(emulator);
    return emulator;
  };

  beforeAll(async () => {
    ({ dir, users } = await generatedSet(size.patients, 41));
    const clean = await fresh();
    const reference = await runDxm(args(clean.url));
    expect({ code: reference.code, stderr: reference.code === 0 ? "" : reference.stderr }).toEqual({ code: 0, stderr: "" });
    ids = primaryIdsOf(clean);
    expected = canonical(await dump(clean), ids);
    expect(expected.annotation.length).toBeGreaterThan(RESILIENCE_MAX_CHUNK);
  }, size.timeoutMs);

  afterAll(async () => {
    for (const e of emulators) await e.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("killed while its notes are committed and their answers not yet back: the resumed run holds each note once", async () => {
    // `stall`: every request writing notes runs and commits, then gets no answer: the process is killed
    // with notes in the org that no ledger row lists.
    const org = await fresh();
    let runId: string | undefined;
    let atKill: { notes: number; ledgered: number } | undefined;
    let child: ChildProcess | undefined;
    const watch = onNoteWrites(org, "stall:1@annotation/write", () => {
      atKill = { notes: migratedNotes(org), ledgered: ledgeredNotes(org) };
      child!.kill("SIGKILL");
    });
    const killed = await runDxm(args(org.url), (running, stderr) => {
      child = running;
      runId ??= announcedRunId(stderr);
      watch();
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(atKill!.notes).toBeGreaterThan(0);
    expect(atKill!.ledgered).toBe(0);
    org.emulator.setFaults(undefined);
    const resumed = await runDxm([...args(org.url), "--resume", runId!]);
    expect({ code: resumed.code, stderr: resumed.code === 0 ? "" : resumed.stderr }).toEqual({ code: 0, stderr: "" });
    expect(differences(canonical(await dump(org), ids), expected)).toEqual([]);
  }, size.timeoutMs);

  it("Ctrl-C while a write of notes hangs: the run stops on its own (one Ctrl-C), and the resume holds each note once", async () => {
    // The stalled request never answers: the run stops as cancelled (exit 130) only if the chunk in flight is
    // abandoned after the grace a Ctrl-C gives it; waiting for it, the client would give up minutes later, as failed.
    const org = await fresh();
    let runId: string | undefined;
    let child: ChildProcess | undefined;
    const watch = onNoteWrites(org, "stall:1@annotation/write", () => child!.kill("SIGINT"));
    const stopped = await runDxm(args(org.url), (running, stderr) => {
      child = running;
      runId ??= announcedRunId(stderr);
      watch();
    });
    expect({ code: stopped.code, signal: stopped.signal }).toEqual({ code: 130, signal: null });
    expect(stopped.stderr).toContain(`--resume ${runId}`);
    org.emulator.setFaults(undefined);
    const resumed = await runDxm(["migrate", dir, "--target", org.url, "--resume", runId!]);
    expect({ code: resumed.code, stderr: resumed.code === 0 ? "" : resumed.stderr }).toEqual({ code: 0, stderr: "" });
    expect(differences(canonical(await dump(org), ids), expected)).toEqual([]);
  }, size.timeoutMs);

  it("answers to note creates lost (the connection dropped after the commit): each note once, in one run", async () => {
    // The first write of notes commits and loses its answer; then the faults stop, so the retry (a create of ids
    // that exist) meets notes the client never heard of.
    const org = await fresh();
    const run = await runDxm(args(org.url), onNoteWrites(org, "drop:1@annotation/write", () => org.emulator.setFaults(undefined)));
    expect({ code: run.code, stderr: run.code === 0 ? "" : run.stderr }).toEqual({ code: 0, stderr: "" });
    expect(org.stats().faults).toBeGreaterThan(0);
    expect(differences(canonical(await dump(org), ids), expected)).toEqual([]);
  }, size.timeoutMs);

  for (const fault of ["502html", "401"] as const) {
    it(`stopped by ${fault === "401" ? "a 401" : "a gateway's 502 HTML page"} once notes are landing, then started again as a new run: each note once, and words instead of the page`, async () => {
      const org = await fresh();
      let switched = false;
      const stopped = await runDxm(args(org.url), () => {
        if (!switched && migratedNotes(org) > 0) {
          switched = true;
          org.emulator.setFaults(`${fault}:1`);
        }
      }, 2);
      expect(switched).toBe(true);
      expect(stopped.code).not.toBe(0);
      expect(stopped.stderr).not.toMatch(/<!DOCTYPE|<html|Server Error/i);
      expect(stopped.stderr).toMatch(fault === "401" ? /The org did not accept the sign-in \(HTTP 401/ : /A gateway in front of the org answered instead of Dataverse \(HTTP 502/);
      org.emulator.setFaults(undefined);
      const again = await runDxm(args(org.url));
      expect({ code: again.code, stderr: again.code === 0 ? "" : again.stderr }).toEqual({ code: 0, stderr: "" });
      expect(differences(canonical(await dump(org), ids), expected)).toEqual([]);
    }, size.timeoutMs);
  }
});
