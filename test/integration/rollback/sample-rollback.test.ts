/**
 * A sample run rolled back removes every record it wrote, every time. A sample lands in one request, so its
 * finish is recorded before its records are written; a rollback that took that as "the run ended here"
 * counted the run's own records as edited after it and kept them (seen one time in five). Twenty rounds
 * of sample → rollback on one org, each ending with nothing of the run left and nothing kept.
 */
import { migrate } from "../../../migration/run/migrate";
import { rollback } from "../../../migration/rollback";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "../engine/harness";
import type { RunningEmulator } from "../../../emulator";
import type { DataverseClientApi } from "../../../dataverse/types";

jest.setTimeout(300_000);

const ROUNDS = 20;

describe("sample, then roll back", () => {
  let emu: RunningEmulator;
  let client: DataverseClientApi;
  let exports: Exports;
  const migratedRows = () =>
    ["contact", "account", "annotation", "task", "phonecall", "email", "appointment", "dxm_treatmenthistory", "dxm_insurancepolicy", "dxm_appointment", "dxm_billingrecord", "dxm_treatmentplan"]
      .map((t) => Number(emu.emulator.store.all(`SELECT COUNT(*) AS n FROM "${t}"${t === "annotation" ? ` WHERE "objecttypecode" IS NOT 'dxm_migrationrun'` : ""}`, [])[0].n))
      .reduce((a, b) => a + b, 0);

  beforeAll(async () => {
    exports = await exportsOf(15);
    emu = await emulator({ bulk: true });
    client = await clientFor(emu);
  });
  afterAll(async () => {
    await emu.close();
    exports.cleanup();
  });

  it(`removes every record of the sample, ${ROUNDS} times in a row`, async () => {
    const before = migratedRows();
    const outcomes: { round: number; written: number; deleted: number; kept: number; left: number }[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      const run = await migrate({ exports: exports.set, map: exports.map, mode: "sample", sampleSize: 3, fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client);
      expect(run.status).toBe("Completed");
      const written = migratedRows() - before;
      const undone = await rollback(run.runId, client);
      outcomes.push({ round, written: written > 0 ? 1 : 0, deleted: undone.deleted > 0 ? 1 : 0, kept: undone.kept.length, left: migratedRows() - before });
    }
    expect(outcomes).toEqual(Array.from({ length: ROUNDS }, (_, i) => ({ round: i + 1, written: 1, deleted: 1, kept: 0, left: 0 })));
  });
});
