import type { RunningEmulator } from "../../../emulator";
import type { DataverseClientApi, Entity } from "../../../dataverse/types";
import { migrate } from "../../../migration/run/migrate";
import type { MigrateInput } from "../../../migration/run/types";
import { CUSTOM_FIELDS_SOLUTION } from "../../../migration/run/custom-fields-solution";
import { emulator as startPlain } from "../emulator/helpers";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(120_000);

const input = (exports: Exports): MigrateInput => ({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true });

/** The MetadataId of each `table.column`, as the org's metadata gives it. */
async function metadataIds(client: DataverseClientApi, columns: string[]): Promise<string[]> {
  return Promise.all(columns.map(async (c) => {
    const [table, column] = c.split(".");
    const attribute = await client.execute<{ MetadataId: string }>("GET", `EntityDefinitions(LogicalName='${table}')/Attributes(LogicalName='${column}')?$select=MetadataId`);
    return attribute.MetadataId.toLowerCase();
  }));
}

async function solutionsNamed(client: DataverseClientApi, name: string): Promise<Entity[]> {
  return client.retrieveAll<Entity>("solutions", { select: ["solutionid", "uniquename", "friendlyname", "ismanaged", "_publisherid_value"], filter: `uniquename eq '${name}'` });
}

describe("columns created for the practice's custom fields belong to a solution of the org's own", () => {
  let exports: Exports;
  let emu: RunningEmulator | undefined;

  beforeAll(async () => {
    exports = await exportsOf(6);
  });
  afterAll(() => exports?.cleanup());
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("creates the unmanaged solution under the dxm publisher once, and files every created column in it", async () => {
    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    expect(await solutionsNamed(client, CUSTOM_FIELDS_SOLUTION.uniqueName)).toEqual([]);

    const first = await migrate(input(exports), client);
    expect(first.status).toBe("Completed");
    expect(first.columnsCreated.length).toBeGreaterThanOrEqual(3);

    const [solution, ...others] = await solutionsNamed(client, CUSTOM_FIELDS_SOLUTION.uniqueName);
    expect(others).toEqual([]);
    expect(solution).toMatchObject({ friendlyname: CUSTOM_FIELDS_SOLUTION.friendlyName, ismanaged: false });
    const publisher = await client.retrieve<Entity>("publishers", String(solution._publisherid_value), { select: ["uniquename", "customizationprefix", "customizationoptionvalueprefix"] });
    expect(publisher).toMatchObject({ uniquename: "dentalexecmigration", customizationprefix: "dxm", customizationoptionvalueprefix: 72410 });
    for (const column of first.columnsCreated) expect(column).toMatch(/^[a-z_]+\.dxm_/);

    const components = await client.retrieveAll<Entity>("solutioncomponents", { select: ["componenttype", "objectid"], filter: `_solutionid_value eq ${String(solution.solutionid)}` });
    expect(components.map((c) => c.componenttype)).toEqual(first.columnsCreated.map(() => 2));
    expect(components.map((c) => String(c.objectid).toLowerCase()).sort()).toEqual((await metadataIds(client, first.columnsCreated)).sort());

    // A second run finds the columns and the solution there: nothing is created twice.
    const second = await migrate(input(exports), client);
    expect(second.columnsCreated).toEqual([]);
    expect(await solutionsNamed(client, CUSTOM_FIELDS_SOLUTION.uniqueName)).toHaveLength(1);
    expect(await client.retrieveAll<Entity>("publishers", { select: ["publisherid"], filter: "uniquename eq 'dentalexecmigration'" })).toHaveLength(1);
  });

  it("uses the solution an earlier run left, when the publisher and solution are already there", async () => {
    emu = await emulator({ bulk: true });
    const client = await clientFor(emu);
    const publisherId = await client.create("publishers", { uniquename: "dentalexecmigration", friendlyname: "Dental-Exec Migration", customizationprefix: "dxm", customizationoptionvalueprefix: 72410 });
    await client.create("solutions", { uniquename: CUSTOM_FIELDS_SOLUTION.uniqueName, friendlyname: "Kept by the admin", version: "1.0.0.0", "publisherid@odata.bind": `/publishers(${publisherId})` });
    const result = await migrate(input(exports), client);
    const [solution] = await solutionsNamed(client, CUSTOM_FIELDS_SOLUTION.uniqueName);
    expect(solution.friendlyname).toBe("Kept by the admin");
    const components = await client.retrieveAll<Entity>("solutioncomponents", { select: ["objectid"], filter: `_solutionid_value eq ${String(solution.solutionid)}` });
    expect(components).toHaveLength(result.columnsCreated.length);
    expect(await client.retrieveAll<Entity>("publishers", { select: ["publisherid"], filter: "uniquename eq 'dentalexecmigration'" })).toHaveLength(1);
  });
});

