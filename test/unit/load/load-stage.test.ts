import { loadStage } from "../../../migration/load/load-stage";
import { LedgerWriter } from "../../../migration/ledger/writer";
import { decodeBatch } from "../../../migration/ledger/codec";
import { indexLedger } from "../../../migration/ledger/index-of-runs";
import type { LedgerBatch } from "../../../migration/ledger/types";
import type { LoadCallbacks, TableProgress } from "../../../migration/load/types";
import { PauseController } from "../../../migration/load/pause";
import { ChunkSlots } from "../../../migration/load/slots";
import { RunBacklog } from "../../../migration/load/backlog";
import { MemoryClient } from "./memory-client";
import { RUN_ID, context, patients, primaryIds, stageOf } from "./stage-fixture";

function ledgerRows(client: MemoryClient): LedgerBatch[] {
  return [...client.table("dxm_migrationbatchs").values()]
    .map((row) => decodeBatch({ ...row, _dxm_migrationrunid_value: row._dxm_migrationrunid_value }))
    .sort((a, b) => a.sequence - b.sequence);
}

/** The run flushes the ledger at its end; a single stage under test does the same. */
async function loadAndFlush(...args: Parameters<typeof loadStage>) {
  const result = await loadStage(...args);
  await args[3].flush();
  return result;
}

function contacts(client: MemoryClient) {
  return [...client.table("contacts").values()];
}

