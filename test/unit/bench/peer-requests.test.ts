import { cacheKey, executeMultiple, inBatches, keyBindOf, keyBinds, MAX_EXECUTE_MULTIPLE, resolveBinds, type LookupCache } from "../../../bench/workloads/peer-requests";
import { batchOperation, writeFor } from "../../../bench/workloads/peer";
import type { PlannedRecord } from "../../../migration/plan/types";

const ID = "11111111-2222-3333-4444-555555555555";

describe("inBatches", () => {
  it("groups in order, the last group shorter", () => {
    expect(inBatches([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(inBatches([1, 2, 3], 100)).toEqual([[1, 2, 3]]);
    expect(inBatches([], 10)).toEqual([]);
    expect(inBatches(Array.from({ length: 250 }, (_, i) => i), 100).map((b) => b.length)).toEqual([100, 100, 50]);
  });

  it("refuses a size below 1 or not whole", () => {
    expect(() => inBatches([1], 0)).toThrow(/at least 1/);
    expect(() => inBatches([1], 1.5)).toThrow(/whole number/);
  });
});

describe("executeMultiple", () => {
  it("is a $batch of independent requests: one change set each, continue on error", () => {
    const batch = executeMultiple([{ method: "POST", url: "contacts", body: { firstname: "A" } }, { method: "PATCH", url: `contacts(${ID})`, body: { statecode: 1 } }]);
    expect(batch.continueOnError).toBe(true);
    expect(batch.changeSets).toEqual([[{ method: "POST", url: "contacts", body: { firstname: "A" } }], [{ method: "PATCH", url: `contacts(${ID})`, body: { statecode: 1 } }]]);
    expect(batch.gets).toBeUndefined();
  });

  it("holds 1 to 1,000 writes", () => {
    expect(() => executeMultiple([])).toThrow(/at least one/);
    const many = Array.from({ length: MAX_EXECUTE_MULTIPLE + 1 }, () => ({ method: "POST" as const, url: "contacts", body: {} }));
    expect(() => executeMultiple(many)).toThrow(/at most 1000/);
    expect(executeMultiple(many.slice(1)).changeSets).toHaveLength(1000);
    expect(() => executeMultiple([{ method: "GET", url: "contacts" }])).toThrow(/writes only/);
  });
});

describe("lookups by alternate key", () => {
  it("reads the binds a planned payload makes by key, nested ones included, and leaves binds by id alone", () => {
    expect(keyBindOf("/accounts(dxm_sourcekey='location:3')")).toEqual({ entitySet: "accounts", sourceKey: "location:3" });
    expect(keyBindOf("contacts(dxm_sourcekey='patient:O''Neil')")).toEqual({ entitySet: "contacts", sourceKey: "patient:O'Neil" });
    expect(keyBindOf(`/systemusers(${ID})`)).toBeUndefined();
    expect(keyBindOf(42)).toBeUndefined();
    const payload = {
      subject: "x",
      "regardingobjectid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:1')",
      "ownerid@odata.bind": `/systemusers(${ID})`,
      email_activity_parties: [{ participationtypemask: 2, "partyid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:2')" }],
    };
    expect(keyBinds(payload)).toEqual([
      { entitySet: "contacts", sourceKey: "patient:1" },
      { entitySet: "contacts", sourceKey: "patient:2" },
    ]);
  });

  it("binds by id what the lookup pass found (keys case-insensitive), and counts what it did not", () => {
    const cache: LookupCache = new Map([["contacts", new Map([[cacheKey("PATIENT:1"), ID]])]]);
    const { payload, unresolved } = resolveBinds(
      {
        subject: "x",
        "regardingobjectid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:1')",
        email_activity_parties: [{ "partyid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:9')" }],
        "ownerid@odata.bind": `/systemusers(${ID})`,
      },
      cache,
    );
    expect(payload).toEqual({
      subject: "x",
      "regardingobjectid_contact@odata.bind": `/contacts(${ID})`,
      email_activity_parties: [{ "partyid_contact@odata.bind": "/contacts(dxm_sourcekey='patient:9')" }],
      "ownerid@odata.bind": `/systemusers(${ID})`,
    });
    expect(unresolved).toBe(1);
  });
});

describe("the write each peer makes for a planned record", () => {
  const record = { sourceKey: "patient:1", payload: { dxm_sourcekey: "patient:1", firstname: "A" } } as unknown as PlannedRecord;
  const cache: LookupCache = new Map([["contacts", new Map([["patient:1", ID]])]]);
  const stage = { entitySet: "contacts" };

  it("KingswaySoft: Create for new records, Update by the id its lookup pass read", () => {
    const settings = { newRecords: "create", updates: "by-id" } as const;
    expect(writeFor(stage, "upsert", record, record.payload, settings, cache)).toEqual({ kind: "create", entitySet: "contacts", body: record.payload });
    const update = writeFor(stage, "update", record, record.payload, settings, cache);
    expect(update).toEqual({ kind: "update", entitySet: "contacts", ref: ID, body: { firstname: "A" } });
    expect(batchOperation(update)).toEqual({ method: "PATCH", url: `contacts(${ID})`, body: { firstname: "A" }, headers: { "If-Match": "*" } });
  });

  it("Data Factory: upsert by alternate key for every keyed record; notes created", () => {
    const settings = { newRecords: "upsert", updates: "by-key" } as const;
    const upsert = writeFor(stage, "upsert", record, record.payload, settings, cache);
    expect(upsert).toEqual({ kind: "upsert", entitySet: "contacts", ref: { dxm_sourcekey: "patient:1" }, body: { firstname: "A" } });
    expect(batchOperation(upsert)).toEqual({ method: "PATCH", url: "contacts(dxm_sourcekey='patient:1')", body: { firstname: "A" } });
    expect(writeFor(stage, "update", record, record.payload, settings, cache).kind).toBe("upsert");
    expect(batchOperation(writeFor({ entitySet: "annotations" }, "create", record, { subject: "n" }, settings, cache))).toEqual({ method: "POST", url: "annotations", body: { subject: "n" } });
  });
});
