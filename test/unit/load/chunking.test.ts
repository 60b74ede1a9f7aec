import { AdaptiveChunkSize } from "../../../migration/load/chunk-size";
import { writeIsolating } from "../../../migration/load/isolate";
import { bytesToBase64 } from "../../../migration/load/base64";
import { beforeImageOf, lookupColumn, rowAsCreated, selectForImage, updatePayload, writtenKeys } from "../../../migration/load/columns";
import { partiesImage } from "../../../migration/load/existing";
import type { EntityMetadata } from "../../../dataverse/types";

describe("AdaptiveChunkSize", () => {
  it("doubles while healthy up to 1000, holds while throttled, halves on limits", () => {
    const size = new AdaptiveChunkSize({ initial: 150 });
    const seen = [size.size];
    for (let i = 0; i < 4; i++) {
      size.succeeded(false);
      seen.push(size.size);
    }
    expect(seen).toEqual([150, 300, 600, 1000, 1000]);
    size.succeeded(true);
    expect(size.size).toBe(1000);
    size.limited();
    expect(size.size).toBe(500);
    for (let i = 0; i < 20; i++) size.failed();
    expect(size.size).toBe(1);
  });

  it("never exceeds the Dataverse cap whatever it is given", () => {
    expect(new AdaptiveChunkSize({ initial: 5000, max: 5000 }).size).toBe(1000);
  });
});

describe("writeIsolating", () => {
  it("isolates exactly the rejected items and keeps ids in order", async () => {
    const bad = new Set([3, 4, 17]);
    const requests: number[][] = [];
    const result = await writeIsolating(Array.from({ length: 20 }, (_, i) => i), async (items) => {
      requests.push(items);
      if (items.some((i) => bad.has(i))) throw Object.assign(new Error("bad"), { status: 400, code: "0x1", retriable: false });
      return items.map((i) => `id-${i}`);
    });
    expect(result.failed.map((f) => f.item)).toEqual([3, 4, 17]);
    expect(result.written.map((w) => w.item)).toEqual(Array.from({ length: 20 }, (_, i) => i).filter((i) => !bad.has(i)));
    expect(result.written.every((w) => w.id === `id-${w.item}`)).toBe(true);
    expect(result.limited).toBe(false);
    expect(requests.length).toBeLessThan(20);
  });

  it("retries a single record on a retriable error, then reports it", async () => {
    let calls = 0;
    const result = await writeIsolating(["x"], async () => {
      calls++;
      throw Object.assign(new Error("busy"), { status: 503, code: "0x80072322", retriable: true });
    });
    expect(calls).toBe(3);
    expect(result.limited).toBe(true);
    expect(result.failed[0].error.code).toBe("0x80072322");
  });

  it.each([
    ["no answer after the retries", { status: 0, code: "NetworkError" }],
    ["a refused sign-in", { status: 401, code: "HTTP401" }],
    ["a gateway's page", { status: 502, code: "HTTP502" }],
    ["unavailable, without Dataverse's error", { status: 503, code: "HTTP503" }],
  ])("stops at %s: the org failed, not the records, so nothing is split or blamed on a row", async (_, failure) => {
    let calls = 0;
    const error = Object.assign(new Error("org"), { ...failure, retriable: true });
    await expect(writeIsolating(Array.from({ length: 8 }, (_, i) => i), async () => {
      calls++;
      throw error;
    })).rejects.toBe(error);
    expect(calls).toBe(1);
  });

  it("rethrows an abort instead of treating it as a bad row", async () => {
    const abort = Object.assign(new Error("aborted"), { name: "AbortError" });
    await expect(writeIsolating([1, 2], async () => Promise.reject(abort))).rejects.toBe(abort);
  });
});

describe("bytesToBase64", () => {
  it("matches Node's encoding for binary data longer than one slice", () => {
    const bytes = Uint8Array.from({ length: 70000 }, (_, i) => (i * 31) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString("base64"));
  });
});