describe("loadStage", () => {
  it("creates every record once, stamped with the run, in growing chunks, and ledgers every id", async () => {
    const client = new MemoryClient(primaryIds);
    const ledger = new LedgerWriter(client, RUN_ID, 1);
    const sizes: number[] = [];
    const result = await loadAndFlush(client, stageOf(patients(700)), context({ chunk: { initial: 100 } }), ledger, {
      onProgress: (p) => sizes.push(p.chunkSize),
    });

    expect(result.failures).toEqual([]);
    expect(result.progress).toMatchObject({ total: 700, done: 700, created: 700, updated: 0, failed: 0, state: "done" });
    const rows = contacts(client);
    expect(rows).toHaveLength(700);
    expect(new Set(rows.map((r) => r.dxm_sourcekey)).size).toBe(700);
    expect(rows.every((r) => r._dxm_migrationrunid_value === RUN_ID)).toBe(true);
    expect(client.calls.filter((c) => c.op === "createMultiple").map((c) => c.count)).toEqual([100, 200, 400]);
    expect(sizes).toContain(800);

    const ledgerBatches = ledgerRows(client);
    expect(ledgerBatches).toHaveLength(1);
    expect(ledgerBatches[0]).toMatchObject({ table: "contact", operation: "Create", sequence: 1, runId: RUN_ID });
    const byKey = new Map(rows.map((r) => [r.dxm_sourcekey, r.contactid]));
    expect(ledgerBatches[0].records).toHaveLength(700);
    for (const [id, key, hash] of ledgerBatches[0].records) {
      expect(byKey.get(key)).toBe(id);
      expect(hash).toBe(`h${key.split(":")[1]}`);
    }
  });

  it.each([true, false])("isolates bad rows by bisecting so good rows still land (bulk=%s)", async (bulk) => {
    const client = new MemoryClient(primaryIds);
    client.bulk = bulk;
    client.rejects = (_set, body) =>
      body.dxm_sourcekey === "patient:37" || body.dxm_sourcekey === "patient:150"
        ? { status: 400, code: "0x80044331", message: "A validation error occurred.", retriable: false }
        : undefined;
    const failures: unknown[] = [];
    const result = await loadAndFlush(client, stageOf(patients(200)), context({ chunk: { initial: 200 } }), new LedgerWriter(client, RUN_ID, 1), {
      onFailure: (f) => failures.push(f),
    });

    expect(contacts(client).map((r) => r.dxm_sourcekey).sort()).toEqual(
      patients(200).map((p) => p.sourceKey).filter((k) => k !== "patient:37" && k !== "patient:150").sort(),
    );
    expect(result.failures).toEqual([
      { table: "contact", file: "patients.csv", line: 38, sourceKey: "patient:37", step: "write", error: { status: 400, code: "0x80044331", message: "A validation error occurred.", retriable: false } },
      { table: "contact", file: "patients.csv", line: 151, sourceKey: "patient:150", step: "write", error: { status: 400, code: "0x80044331", message: "A validation error occurred.", retriable: false } },
    ]);
    expect(failures).toHaveLength(2);
    expect(result.progress).toMatchObject({ created: 198, failed: 2, done: 200 });
    expect(ledgerRows(client)[0].records).toHaveLength(198);
    // Bisection stays logarithmic: far fewer requests than one per row.
    expect(client.counters.requests).toBeLessThan(40);
  });

  it("shrinks the chunk on timeouts and still lands everything", async () => {
    const client = new MemoryClient(primaryIds);
    client.maxRecordsPerRequest = 60;
    const seen: TableProgress[] = [];
    const result = await loadAndFlush(client, stageOf(patients(500)), context({ chunk: { initial: 250 } }), new LedgerWriter(client, RUN_ID, 1), {
      onProgress: (p) => seen.push(p),
    });
    expect(result.failures).toEqual([]);
    expect(contacts(client)).toHaveLength(500);
    const sizes = seen.map((p) => p.chunkSize);
    expect(Math.min(...sizes)).toBeLessThan(250);
  });

  it("reads existing records first, updates them, and keeps before-images of the written columns only", async () => {
    const client = new MemoryClient(primaryIds);
    const before = { contactid: "aaaaaaaa-0000-4000-8000-000000000001", dxm_sourcekey: "patient:2", firstname: "Old", lastname: "Name", telephone1: "555", _dxm_migrationrunid_value: null };
    client.table("contacts").set(before.contactid, { ...before });
    const ledger = new LedgerWriter(client, RUN_ID, 1);
    const result = await loadAndFlush(client, stageOf(patients(3)), context({ tablesWithForeignRecords: new Set(["contact"]) }), ledger);

    expect(result.progress).toMatchObject({ created: 2, updated: 1 });
    expect(contacts(client)).toHaveLength(3);
    expect(client.table("contacts").get(before.contactid)).toMatchObject({ firstname: "F2", lastname: "L2", telephone1: "555", _dxm_migrationrunid_value: RUN_ID });
    const batches = ledgerRows(client);
    const update = batches.find((b) => b.operation === "Update")!;
    expect(update.records).toEqual([[before.contactid, "patient:2", "h2"]]);
    expect(update.beforeImages).toEqual({
      [before.contactid]: { firstname: "Old", lastname: "Name", "dxm_migrationrunid@odata.bind": null },
    });
    expect(batches.find((b) => b.operation === "Create")!.records.map((r) => r[1])).toEqual(["patient:1", "patient:3"]);
  });

  it("on resume skips what the run's ledger holds and ledgers a record stamped in the crash window as created", async () => {
    const client = new MemoryClient(primaryIds);
    const first = new LedgerWriter(client, RUN_ID, 1);
    await loadAndFlush(client, stageOf(patients(5)), context(), first);
    // A crash after patient:6 landed but before its ledger entry was written.
    client.table("contacts").set("bbbbbbbb-0000-4000-8000-000000000006", { contactid: "bbbbbbbb-0000-4000-8000-000000000006", dxm_sourcekey: "patient:6", _dxm_migrationrunid_value: RUN_ID });
    // What a resume reads: the run's ledger as written so far.
    const runLedger = indexLedger(ledgerRows(client));
    const written: string[] = [];
    const result = await loadAndFlush(client, stageOf(patients(8)), context({ runLedger, resuming: true }), new LedgerWriter(client, RUN_ID, 2), {
      onWritten: (e) => written.push(`${e.action}:${e.sourceKey}`),
    });

    expect(result.progress).toMatchObject({ created: 8, updated: 0, done: 8 });
    expect(contacts(client)).toHaveLength(8);
    expect(written.filter((w) => w.startsWith("skip"))).toHaveLength(5);
    const resumed = ledgerRows(client).filter((b) => b.sequence === 2);
    expect(resumed).toHaveLength(1);
    expect(resumed[0].operation).toBe("Create");
    expect(resumed[0].records.map((r) => r[1]).sort()).toEqual(["patient:6", "patient:7", "patient:8"]);
    expect(resumed[0].records.find((r) => r[1] === "patient:6")![0]).toBe("bbbbbbbb-0000-4000-8000-000000000006");
    expect(resumed[0].beforeImages).toEqual({});
  });

  it("stops between chunks on cancel and still ledgers what landed", async () => {
    const client = new MemoryClient(primaryIds);
    const controller = new AbortController();
    const callbacks: LoadCallbacks = { signal: controller.signal, onWritten: () => controller.abort() };
    const result = await loadAndFlush(client, stageOf(patients(300)), context({ chunk: { initial: 100 } }), new LedgerWriter(client, RUN_ID, 1), callbacks);
    expect(result.cancelled).toBe(true);
    expect(contacts(client)).toHaveLength(100);
    expect(ledgerRows(client)[0].records).toHaveLength(100);
    expect(result.progress.state).toBe("cancelled");
  });

  it("ends cancelled, not failed, when the cancel signal cuts short a look-up a chunk was waiting for", async () => {
    const client = new MemoryClient(primaryIds);
    const controller = new AbortController();
    // The look-up before an update is the one request of a chunk that takes the signal: it aborts mid-flight.
    client.retrieveMultiple = async () => {
      controller.abort();
      throw controller.signal.reason;
    };
    const result = await loadAndFlush(client, stageOf(patients(50)), context({ tablesWithForeignRecords: new Set(["contact"]) }), new LedgerWriter(client, RUN_ID, 1), { signal: controller.signal });
    expect(result.cancelled).toBe(true);
    expect(result.progress.state).toBe("cancelled");
    expect(contacts(client)).toHaveLength(0);
  });

  it("pauses between chunks with the ledger written, and resumes", async () => {
    const client = new MemoryClient(primaryIds);
    const pause = new PauseController();
    const states: string[] = [];
    let resumed = false;
    const done = loadAndFlush(client, stageOf(patients(200)), context({ chunk: { initial: 100, max: 100 } }), new LedgerWriter(client, RUN_ID, 1), {
      pause,
      onWritten: () => pause.pause(),
      onPauseChange: (paused) => {
        states.push(paused ? "paused" : "resumed");
        if (paused) {
          expect(ledgerRows(client).reduce((n, b) => n + b.records.length, 0)).toBe(contacts(client).length);
          resumed = true;
          setTimeout(() => pause.resume(), 0);
        }
      },
    });
    const result = await done;
    expect(resumed).toBe(true);
    expect(states.slice(0, 2)).toEqual(["paused", "resumed"]);
    expect(result.progress.created).toBe(200);
  });

  it("closes activities in their final state after every field is set", async () => {
    const client = new MemoryClient(primaryIds);
    const calls = patients(3).map((p, i) => ({
      ...p, object: "communication" as const, table: "phonecall", entitySet: "phonecalls", sourceKey: `comm:${i}`,
      payload: { dxm_sourcekey: `comm:${i}`, subject: "Call" },
      finalState: { statecode: 1, statuscode: 2 },
    }));
    await loadAndFlush(client, stageOf(calls), context(), new LedgerWriter(client, RUN_ID, 1));
    const ops = client.calls.filter((c) => c.set === "phonecalls").map((c) => c.op);
    expect(ops).toEqual(["createMultiple", "updateMultiple"]);
    for (const row of client.table("phonecalls").values()) expect(row).toMatchObject({ subject: "Call", statecode: 1, statuscode: 2 });
  });

  it("reopens closed activities before updating them on a re-run, then closes them again", async () => {
    const client = new MemoryClient(primaryIds);
    const calls = (subject: string) => patients(2).map((p, i) => ({
      ...p, object: "communication" as const, table: "phonecall", entitySet: "phonecalls", sourceKey: `comm:${i}`,
      payload: { dxm_sourcekey: `comm:${i}`, subject }, finalState: { statecode: 1, statuscode: 2 },
    }));
    // Like Dataverse: a closed activity only accepts the change of state that reopens it.
    client.rejects = (set, body) => {
      const stored = client.table(set).get(String(body.activityid));
      const reopening = Object.keys(body).every((k) => ["activityid", "statecode", "statuscode"].includes(k)) && body.statecode === 0;
      return stored && stored.statecode !== 0 && stored.statecode !== undefined && !reopening
        ? { status: 400, code: "0x80043b09", message: "The phone call is closed and cannot be updated.", retriable: false }
        : undefined;
    };
    await loadAndFlush(client, stageOf(calls("First")), context(), new LedgerWriter(client, RUN_ID, 1));
    const rerun = "33333333-3333-4333-8333-333333333333";
    const result = await loadAndFlush(client, stageOf(calls("Second")), context({ runId: rerun, tablesWithForeignRecords: new Set(["phonecall"]) }), new LedgerWriter(client, rerun, 1));
    expect(result.failures).toEqual([]);
    expect(result.progress.updated).toBe(2);
    for (const row of client.table("phonecalls").values()) expect(row).toMatchObject({ subject: "Second", statecode: 1, statuscode: 2 });
    expect(client.calls.filter((c) => c.set === "phonecalls").map((c) => c.op)).toEqual(["createMultiple", "updateMultiple", "get", "updateMultiple", "upsertMultiple", "updateMultiple"]);
  });

  it("notes (no source key column) are found again by the id their ledger holds, and updated in place", async () => {
    const client = new MemoryClient(primaryIds);
    const notes = (text: string) => patients(3).map((p, i) => ({
      ...p, object: "clinicalNote" as const, table: "annotation", entitySet: "annotations", sourceKey: `note:${i}`,
      payload: { subject: "Note", notetext: text }, contentHash: text,
    }));
    await loadAndFlush(client, stageOf(notes("first"), { operation: "create" }), context(), new LedgerWriter(client, RUN_ID, 1));
    const ledgered = indexLedger(ledgerRows(client));
    const rerun = "22222222-2222-4222-8222-222222222222";
    const result = await loadAndFlush(client, stageOf(notes("second"), { operation: "create" }), context({ runId: rerun, ledgered }), new LedgerWriter(client, rerun, 1));

    expect(result.progress).toMatchObject({ created: 0, updated: 3, failed: 0 });
    const rows = [...client.table("annotations").values()];
    expect(rows).toHaveLength(3);
    expect(rows.every((r) => r.notetext === "second")).toBe(true);
    const update = ledgerRows(client).find((b) => b.runId === rerun)!;
    expect(update.records.map((r) => [r[0], r[1]]).sort()).toEqual([...ledgered].map(([key, e]) => [e.id, key]).sort());
  });

  it("a note another run's ledger names is written again when it is gone, same content or not", async () => {
    const client = new MemoryClient(primaryIds);
    const notes = patients(3).map((p, i) => ({
      ...p, object: "clinicalNote" as const, table: "annotation", entitySet: "annotations", sourceKey: `note:${i}`,
      payload: { subject: "Note", notetext: "same" }, contentHash: "same",
    }));
    await loadAndFlush(client, stageOf(notes, { operation: "create" }), context(), new LedgerWriter(client, RUN_ID, 1));
    const ledgered = indexLedger(ledgerRows(client));
    // Deleted since (in the org, or by a rollback that kept the ledger row for another note it spared).
    const gone = [...client.table("annotations").keys()].slice(0, 2);
    for (const id of gone) client.table("annotations").delete(id);
    const rerun = "22222222-2222-4222-8222-222222222222";
    const result = await loadAndFlush(client, stageOf(notes, { operation: "create" }), context({ runId: rerun, ledgered }), new LedgerWriter(client, rerun, 1));
    expect(result.progress).toMatchObject({ created: 2, updated: 0, unchanged: 1, failed: 0 });
    expect(client.table("annotations").size).toBe(3);
  });

  it("an update stage never creates: a missing record is a failure", async () => {
    const client = new MemoryClient(primaryIds);
    await loadAndFlush(client, stageOf(patients(2)), context(), new LedgerWriter(client, RUN_ID, 1));
    const coverage = patients(3).map((p) => ({ ...p, payload: { dxm_sourcekey: p.sourceKey, dxm_coverage: true }, hashKey: `coverage-of:${p.sourceKey}` }));
    const result = await loadAndFlush(client, stageOf(coverage, { operation: "update" }), context(), new LedgerWriter(client, RUN_ID, 2));
    expect(contacts(client)).toHaveLength(2);
    expect(result.failures.map((f) => f.sourceKey)).toEqual(["patient:3"]);
    expect(result.progress).toMatchObject({ updated: 2, failed: 1 });
    const update = ledgerRows(client).find((b) => b.operation === "Update")!;
    expect(update.records.map((r) => r[1])).toEqual(["coverage-of:patient:1", "coverage-of:patient:2"]);
  });
});

