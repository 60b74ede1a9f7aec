import { createOnce } from "../../../dataverse/operations/create-once";
import { FakeDataverseClient } from "../../../dataverse/testing/fake-client";
import type { Entity, WriteOptions } from "../../../dataverse/types";

const dropped = () => Object.assign(new Error("No response from Dataverse: socket hang up"), { status: 0, code: "NetworkError", retriable: true });

/** Lands the first create, then loses its answer, as a dropped connection does. */
class LosingFirstAnswer extends FakeDataverseClient {
  creates = 0;
  override async create(entitySet: string, body: Entity, options?: WriteOptions): Promise<string> {
    const id = await super.create(entitySet, body, options);
    if (++this.creates === 1) throw dropped();
    return id;
  }
}

/** Loses the first request before it lands. */
class FailingFirst extends FakeDataverseClient {
  creates = 0;
  override async create(entitySet: string, body: Entity, options?: WriteOptions): Promise<string> {
    if (++this.creates === 1) throw dropped();
    return super.create(entitySet, body, options);
  }
}

describe("createOnce", () => {
  it("finds the record a lost answer created, and does not create it twice", async () => {
    const client = new LosingFirstAnswer();
    const id = await createOnce(client, "dxm_migrationruns", "dxm_migrationrunid", { dxm_name: "Run" });
    expect(client.creates).toBe(1);
    expect(await client.retrieve("dxm_migrationruns", id)).toMatchObject({ dxm_name: "Run" });
    expect(await client.retrieveAll("dxm_migrationruns")).toHaveLength(1);
  });

  it("sends again when the first attempt never landed", async () => {
    const client = new FailingFirst();
    const id = await createOnce(client, "dxm_migrationruns", "dxm_migrationrunid", { dxm_name: "Run" });
    expect(client.creates).toBe(2);
    expect(await client.retrieve("dxm_migrationruns", id)).toMatchObject({ dxm_name: "Run" });
  });

  it("passes other errors through at once", async () => {
    const client = new FakeDataverseClient();
    jest.spyOn(client, "create").mockRejectedValue(Object.assign(new Error("bad"), { status: 400, code: "0x80048d19" }));
    await expect(createOnce(client, "contacts", "contactid", {})).rejects.toThrow("bad");
    expect(client.create).toHaveBeenCalledTimes(1);
  });
});
