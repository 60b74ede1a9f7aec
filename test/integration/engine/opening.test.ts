/**
 * The run's opening request: the first stages of a small run go out in one `$batch` (each stage in its own
 * change set with its ledger row). These tests hold it to what the chunked path does: the same records, the
 * same counters, the same ledger; a prefix that landed when a change set fails; the right outcome when the
 * answer is lost after the batch landed. And the figure: requests per record on the sample set.
 */
import { join } from "node:path";
import type { RunningEmulator } from "../../../emulator";
import { DataverseClient } from "../../../dataverse/client";
import { createNodeTransport } from "../../../dataverse/transport/node";
import type { Transport } from "../../../dataverse/transport/types";
import type { DataverseClientApi } from "../../../dataverse/types";
import { readLedger } from "../../../migration/ledger/codec";
import { readRunRecord } from "../../../migration/ledger/run-record";
import { migrate } from "../../../migration/run/migrate";
import type { MigrateInput, RunResult } from "../../../migration/run/types";
import { FALLBACK_OWNER, clientFor, dump, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(120_000);

function input(exports: Exports, over: Partial<MigrateInput> = {}): MigrateInput {
  return { exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true, ...over };
}

/**
 * A client whose transport lets `change` rewrite or cut short the first request `pick` selects;
 * `changed()` tells whether it did (the tests would prove nothing otherwise).
 */
function clientWith(emu: RunningEmulator, pick: (body: string) => boolean, change: { rewrite?: (body: string) => string; loseAnswer?: boolean }): { client: DataverseClientApi; changed: () => boolean } {
  const inner = createNodeTransport({ url: emu.url });
  let changed = false;
  const transport: Transport = {
    apiRoot: inner.apiRoot,
    async send(request) {
      if (changed || request.path !== "$batch" || !pick(request.body ?? "")) return inner.send(request);
      const body = change.rewrite ? change.rewrite(request.body!) : request.body;
      changed = body !== request.body || change.loseAnswer === true;
      const response = await inner.send({ ...request, body });
      if (change.loseAnswer) throw new TypeError("fetch failed: the connection closed before the answer arrived");
      return response;
    },
  };
  return { client: new DataverseClient({ transport }), changed: () => changed };
}

// The opening request writes ledger rows (a POST to dxm_migrationbatchs); the org read before it, with the
// probe of what the org supports (a CreateMultiple too), only reads them.
const isOpening = (body: string) => body.includes("Microsoft.Dynamics.CRM.CreateMultiple") && /^POST \S*dxm_migrationbatchs HTTP/m.test(body);

/** The ledger as comparable data: per table and operation, the source keys and hashes, and the before-images (the run's id as `<run>`). */
async function ledgerOf(client: DataverseClientApi, runId: string): Promise<string[]> {
  const batches = await readLedger(client, runId);
  return batches
    .flatMap((b) => b.records.map(([id, key, hash]) => JSON.stringify([b.table, b.operation, key, hash, b.beforeImages[id] ?? null]).split(runId).join("<run>")))
    .sort();
}

const written = (r: RunResult) => Object.values(r.counters).reduce((n, c) => n + c.created + c.updated, 0);

describe("the opening request", () => {
  let clean: Exports;
  let reference: { dump: Record<string, string[]>; result: RunResult; ledger: string[] };
  let emu: RunningEmulator | undefined;

  beforeAll(async () => {
    clean = await exportsOf(30);
    // The reference: every stage through the chunked path (no opening request).
    const ref = await emulator({ bulk: true });
    const client = await clientFor(ref);
    const result = await migrate(input(clean, { chunk: { opening: 0 } }), client);
    reference = { dump: await dump(client), result, ledger: await ledgerOf(client, result.runId) };
    await ref.close();
  });
  afterAll(() => clean?.cleanup());

  /** The run completed and wrote what the chunked path wrote: the same counters, records and ledger. */
  async function expectAsReference(client: DataverseClientApi, result: RunResult): Promise<void> {
    expect(result.status).toBe("Completed");
    expect(result.counters).toEqual(reference.result.counters);
    expect(await dump(client)).toEqual(reference.dump);
    expect(await ledgerOf(client, result.runId)).toEqual(reference.ledger);
  }
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("writes what the chunked path writes: the same records, counters and ledger", async () => {
    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const result = await migrate(input(clean), client);
    await expectAsReference(client, result);
    // The whole run fitted: the run row was closed by the same request.
    const run = await readRunRecord(client, result.runId);
    expect(run?.status).toBe("Completed");
    expect(run?.counters).toEqual(result.counters);
    expect(run?.finishedOn).toBeDefined();
  });

  it("also over $batch change sets, when the org has no bulk messages", async () => {
    emu = await emulator({ bulk: false });
    const client = await clientFor(emu);
    const result = await migrate(input(clean), client);
    await expectAsReference(client, result);
  });

  it("keeps the stages that landed when a change set fails, and loads the rest the usual way", async () => {
    emu = await emulator({ bulk: true });
    // The treatment histories' change set fails in the opening request (an unknown entity set: 404).
    const { client, changed } = clientWith(emu, isOpening, { rewrite: (b) => b.replace("dxm_treatmenthistories/Microsoft.Dynamics.CRM.CreateMultiple", "dxm_nosuchtables/Microsoft.Dynamics.CRM.CreateMultiple") });
    const result = await migrate(input(clean), client);
    expect(changed()).toBe(true);
    await expectAsReference(client, result);
  });

  it("finds out what landed when the answer to the opening request is lost", async () => {
    emu = await emulator({ bulk: true });
    const { client, changed } = clientWith(emu, isOpening, { loseAnswer: true });
    const result = await migrate(input(clean), client);
    expect(changed()).toBe(true);
    await expectAsReference(client, result);
    expect((await readRunRecord(client, result.runId))?.status).toBe("Completed");
  });

  it("moves the sample export set in at most one request per 200 records, reads and ledger included", async () => {
    emu = await emulator({ bulk: true });
    const samples = await exportsOf(0, 0, join(__dirname, "../../../samples"));
    const result = await migrate(input(samples), await clientFor(emu));
    expect(result.status).toBe("Completed");
    const requests = emu.stats().requests;
    expect(written(result)).toBeGreaterThan(900);
    expect(requests * 200).toBeLessThanOrEqual(written(result));
  });
});