describe("loadStage concurrency", () => {
  /** A client whose bulk creates take a while, counting how many are in flight at once. */
  class SlowClient extends MemoryClient {
    inFlight = 0;
    peak = 0;
    constructor(readonly concurrency: number) {
      super(primaryIds);
    }
    override async createMultiple(set: string, logical: string, targets: Parameters<MemoryClient["createMultiple"]>[2]): Promise<string[]> {
      this.inFlight++;
      this.peak = Math.max(this.peak, this.inFlight);
      await new Promise((r) => setTimeout(r, 20));
      this.inFlight--;
      return super.createMultiple(set, logical, targets);
    }
  }

  it.each([1, 3])("writes up to the client's concurrency (%i) chunks at once, every record once", async (concurrency) => {
    const client = new SlowClient(concurrency);
    const ledger = new LedgerWriter(client, RUN_ID, 1);
    const result = await loadAndFlush(client, stageOf(patients(600)), context({ chunk: { initial: 50, max: 50 } }), ledger);
    expect(result.progress).toMatchObject({ done: 600, created: 600, failed: 0 });
    expect(client.peak).toBe(concurrency);
    expect(new Set(contacts(client).map((r) => r.dxm_sourcekey)).size).toBe(600);
    expect(ledgerRows(client).flatMap((b) => b.records)).toHaveLength(600);
  });

  it("a stage later stages wait for goes out in even chunks, one round for what fits, never above the maximum", async () => {
    const sizesOf = async (count: number, awaited: boolean) => {
      const client = new SlowClient(4);
      await loadAndFlush(client, stageOf(patients(count)), context({ chunk: { initial: 200, max: 1000 }, awaited }), new LedgerWriter(client, RUN_ID, 1));
      return client.calls.filter((c) => c.op === "createMultiple").map((c) => c.count);
    };
    expect(await sizesOf(1000, true)).toEqual([250, 250, 250, 250]);
    // Not awaited: the sizer's ramp-up (200, then doubling), a fifth chunk left over.
    expect((await sizesOf(1000, false)).length).toBeGreaterThan(4);
    // Bigger than a round of the largest chunks: the maximum, not more.
    expect(Math.max(...(await sizesOf(5000, true)))).toBe(1000);
  });

  it("cuts the run's last chunks to even shares of what is left, down to 100 records", async () => {
    const client = new SlowClient(4);
    const ctx = context({ chunk: { initial: 1000, max: 1000 }, backlog: new RunBacklog(1000) });
    await loadAndFlush(client, stageOf(patients(1000)), ctx, new LedgerWriter(client, RUN_ID, 1));
    expect(client.calls.filter((c) => c.op === "createMultiple").map((c) => c.count)).toEqual([250, 188, 141, 106, 100, 100, 100, 15]);
    expect(ctx.backlog!.left).toBe(0);
  });

  it("stages loading side by side share the run's chunk places: never more chunks at once than places", async () => {
    const client = new SlowClient(4);
    const ledger = new LedgerWriter(client, RUN_ID, 1);
    const slots = new ChunkSlots(() => 2);
    const calls = patients(300).map((p, i) => ({
      ...p, object: "communication" as const, table: "phonecall", entitySet: "phonecalls", sourceKey: `comm:${i}`, payload: { dxm_sourcekey: `comm:${i}`, subject: "Call" },
    }));
    const ctx = context({ chunk: { initial: 50, max: 50 }, slots });
    const [contactsLoaded, callsLoaded] = await Promise.all([loadStage(client, stageOf(patients(300)), ctx, ledger), loadStage(client, stageOf(calls), ctx, ledger)]);
    await ledger.flush();

    expect(client.peak).toBe(2);
    expect(contactsLoaded.progress).toMatchObject({ done: 300, created: 300, failed: 0 });
    expect(callsLoaded.progress).toMatchObject({ done: 300, created: 300, failed: 0 });
    expect(ledgerRows(client).flatMap((b) => b.records)).toHaveLength(600);
    expect(slots.inUse).toBe(0);
  });

  it("a cancelled stage gives back the place of the chunk it was gathering", async () => {
    const client = new SlowClient(2);
    const slots = new ChunkSlots(() => 2);
    const controller = new AbortController();
    let seen = 0;
    const records = patients(120);
    const stage = stageOf(records, {
      async *records() {
        for (const r of records) {
          if (++seen === 70) controller.abort();
          yield r;
        }
      },
    });
    const result = await loadAndFlush(client, stage, context({ chunk: { initial: 50, max: 50 }, slots }), new LedgerWriter(client, RUN_ID, 1), { signal: controller.signal });
    expect(result.cancelled).toBe(true);
    expect(contacts(client)).toHaveLength(50);
    expect(slots.inUse).toBe(0);
  });
});

