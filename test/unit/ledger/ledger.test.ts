import { decodeBatch, decodeBatchIds, encodeBatch, idsOfRecords, readLedger } from "../../../migration/ledger/codec";
import { LedgerWriter } from "../../../migration/ledger/writer";
import { indexLedger } from "../../../migration/ledger/index-of-runs";
import type { LedgerBatch } from "../../../migration/ledger/types";
import { batchOperationOptions, batchStatusOptions } from "../../../solution/model";
import { MemoryClient } from "../load/memory-client";

const RUN = "22222222-2222-4222-8222-222222222222";

describe("ledger codec", () => {
  const batch: LedgerBatch = {
    runId: RUN, sequence: 7, table: "contact", operation: "Update", status: "Written",
    records: [["aaaaaaaa-0000-4000-8000-000000000001", "patient:1", "abc"]],
    beforeImages: { "aaaaaaaa-0000-4000-8000-000000000001": { firstname: "Old", "parentcustomerid_account@odata.bind": null } },
  };

  it("writes the row rollback reads: name, run bind, sequence, option values, JSON columns", () => {
    const row = encodeBatch(batch);
    expect(row).toEqual({
      dxm_migrationbatchid: expect.stringMatching(/^[0-9a-f-]{36}$/),
      dxm_name: "contact #7",
      "dxm_migrationrunid@odata.bind": `/dxm_migrationruns(${RUN})`,
      dxm_sequence: 7,
      dxm_table: "contact",
      dxm_operation: batchOperationOptions.find((o) => o.label === "Update")!.value,
      dxm_recordcount: 1,
      dxm_recordids: JSON.stringify(batch.records),
      dxm_beforeimages: JSON.stringify(batch.beforeImages),
      dxm_batchstatus: batchStatusOptions.find((o) => o.label === "Written")!.value,
    });
    expect(encodeBatch({ ...batch, operation: "Create", beforeImages: {} }).dxm_beforeimages).toBeNull();
  });

  it("reads back what it wrote", () => {
    const row = { ...encodeBatch(batch), _dxm_migrationrunid_value: RUN, dxm_migrationbatchid: "b1", createdon: "2026-01-01T00:00:00Z", _createdby_value: "u1" };
    expect(decodeBatch(row)).toEqual({ ...batch, id: "b1", writtenOn: "2026-01-01T00:00:00Z", writtenBy: "u1", recordedBy: "u1" });
  });

  it("says which identity wrote the chunk when several wrote the run (dxm_writtenby), else who wrote the row", () => {
    expect(encodeBatch(batch)).not.toHaveProperty("dxm_writtenby");
    const encoded = encodeBatch({ ...batch, writtenBy: "u2" });
    expect(encoded.dxm_writtenby).toBe("u2");
    const row = { ...encoded, _dxm_migrationrunid_value: RUN, dxm_migrationbatchid: "b1", createdon: "2026-01-01T00:00:00Z", _createdby_value: "u1" };
    expect(decodeBatch(row)).toMatchObject({ writtenBy: "u2", recordedBy: "u1" });
  });
});

describe("LedgerWriter", () => {
  it("groups small chunks into about one row per thousand records, with monotonic sequences", async () => {
    const client = new MemoryClient({ dxm_migrationbatchs: "dxm_migrationbatchid" });
    const writer = new LedgerWriter(client, RUN, 3);
    const records = (from: number, n: number) => Array.from({ length: n }, (_, i) => [`id${from + i}`, `patient:${from + i}`, "h"] as [string, string, string]);
    await writer.record("contact", "Create", records(0, 400));
    await writer.record("contact", "Create", records(400, 400));
    expect(client.table("dxm_migrationbatchs").size).toBe(0);
    await writer.record("contact", "Create", records(800, 400));
    expect(client.table("dxm_migrationbatchs").size).toBe(1);
    await writer.record("contact", "Update", records(2000, 2), { id2000: { firstname: "x" } });
    await writer.record("contact", "Create", records(1200, 10));
    await writer.flush();

    const read = await readLedger(client, RUN);
    expect(read.map((b) => [b.sequence, b.operation, b.records.length])).toEqual([[3, "Create", 1200], [4, "Update", 2], [5, "Create", 10]]);
    expect(writer.nextSequence).toBe(6);
    expect(read[1].beforeImages).toEqual({ id2000: { firstname: "x" } });
  });

  it("indexes source keys to the last written entry, ignoring rolled-back batches", () => {
    const base = { runId: RUN, table: "contact", beforeImages: {}, operation: "Create" as const };
    const index = indexLedger([
      { ...base, sequence: 1, status: "Written", records: [["id1", "patient:1", "h1"], ["id2", "patient:2", "h2"]] },
      { ...base, sequence: 2, status: "Rolled back", records: [["id3", "patient:3", "h3"]] },
      { ...base, sequence: 3, status: "Written", operation: "Update", records: [["id1", "patient:1", "h1b"]] },
    ]);
    expect([...index.keys()]).toEqual(["patient:1", "patient:2"]);
    expect(index.get("patient:1")).toEqual({ id: "id1", table: "contact", contentHash: "h1b", operation: "Update" });
  });
});

