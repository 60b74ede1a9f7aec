import { FakeDataverseClient } from "../../../dataverse/testing/fake-client";
import { readConfirmedMaps, readLearnedChoices, RUN_ENTITY_SET } from "../../../migration/ledger";
import type { ColumnMap, ConfirmedMap } from "../../../migration/mapping/types";

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString();

/** A stored map whose one patient column was confirmed as `chosen` where `proposed` was proposed. */
function mapOn(n: number, chosen: Pick<ColumnMap, "field" | "target">, proposed: Pick<ColumnMap, "field" | "target">, source = "Phone 2"): ConfirmedMap {
  return {
    version: 3, confirmedAt: day(n), confirmedBy: "systemuser:admin", timeZone: "America/Chicago",
    files: [{ file: "patients.csv", object: "patient", dateOrder: "MDY", columns: [{ source, ...chosen, proposed }] }],
  };
}

const home = { field: "homePhone", target: "contact.telephone2" };
const cell = { field: "cellPhone", target: "contact.mobilephone" };
const work = { field: "workPhone", target: "contact.telephone1" };
const lastName = { field: "lastName", target: "contact.lastname" };

/** 120 runs: the proposal kept on most (of another column), the admin's corrections of "Phone 2" on runs 10 (to cell) and 100 (to work); a draft and a hand-broken map. */
function org(): FakeDataverseClient {
  const client = new FakeDataverseClient();
  client.seed(RUN_ENTITY_SET, Array.from({ length: 120 }, (_, n) => {
    const map = n === 10 ? mapOn(n, cell, home) : n === 100 ? mapOn(n, work, home) : mapOn(n, lastName, lastName, "Last Name");
    return { dxm_name: `run ${n}`, createdon: day(n), dxm_confirmedmap: JSON.stringify(map) };
  }));
  client.seed(RUN_ENTITY_SET, [
    { dxm_name: "draft", createdon: day(200), dxm_confirmedmap: null },
    { dxm_name: "broken", createdon: day(201), dxm_confirmedmap: "{\"version\": 3, \"files\": " },
  ]);
  return client;
}

describe("readConfirmedMaps", () => {
  it("reads every run's map newest first, page by page, selecting the map column only; passes over rows without a readable map", async () => {
    const client = org();
    const query = jest.spyOn(client, "retrieveMultiple");
    const maps = await readConfirmedMaps(client);
    expect(maps).toHaveLength(120);
    expect(maps[0].confirmedAt).toBe(day(119));
    expect(maps[119].confirmedAt).toBe(day(0));
    expect(query).toHaveBeenCalledTimes(1);
    expect(query.mock.calls[0][1]).toMatchObject({ select: ["dxm_confirmedmap"], filter: "dxm_confirmedmap ne null", orderby: "createdon desc", maxPageSize: 50 });
    // 121 rows with a map (the broken one among them) in pages of 50: the first request and two next pages.
    expect(client.calls.filter((c) => c.operation === "nextPage")).toHaveLength(2);
  });

  it("stops after the newest maxRuns runs", async () => {
    const client = org();
    const maps = await readConfirmedMaps(client, { maxRuns: 60 });
    // The broken map is the newest row: 59 readable maps among the newest 60 rows, from two pages.
    expect(maps).toHaveLength(59);
    expect(maps[58].confirmedAt).toBe(day(61));
    expect(client.calls.filter((c) => c.operation === "nextPage")).toHaveLength(1);
  });
});

describe("readLearnedChoices", () => {
  it("gives the newest confirmation that corrected the proposal, with its date", async () => {
    const learned = await readLearnedChoices(org());
    expect(learned).toEqual([{ object: "patient", header: "phone 2", ...work, confirmedAt: day(100), corrected: home }]);
  });

  it("forgets a correction once a later run kept the engine's own proposal for that header", async () => {
    const client = org();
    client.seed(RUN_ENTITY_SET, [{ dxm_name: "later", createdon: day(150), dxm_confirmedmap: JSON.stringify(mapOn(150, home, home)) }]);
    expect(await readLearnedChoices(client)).toEqual([]);
  });
});
