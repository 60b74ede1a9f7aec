/**
 * Faults at 5% each (429, 503, dropped connection after the write committed, timeout), drawn from a
 * seeded generator: every valid row lands exactly once, counted per table by dxm_sourcekey against the
 * plan's own records; and the engine gets there without the operator having to resume it.
 */
import { rm } from "node:fs/promises";
import type { RunningEmulator } from "../../../emulator";
import { connect } from "../../../scripts/dxm/connect";
import { emulatorFor, fallbackOwner, generatedSet, migrateUntilDone, plannedKeys, landingDifferences, seeded, size } from "../../resilience/harness";

const FAULTS = "429:0.05,503:0.05,drop:0.05,timeout:0.05";
const SEED = Number(process.env.DXM_FAULT_SEED ?? 5);

describe(`a migration under injected faults (${FAULTS}, seed ${SEED})`, () => {
  let dir: string;
  let emulator: RunningEmulator;
  let planned: Awaited<ReturnType<typeof plannedKeys>>;
  let run: Awaited<ReturnType<typeof migrateUntilDone>>;

  beforeAll(async () => {
    const set = await generatedSet(size.patients, 21);
    dir = set.dir;
    // Time scale 60: a timeout holds the request 2 s instead of 120 s; no cost model, no limits.
    emulator = await emulatorFor(set.users, { timeScale: 60, random: seeded(SEED) });
    planned = await plannedKeys(dir, await connect(emulator.url), fallbackOwner(set.users));
    emulator.emulator.setFaults(FAULTS);
    run = await migrateUntilDone(dir, await connect(emulator.url), fallbackOwner(set.users));
    emulator.emulator.setFaults(undefined);
  }, size.timeoutMs);

  afterAll(async () => {
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("lands every planned record exactly once", () => {
    expect(emulator.stats().faults).toBeGreaterThan(5);
    expect(run.result?.complete).toBe(true);
    expect(landingDifferences(emulator, planned)).toEqual([]);
  });

  it("gets there in one run, without the operator resuming it", () => {
    expect(run.stops).toEqual([]);
  });
});