describe("the emulator honours MSCRM.SolutionUniqueName on a column create", () => {
  const column = {
    "@odata.type": "Microsoft.Dynamics.CRM.StringAttributeMetadata", SchemaName: "dxm_FavoriteFloss", MaxLength: 20,
    DisplayName: { LocalizedLabels: [{ Label: "Favorite floss", LanguageCode: 1033 }] }, RequiredLevel: { Value: "None" },
  };

  it("refuses a solution name it does not know with Dataverse's error, and creates no column", async () => {
    const em = await startPlain();
    try {
      const reply = await em.call("POST", "EntityDefinitions(LogicalName='contact')/Attributes", column, { "MSCRM.SolutionUniqueName": "NoSuchSolution" });
      expect(reply.status).toBe(404);
      expect(reply.body.error).toEqual({ code: "0x80040217", message: "The given solution unique name (NoSuchSolution) is not valid" });
      expect((await em.call("GET", "EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='dxm_favoritefloss')")).status).toBe(404);
    } finally {
      await em.close();
    }
  });

  it("refuses a managed solution; records a component in an unmanaged one; without the header records none", async () => {
    const em = await startPlain();
    try {
      const publisher = await em.call("POST", "publishers", { uniquename: "p", friendlyname: "P", customizationprefix: "dxm", customizationoptionvalueprefix: 72410 });
      const publisherId = publisher.headers.get("odata-entityid")!.match(/\(([^)]+)\)$/)![1];
      await em.call("POST", "solutions", { uniquename: "Shipped", friendlyname: "Shipped", version: "1.0.0.0", ismanaged: true, "publisherid@odata.bind": `publishers(${publisherId})` });
      await em.call("POST", "solutions", { uniquename: "Mine", friendlyname: "Mine", version: "1.0.0.0", "publisherid@odata.bind": `publishers(${publisherId})` });
      const managed = await em.call("POST", "EntityDefinitions(LogicalName='contact')/Attributes", column, { "MSCRM.SolutionUniqueName": "Shipped" });
      expect(managed.status).toBe(400);
      expect((await em.call("POST", "EntityDefinitions(LogicalName='contact')/Attributes", column, { "MSCRM.SolutionUniqueName": "mine" })).status).toBe(204);
      expect((await em.call("POST", "EntityDefinitions(LogicalName='account')/Attributes", column)).status).toBe(204);
      const components = await em.call("GET", "solutioncomponents?$select=componenttype,objectid,_solutionid_value");
      const attribute = await em.call("GET", "EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='dxm_favoritefloss')?$select=MetadataId");
      expect(components.body.value).toHaveLength(1);
      expect(components.body.value[0]).toMatchObject({ componenttype: 2, objectid: attribute.body.MetadataId });
      const mine = await em.call("GET", "solutions?$select=solutionid&$filter=uniquename eq 'Mine'");
      expect(components.body.value[0]._solutionid_value).toBe(mine.body.value[0].solutionid);
    } finally {
      await em.close();
    }
  });
});
