import { DataverseError, inFilter, NOT_EXECUTED_CODE } from "../../../dataverse";
import { FakeDataverseClient } from "../../../dataverse/testing/fake-client";

describe("FakeDataverseClient", () => {
  it("creates, retrieves by id or source key, updates, upserts and deletes", async () => {
    const client = new FakeDataverseClient();
    const id = await client.create("contacts", { lastname: "A", dxm_sourcekey: "patient:1" });
    expect(await client.retrieve("contacts", id, { select: ["lastname"] })).toEqual({ lastname: "A" });
    expect(await client.retrieve("contacts", { dxm_sourcekey: "patient:1" })).toMatchObject({ contactid: id });
    await client.update("contacts", { dxm_sourcekey: "patient:1" }, { lastname: "B" });
    expect(await client.upsert("contacts", { dxm_sourcekey: "patient:1" }, { firstname: "C" })).toBe(id);
    const created = await client.upsert("contacts", { dxm_sourcekey: "patient:2" }, { lastname: "D" });
    expect(created).not.toBe(id);
    expect(client.records("contacts").map((r) => [r.dxm_sourcekey, r.lastname, r.firstname])).toEqual([["patient:1", "B", "C"], ["patient:2", "D", undefined]]);
    await client.delete("contacts", created);
    expect(await client.retrieve("contacts", created)).toBeNull();
    expect(client.counters).toMatchObject({ requests: 8, operations: 8 });
  });

  it("answers like Dataverse for duplicate keys, missing records and update-only / create-only upserts", async () => {
    const client = new FakeDataverseClient();
    await client.create("contacts", { dxm_sourcekey: "patient:1" });
    await expect(client.create("contacts", { dxm_sourcekey: "patient:1" })).rejects.toMatchObject({ status: 412, code: "0x80040237" });
    await expect(client.upsert("contacts", { dxm_sourcekey: "patient:1" }, {}, "createOnly")).rejects.toMatchObject({ status: 412 });
    await expect(client.upsert("contacts", { dxm_sourcekey: "patient:9" }, {}, "updateOnly")).rejects.toMatchObject({ status: 404, code: "0x80040217" });
    await expect(client.update("contacts", "00000000-0000-0000-0000-000000000009", {})).rejects.toBeInstanceOf(DataverseError);
  });

  it("filters with eq and In, orders, counts and pages through nextLink", async () => {
    const client = new FakeDataverseClient();
    client.seed("contacts", Array.from({ length: 7 }, (_, i) => ({ dxm_sourcekey: `patient:${i}`, n: i, parity: i % 2 })));
    const page = await client.retrieveMultiple("contacts", { filter: "parity eq 0", orderby: "n desc", count: true, maxPageSize: 3, select: ["n"] });
    expect(page.value).toEqual([{ n: 6 }, { n: 4 }, { n: 2 }]);
    expect(page.count).toBe(4);
    expect((await client.nextPage(page.nextLink!)).value).toEqual([{ n: 0 }]);
    const keyed = await client.retrieveAll("contacts", { filter: inFilter("dxm_sourcekey", ["patient:1", "patient:5", "patient:99"]), maxPageSize: 1 });
    expect(keyed.map((r) => r.n)).toEqual([1, 5]);
    await expect(client.retrieveMultiple("contacts", { filter: "contains(lastname,'x')" })).rejects.toThrow(/does not understand/);
  });

  it("runs $batch change sets atomically, resolves $1, and stops at a failure unless continue-on-error", async () => {
    const client = new FakeDataverseClient();
    await client.create("contacts", { dxm_sourcekey: "patient:dup" });
    const results = await client.executeBatch({
      changeSets: [
        [{ method: "POST", url: "accounts", body: { name: "Practice" }, contentId: "1" }, { method: "PATCH", url: "$1", body: { telephone1: "1" } }],
        [{ method: "POST", url: "contacts", body: { dxm_sourcekey: "patient:new" } }, { method: "POST", url: "contacts", body: { dxm_sourcekey: "patient:dup" } }],
        [{ method: "PATCH", url: "contacts(dxm_sourcekey='patient:3')", body: {} }],
      ],
    });
    expect(results.map((r) => [r.index, r.status, r.error?.code, r.rolledBack])).toEqual([
      [0, 204, undefined, undefined], [1, 204, undefined, undefined],
      [2, 412, "0x80040237", true], [3, 412, "0x80040237", undefined],
      [4, 0, NOT_EXECUTED_CODE, undefined],
    ]);
    expect(client.records("accounts")).toEqual([expect.objectContaining({ name: "Practice", telephone1: "1" })]);
    expect(client.records("contacts").map((r) => r.dxm_sourcekey)).toEqual(["patient:dup"]);
    const continued = await client.executeBatch({ changeSets: [[{ method: "POST", url: "contacts", body: { dxm_sourcekey: "patient:dup" } }], [{ method: "PATCH", url: "contacts(dxm_sourcekey='patient:3')", body: {} }]], continueOnError: true });
    expect(continued.map((r) => r.status)).toEqual([412, 204]);
    expect(client.counters.operations).toBe(1 + 5 + 2);
  });

  it("runs bulk messages all-or-nothing and honours the bulk-support switch", async () => {
    const client = new FakeDataverseClient({ bulkSupported: (table) => table !== "dxm_appointment" });
    const ids = await client.createMultiple("contacts", "contact", [{ dxm_sourcekey: "patient:1" }, { dxm_sourcekey: "patient:2" }]);
    expect(ids).toHaveLength(2);
    await expect(client.createMultiple("contacts", "contact", [{ dxm_sourcekey: "patient:3" }, { dxm_sourcekey: "patient:1" }])).rejects.toMatchObject({ code: "0x80040237" });
    expect(client.records("contacts")).toHaveLength(2);
    const upserted = await client.upsertMultiple("contacts", "contact", [{ "@odata.id": "contacts(dxm_sourcekey='patient:1')", lastname: "X" }, { dxm_sourcekey: "patient:4" }]);
    expect(upserted[0]).toBe(ids[0]);
    await client.updateMultiple("contacts", "contact", [{ contactid: ids[1], lastname: "Y" }]);
    expect(client.records("contacts").map((r) => r.lastname)).toEqual(["X", "Y", undefined]);
    expect(await client.supportsBulk("contact", "CreateMultiple")).toBe(true);
    expect(await client.supportsBulk("dxm_appointment", "CreateMultiple")).toBe(false);
  });

  it("injects write failures, deletes in bulk and reports the job as completed", async () => {
    const client = new FakeDataverseClient({ failWrite: ({ record }) => (record.bad ? { status: 400, code: "0x80044331", message: "validation", retriable: false } : undefined) });
    await expect(client.create("contacts", { bad: true })).rejects.toMatchObject({ code: "0x80044331" });
    client.seed("contacts", [{ dxm_migrationrunid: "run-1" }, { dxm_migrationrunid: "run-2" }]);
    const job = await client.bulkDelete({ name: "rollback", table: "contact", conditions: [{ attribute: "dxm_migrationrunid", operator: "eq", values: ["run-1"] }] });
    expect(await client.getAsyncJob(job)).toEqual({ id: job, stateCode: 3, statusCode: 30 });
    expect(client.records("contacts").map((r) => r.dxm_migrationrunid)).toEqual(["run-2"]);
  });

  it("keeps table metadata, adds columns and records publishing", async () => {
    const client = new FakeDataverseClient({ metadata: [{ LogicalName: "contact", EntitySetName: "contacts", PrimaryIdAttribute: "contactid", PrimaryNameAttribute: "fullname", IsCustomEntity: false, Attributes: [] }] });
    await client.createColumn({ table: "contact", logicalName: "dxm_chart", displayName: "Chart", type: "string", maxLength: 20 });
    await expect(client.createColumn({ table: "contact", logicalName: "dxm_chart", displayName: "Chart", type: "string" })).rejects.toMatchObject({ status: 400 });
    expect((await client.getEntityMetadata("contact")).Attributes).toEqual([expect.objectContaining({ LogicalName: "dxm_chart", AttributeType: "String", MaxLength: 20 })]);
    await client.publish(["contact"]);
    expect(client.published).toEqual([["contact"]]);
    await expect(client.getEntityMetadata("nothing")).rejects.toMatchObject({ status: 404 });
    expect((await client.whoAmI()).UserId).toBe(client.userId);
  });
});
