/**
 * `dxm migrate` killed with SIGKILL at random points and resumed with the same run id ends where a clean
 * run ends: the two emulators' dumps are equal once ids, timestamps, versions, run stamps and the run and
 * ledger rows are set aside. Kill points are operation counts seen by the emulator, drawn from a seeded
 * generator so a failure can be replayed (the seed is in the test name).
 */
import { rm } from "node:fs/promises";
import type { RunningEmulator } from "../../../emulator";
import { announcedRunId, canonical, differences, fallbackOwner, dump, emulatorFor, generatedSet, primaryIdsOf, RESILIENCE_MAX_CHUNK, runDxm, seeded, size } from "../../resilience/harness";

const SEED = Number(process.env.DXM_KILL_SEED ?? 20261129);



describe(`dxm migrate killed at ${size.killPoints} random points and resumed (seed ${SEED})`, () => {
  let dir: string;
  let clean: RunningEmulator;
  let killed: RunningEmulator;
  let migrateArgs: (dir: string, url: string) => string[];

  beforeAll(async () => {
    const set = await generatedSet(size.patients, 31);
    dir = set.dir;
    migrateArgs = (d, url) => ["migrate", d, "--target", url, "--yes", "--time-zone", "America/Chicago", "--fallback-owner", fallbackOwner(set.users), "--max-chunk", String(RESILIENCE_MAX_CHUNK)];
    clean = await emulatorFor(set.users);
    killed = await emulatorFor(set.users);
  }, size.timeoutMs);

  afterAll(async () => {
    await clean?.close();
    await killed?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("ends equal to a clean run", async () => {
    const reference = await runDxm(migrateArgs(dir, clean.url));
    expect({ code: reference.code, stderr: reference.code === 0 ? "" : reference.stderr }).toEqual({ code: 0, stderr: "" });
    const total = clean.stats().operations;

    const random = seeded(SEED);
    const points = Array.from({ length: size.killPoints }, () => 0.05 + 0.9 * random()).sort((a, b) => a - b).map((share) => Math.round(share * total));
    let runId: string | undefined;
    const kills: number[] = [];
    for (const point of points) {
      const startedAt = killed.stats().operations;
      // Each attempt is killed at its point, or a little after its start if earlier attempts went past it.
      const at = Math.max(point, startedAt + 1);
      const attempt = await runDxm([...migrateArgs(dir, killed.url), ...(runId ? ["--resume", runId] : [])], (child, stderr) => {
        runId ??= announcedRunId(stderr);
        if (runId && !child.killed && killed.stats().operations >= at) child.kill("SIGKILL");
      });
      if (attempt.signal !== "SIGKILL") {
        expect({ code: attempt.code, stderr: attempt.code === 0 ? "" : attempt.stderr }).toEqual({ code: 0, stderr: "" });
        break;
      }
      kills.push(killed.stats().operations);
    }
    expect(runId).toBeDefined();
    const last = await runDxm([...migrateArgs(dir, killed.url), "--resume", runId!]);
    expect({ code: last.code, stderr: last.code === 0 ? "" : last.stderr }).toEqual({ code: 0, stderr: "" });

    // Precondition: the run really was interrupted mid-way (most points fall inside it).
    expect(kills.length).toBeGreaterThanOrEqual(Math.ceil(size.killPoints / 2));
    const ids = primaryIdsOf(clean);
    const expected = canonical(await dump(clean), ids);
    expect(expected.contact.length).toBeGreaterThan(size.patients);
    expect(expected.dxm_treatmenthistory.length).toBeGreaterThan(size.patients);
    const actual = canonical(await dump(killed), ids);
    expect(differences(actual, expected)).toEqual([]);
    expect(actual).toEqual(expected);
  }, size.timeoutMs);
});