describe("LedgerWriter across tables", () => {
  it("writes every pending group in one request when they reach a thousand records together", async () => {
    const client = new MemoryClient({ dxm_migrationbatchs: "dxm_migrationbatchid" });
    const writer = new LedgerWriter(client, RUN, 1);
    const records = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `${prefix}:${i}`, "h"] as [string, string, string]);
    await writer.record("account", "Create", records("location", 3));
    await writer.record("contact", "Create", records("patient", 600));
    const before = client.counters.requests;
    await writer.record("dxm_appointment", "Create", records("appointment", 500));
    expect(client.counters.requests - before).toBe(1);
    const read = await readLedger(client, RUN);
    expect(read.map((b) => [b.sequence, b.table, b.records.length])).toEqual([[1, "account", 3], [2, "contact", 600], [3, "dxm_appointment", 500]]);
  });

  it("writes notes at once: they carry no stamp to cover a lost entry", async () => {
    const client = new MemoryClient({ dxm_migrationbatchs: "dxm_migrationbatchid" });
    const writer = new LedgerWriter(client, RUN, 1);
    await writer.record("annotation", "Create", [["n1", "note:1", "h"]], {}, true);
    expect(client.table("dxm_migrationbatchs").size).toBe(1);
  });
});

describe("a ledger row's record ids, read without the rest (idsOfRecords)", () => {
  // Source keys are built from the export's own values: anything a CSV cell can hold, JSON-escaped in the row.
  const awkward = ['"', "\\", '\\"', '"],["x', "[", "],[", "ends with [", 'ends with ["', "{\"a\":[1,2]}", "é ü ✓ 😀", "\u0000 tab\t new\nline", ",", ""];

  it("gives the ids decodeBatch gives, whatever the source keys and hashes hold", () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = () => awkward[Math.floor(random() * awkward.length)];
    for (let round = 0; round < 200; round++) {
      const records = Array.from({ length: Math.floor(random() * 20) }, (_, i): [string, string, string] => [
        random() < 0.1 ? `id with "quote" ${i}` : crypto.randomUUID(), `${pick()}${pick()}`, pick(),
      ]);
      const row = encodeBatch({ ...batchOf(records) });
      expect(decodeBatchIds(row).ids).toEqual(decodeBatch(row).records.map(([id]) => id));
    }
  });

  it("reads JSON laid out with spaces, and first items that are not strings as decodeBatch does", () => {
    expect(idsOfRecords(' [ [ "a" , "k" , "h" ] ,\n [ "b", "k2", "h2" ] ] ')).toEqual(["a", "b"]);
    expect(idsOfRecords('[[12,"k","h"],[null,"k","h"]]')).toEqual(["12", "null"]);
    expect(idsOfRecords('[["\\u0041b","k","h"]]')).toEqual(["Ab"]);
    expect(idsOfRecords("[]")).toEqual([]);
    expect(idsOfRecords(null)).toEqual([]);
  });

  it("refuses a row that is not JSON, as decodeBatch does", () => {
    expect(() => idsOfRecords('[["a","unterminated')).toThrow(SyntaxError);
  });

  it("keeps the row's other columns as decodeBatch reads them", () => {
    const row = { ...encodeBatch(batchOf([["i1", "k1", "h1"]])), _dxm_migrationrunid_value: RUN, createdon: "2026-01-01T00:00:00Z", _createdby_value: "u1" };
    const { records, ...rest } = decodeBatch(row);
    expect(decodeBatchIds(row)).toEqual({ ...rest, ids: records.map(([id]) => id) });
  });
});

function batchOf(records: LedgerBatch["records"]): LedgerBatch {
  return { runId: RUN, sequence: 1, table: "contact", operation: "Create", status: "Written", records, beforeImages: {} };
}
