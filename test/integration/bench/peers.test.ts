/**
 * Each peer writer (bench/workloads: KingswaySoft's destination, Azure Data Factory's Dataverse sink) writes
 * the whole generated set, and what lands is what the engine lands: every migrated table's records compared
 * field by field with lookups named by the source key of the record they point at (harness `dump`), activity
 * parties included; run stamps and ledger rows left aside (peers keep none).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { RunningEmulator } from "../../../emulator";
import { generateExports } from "../../../scripts/generate";
import { connect } from "../../../scripts/dxm/connect";
import { runEngine } from "../../../bench/workloads/engine";
import { KINGSWAYSOFT, runKingswaySoft } from "../../../bench/workloads/kingswaysoft";
import { DATA_FACTORY, runDataFactory } from "../../../bench/workloads/data-factory";
import type { PeerSettings } from "../../../bench/workloads/peer";
import { clientFor, countRecords, dump, emulator, FALLBACK_OWNER, SEED } from "../engine/harness";

jest.setTimeout(180_000);

describe("peer writers against the emulator, on a small generated set", () => {
  let emu: RunningEmulator;
  let dir: string;
  let engineDump: Record<string, string[]>;
  let engineRecords: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dxm-peers-"));
    // As the bench generates its sets: attachment files named but not written (peers send no document bodies).
    await generateExports({ out: dir, patients: 6, seed: SEED, attachments: false });
    emu = await emulator({ bulk: true });
    const engine = await runEngine(dir, await clientFor(emu), FALLBACK_OWNER);
    expect(engine.complete).toBe(true);
    engineDump = await dump(await clientFor(emu));
    engineRecords = countRecords(engineDump);
  });

  afterAll(async () => {
    await emu?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const peers: [string, PeerSettings, typeof runKingswaySoft][] = [
    ["KingswaySoft", KINGSWAYSOFT, runKingswaySoft],
    ["Azure Data Factory", DATA_FACTORY, runDataFactory],
  ];

  it.each(peers)("%s writes every record with every link as the engine does", async (_name, settings, run) => {
    emu.emulator.reset();
    const client = await connect(emu.url, { concurrency: settings.threads, maxConcurrency: settings.threads, followDopHint: false });
    const result = await run(dir, client, FALLBACK_OWNER);
    expect(result.errors).toEqual([]);
    expect(result.failed + result.closeFailed + result.unresolved).toBe(0);
    expect(result.written).toBe(result.plannedRecords);
    expect(result.lookupRequests).toBeGreaterThan(0);
    const peerDump = await dump(await clientFor(emu));
    expect(countRecords(peerDump)).toBe(engineRecords);
    const differing = Object.keys(engineDump).filter((table) => JSON.stringify(peerDump[table]) !== JSON.stringify(engineDump[table]));
    expect(differing).toEqual([]);
  });
});