describe("before-images", () => {
  const metadata: EntityMetadata = {
    LogicalName: "contact", EntitySetName: "contacts", PrimaryIdAttribute: "contactid", PrimaryNameAttribute: "fullname", IsCustomEntity: false,
    Attributes: [
      { LogicalName: "parentcustomerid", AttributeType: "Customer" },
      { LogicalName: "firstname", AttributeType: "String" },
      { LogicalName: "overriddencreatedon", AttributeType: "DateTime", IsValidForUpdate: false },
    ],
  };

  it("maps navigation properties to their lookup columns from metadata", () => {
    expect(lookupColumn("parentcustomerid_account", metadata)).toBe("parentcustomerid");
    expect(lookupColumn("dxm_patientid", metadata)).toBe("dxm_patientid");
  });

  it("images lookups as binds and leaves out create-only columns", () => {
    const payload = { firstname: "New", "parentcustomerid_account@odata.bind": "/accounts(dxm_sourcekey='location:1')", overriddencreatedon: "2020-01-01T00:00:00Z", dxm_sourcekey: "patient:1" };
    const row = { firstname: "Old", _parentcustomerid_value: "cccccccc-0000-4000-8000-000000000001", overriddencreatedon: "2019-01-01T00:00:00Z" };
    expect(beforeImageOf(row, payload, metadata)).toEqual({ firstname: "Old", "parentcustomerid_account@odata.bind": "/accounts(cccccccc-0000-4000-8000-000000000001)" });
    expect(updatePayload(payload, metadata)).toEqual({ firstname: "New", "parentcustomerid_account@odata.bind": "/accounts(dxm_sourcekey='location:1')", dxm_sourcekey: "patient:1" });
  });

  it("reads a record just created as a read would return it: lookups bound by id as _x_value, by key unknown", () => {
    const created = { "@odata.type": "Microsoft.Dynamics.CRM.contact", firstname: "Ann", "parentcustomerid_account@odata.bind": "/accounts(dxm_sourcekey='location:1')", "ownerid@odata.bind": "/systemusers(aaaaaaaa-0000-4000-8000-000000000001)" };
    const { row, unknown } = rowAsCreated(created, { ...metadata, Attributes: [...metadata.Attributes, { LogicalName: "ownerid", AttributeType: "Owner" }] });
    expect(row).toEqual({ firstname: "Ann", _ownerid_value: "aaaaaaaa-0000-4000-8000-000000000001" });
    expect([...unknown]).toEqual(["parentcustomerid"]);
    // The before-image of an update written right after that create: what the create left.
    expect(beforeImageOf(row, { firstname: "Anne", "ownerid@odata.bind": "/systemusers(bbbbbbbb-0000-4000-8000-000000000002)" })).toEqual({
      firstname: "Ann", "ownerid@odata.bind": "/systemusers(aaaaaaaa-0000-4000-8000-000000000001)",
    });
  });

  it("never selects or images a deep insert (an email's parties), but sends it with the update so the list is replaced", () => {
    const email: EntityMetadata = { ...metadata, LogicalName: "email", EntitySetName: "emails", PrimaryIdAttribute: "activityid", Attributes: [{ LogicalName: "subject", AttributeType: "String" }] };
    const parties = [{ participationtypemask: 1, "partyid_systemuser@odata.bind": "/systemusers(u-1)" }];
    const payload = { subject: "New", email_activity_parties: parties, dxm_sourcekey: "comm:1" };
    expect(writtenKeys(payload)).toEqual(["subject", "dxm_sourcekey"]);
    expect(selectForImage(payload, email)).toEqual(["subject"]);
    expect(beforeImageOf({ subject: "Old" }, payload, email)).toEqual({ subject: "Old" });
    expect(updatePayload(payload, email)).toEqual(payload);
    // Read with its previous parties, the row images them as the collection that puts them back.
    const previous = [{ participationtypemask: 1, "partyid_systemuser@odata.bind": "/systemusers(u-0)" }];
    expect(beforeImageOf({ subject: "Old", email_activity_parties: previous }, payload, email)).toEqual({ email_activity_parties: previous, subject: "Old" });
  });

  it("images an activity's parties as binds to the table each points at (ids only), or not at all when one cannot be bound back", () => {
    const user = "00000000-0000-4000-8000-000000000001";
    const contact = "cccccccc-0000-4000-8000-000000000001";
    const read = [
      { _activityid_value: "a", participationtypemask: 1, _partyid_value: user, addressused: "someone@dental.example", partyid_contact: null, partyid_systemuser: { systemuserid: user } },
      { _activityid_value: "a", participationtypemask: 2, _partyid_value: contact, addressused: null, partyid_contact: { contactid: contact }, partyid_systemuser: null },
    ];
    expect(partiesImage(read)).toEqual([
      { participationtypemask: 1, "partyid_systemuser@odata.bind": `/systemusers(${user})` },
      { participationtypemask: 2, "partyid_contact@odata.bind": `/contacts(${contact})` },
    ]);
    expect(partiesImage([])).toEqual([]);
    const account = { _activityid_value: "a", participationtypemask: 2, _partyid_value: "dddddddd-0000-4000-8000-000000000001", partyid_contact: null, partyid_systemuser: null };
    const unresolved = { _activityid_value: "a", participationtypemask: 3, _partyid_value: null, addressused: "cc@example.org", partyid_contact: null, partyid_systemuser: null };
    expect(partiesImage([...read, account])).toBeUndefined();
    expect(partiesImage([...read, unresolved])).toBeUndefined();
  });
});