describe("loadStage after a dropped connection", () => {
  it("counts a create whose response was lost as written when its records are there, and writes no duplicate", async () => {
    class DroppingClient extends MemoryClient {
      dropped = 0;
      override async createMultiple(set: string, logical: string, targets: Parameters<MemoryClient["createMultiple"]>[2]): Promise<string[]> {
        // As Dataverse: a record whose id already exists is a duplicate, and the whole request fails.
        if (targets.some((t) => this.table(set).has(String(t.contactid)))) {
          throw Object.assign(new Error("Cannot insert duplicate key."), { status: 412, code: "0x80040237", retriable: false });
        }
        const ids = await super.createMultiple(set, logical, targets);
        if (this.dropped++ === 0) throw Object.assign(new Error("No response from Dataverse: socket hang up"), { status: 0, code: "NetworkError", retriable: true });
        return ids;
      }
    }
    const client = new DroppingClient(primaryIds);
    const ledger = new LedgerWriter(client, RUN_ID, 1);
    const result = await loadAndFlush(client, stageOf(patients(120)), context({ chunk: { initial: 40, max: 40 } }), ledger);
    expect(result.failures).toEqual([]);
    expect(result.progress).toMatchObject({ done: 120, created: 120, failed: 0 });
    expect(contacts(client)).toHaveLength(120);
    expect(ledgerRows(client).flatMap((b) => b.records)).toHaveLength(120);
  });
});
