import { createMany, upsertMany } from "../../../dataverse";
import { FakeDataverseClient } from "../../../dataverse/testing/fake-client";

describe("createMany / upsertMany", () => {
  it("uses the bulk message when the table supports it; a bulk failure fails the whole chunk with its error", async () => {
    const client = new FakeDataverseClient();
    client.seed("contacts", [{ dxm_sourcekey: "patient:dup" }]);
    const ok = await createMany(client, "contacts", "contact", [{ dxm_sourcekey: "patient:1" }, { dxm_sourcekey: "patient:2" }]);
    expect(ok.map((r) => [r.index, r.via, typeof r.id, r.error])).toEqual([[0, "bulk", "string", undefined], [1, "bulk", "string", undefined]]);
    const failed = await createMany(client, "contacts", "contact", [{ dxm_sourcekey: "patient:3" }, { dxm_sourcekey: "patient:dup" }]);
    expect(failed.map((r) => r.error?.code)).toEqual(["0x80040237", "0x80040237"]);
    expect(client.records("contacts")).toHaveLength(3);
    expect(client.calls.filter((c) => c.operation === "createMultiple")).toHaveLength(2);
  });

  it("falls back to a $batch of one change set per record, so one bad record does not sink the rest", async () => {
    const client = new FakeDataverseClient({ bulkSupported: () => false });
    client.seed("contacts", [{ dxm_sourcekey: "patient:dup" }]);
    const results = await createMany(client, "contacts", "contact", [{ dxm_sourcekey: "patient:1" }, { dxm_sourcekey: "patient:dup" }, { dxm_sourcekey: "patient:2" }]);
    expect(results.map((r) => [r.via, r.error?.code, typeof r.id])).toEqual([["batch", undefined, "string"], ["batch", "0x80040237", "undefined"], ["batch", undefined, "string"]]);
    expect(client.records("contacts").map((r) => r.dxm_sourcekey)).toEqual(["patient:dup", "patient:1", "patient:2"]);
    expect(client.calls.map((c) => c.operation)).toEqual(["executeBatch"]);
  });

  it("upserts by alternate key through UpsertMultiple or a $batch of PATCHes, with the same outcome", async () => {
    for (const bulk of [true, false]) {
      const client = new FakeDataverseClient({ bulkSupported: () => bulk });
      const [existing] = client.seed("contacts", [{ dxm_sourcekey: "patient:1", lastname: "Old" }]);
      const results = await upsertMany(client, "contacts", "contact", [
        { ref: { dxm_sourcekey: "patient:1" }, body: { lastname: "New" } },
        { ref: { dxm_sourcekey: "patient:O'Brien" }, body: { lastname: "O'Brien" } },
      ]);
      expect(results[0]).toMatchObject({ index: 0, id: existing, via: bulk ? "bulk" : "batch" });
      expect(client.records("contacts").map((r) => [r.dxm_sourcekey, r.lastname])).toEqual([["patient:1", "New"], ["patient:O'Brien", "O'Brien"]]);
    }
  });
});
