import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildCustomizationsXml } from "../../../solution/pack";
import { emulator, idFrom } from "./helpers";

describe("emulator schema from customizations.xml, metadata and messages", () => {
  it("rejects a write to a column the solution did not emit, exactly as Dataverse does", async () => {
    const full = buildCustomizationsXml();
    const forgot = full.replace(/<attribute PhysicalName="dxm_npi">[\s\S]*?<\/attribute>/i, "");
    expect(forgot.length).toBeLessThan(full.length);
    const em = await emulator({ customizationsXml: forgot });
    try {
      const reply = await em.call("POST", "contacts", { lastname: "Dr", dxm_npi: "1234567890" });
      expect(reply.status).toBe(400);
      expect(reply.body.error).toEqual({ code: "0x80048d19", message: expect.stringContaining("The property 'dxm_npi' does not exist on type 'Microsoft.Dynamics.CRM.contact'") });
      expect((await em.call("POST", "contacts", { lastname: "Dr", dxm_credentials: "DDS" })).status).toBe(204);
    } finally {
      await em.close();
    }
  });

  it("serves EntityDefinitions with attributes and option sets, creates a column and publishes", async () => {
    const em = await emulator();
    try {
      const def = await em.call("GET", "EntityDefinitions(LogicalName='contact')?$select=LogicalName,EntitySetName,PrimaryIdAttribute&$expand=Attributes,Keys");
      expect(def.body).toMatchObject({ LogicalName: "contact", EntitySetName: "contacts", PrimaryIdAttribute: "contactid" });
      const specialty = def.body.Attributes.find((a: { LogicalName: string }) => a.LogicalName === "dxm_specialty");
      expect(specialty.AttributeType).toBe("Picklist");
      expect(specialty.OptionSet.Options[0]).toMatchObject({ Value: 724100000, Label: { UserLocalizedLabel: { Label: "General dentistry" } } });
      expect(def.body.Keys[0].KeyAttributes).toEqual(["dxm_sourcekey"]);
      const created = await em.call("POST", "EntityDefinitions(LogicalName='contact')/Attributes", {
        "@odata.type": "Microsoft.Dynamics.CRM.StringAttributeMetadata", SchemaName: "dxm_FavoriteFloss", MaxLength: 20,
        DisplayName: { LocalizedLabels: [{ Label: "Favorite floss", LanguageCode: 1033 }] }, RequiredLevel: { Value: "None" },
      });
      expect(created.status).toBe(204);
      expect((await em.call("POST", "PublishXml", { ParameterXml: "<importexportxml><entities><entity>contact</entity></entities></importexportxml>" })).status).toBe(204);
      expect((await em.call("POST", "contacts", { lastname: "x", dxm_favoritefloss: "mint" })).status).toBe(204);
      expect((await em.call("POST", "contacts", { lastname: "x", dxm_favoritefloss: "m".repeat(21) })).body.error.code).toBe("0x80044331");
      const attribute = await em.call("GET", "EntityDefinitions(LogicalName='contact')/Attributes(LogicalName='dxm_favoritefloss')");
      expect(attribute.body.MaxLength).toBe(20);
    } finally {
      await em.close();
    }
  });

  it("keeps data and created columns in a SQLite file across restarts", async () => {
    const dir = mkdtempSync(join(tmpdir(), "dxm-emulator-"));
    const dataFile = join(dir, "org.sqlite");
    try {
      const first = await emulator({ dataFile });
      await first.call("POST", "EntityDefinitions(LogicalName='account')/Attributes", { "@odata.type": "Microsoft.Dynamics.CRM.IntegerAttributeMetadata", SchemaName: "dxm_Chairs" });
      await first.call("POST", "accounts", { name: "Kept", dxm_chairs: 4 });
      await first.close();
      const second = await emulator({ dataFile });
      const rows = await second.call("GET", "accounts?$select=name,dxm_chairs");
      expect(rows.body.value).toEqual([expect.objectContaining({ name: "Kept", dxm_chairs: 4 })]);
      expect(second.stats().rowsPerTable.systemuser).toBe(5);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers WhoAmI, runs BulkDelete as a pollable job and takes chunked note uploads within MaxUploadFileSize", async () => {
    const em = await emulator({ timeScale: 10 });
    try {
      const who = await em.call("GET", "WhoAmI");
      expect(who.body.UserId).toBe("00000000-0000-0000-0000-0000000000c1");
      const users = await em.call("GET", `systemusers?$select=internalemailaddress&$filter=${encodeURIComponent("isdisabled eq true")}`);
      expect(users.body.value).toHaveLength(1);
      for (const key of ["p:1", "p:2", "q:1"]) await em.call("POST", "contacts", { lastname: key, dxm_sourcekey: key });
      const job = await em.call("POST", "BulkDelete", {
        JobName: "rollback", SendEmailNotification: false, ToRecipients: [], CCRecipients: [], RecurrencePattern: "", StartDateTime: new Date().toISOString(),
        QuerySet: [{ EntityName: "contact", Criteria: { FilterOperator: "And", Conditions: [{ AttributeName: "dxm_sourcekey", Operator: "In", Values: [{ Value: "p:1", Type: "System.String" }, { Value: "p:2", Type: "System.String" }] }] } }],
      });
      expect(job.status).toBe(200);
      let state = 0;
      for (let i = 0; i < 50 && state !== 3; i++) {
        await new Promise((r) => setTimeout(r, 20));
        const status = await em.call("GET", `asyncoperations(${job.body.JobId})?$select=statecode,statuscode`);
        state = status.body.statecode;
        if (state === 3) expect(status.body.statuscode).toBe(30);
      }
      expect(state).toBe(3);
      expect(em.stats().rowsPerTable.contact).toBe(1);

      const contact = idFrom(await em.call("POST", "contacts", { lastname: "n" }));
      const init = await em.call("POST", "InitializeAnnotationBlocksUpload", { Target: { "@odata.type": "Microsoft.Dynamics.CRM.annotation", subject: "x-ray", "objectid_contact@odata.bind": `/contacts(${contact})` } });
      const token = init.body.FileContinuationToken;
      const blocks = ["Zmlyc3Q=", "c2Vjb25k"];
      for (const [i, data] of blocks.entries()) expect((await em.call("POST", "UploadBlock", { BlockId: `b${i}`, BlockData: data, FileContinuationToken: token })).status).toBe(204);
      const commit = await em.call("POST", "CommitAnnotationBlocksUpload", { Target: { "@odata.type": "Microsoft.Dynamics.CRM.annotation", filename: "x.txt", mimetype: "text/plain" }, BlockList: ["b0", "b1"], FileContinuationToken: token });
      expect(commit.body.FileSizeInBytes).toBe(11);
      const note = await em.call("GET", `annotations(${commit.body.AnnotationId})?$select=documentbody,filename,_objectid_value`);
      expect(Buffer.from(note.body.documentbody, "base64").toString()).toBe("firstsecond");
      expect(note.body._objectid_value).toBe(contact);
      const big = Buffer.alloc(5 * 1024 * 1024 + 1).toString("base64");
      const tooLarge = await em.call("POST", "annotations", { subject: "big", documentbody: big, filename: "big.bin" });
      expect(tooLarge.status).toBe(400);
      expect(tooLarge.body.error.code).toBe("0x80043e09");
    } finally {
      await em.close();
    }
  });
});

describe("connection roles", () => {
  it("installs the solution's connection roles with their ids instead of the seed's", async () => {
    const em = await emulator();
    try {
      const roles = await em.call("GET", "connectionroles?$select=name,connectionroleid&$orderby=name");
      const shipped = Object.fromEntries(em.emulator.schema.connectionRoles.map((r) => [r.name, r.connectionroleid]));
      expect(Object.keys(shipped).sort()).toEqual(["Patient", "Practice location"]);
      expect(roles.body.value.map((r: { name: string; connectionroleid: string }) => [r.name, r.connectionroleid]))
        .toEqual([["Patient", shipped.Patient], ["Practice location", shipped["Practice location"]]]);
    } finally {
      await em.close();
    }
    const bare = await emulator({ customizationsXml: "<ImportExportXml><Entities/></ImportExportXml>" });
    try {
      const roles = await bare.call("GET", "connectionroles?$select=connectionroleid&$orderby=name");
      expect(roles.body.value.map((r: { connectionroleid: string }) => r.connectionroleid)).toEqual(["00000000-0000-0000-0000-0000000000f1", "00000000-0000-0000-0000-0000000000f2"]);
    } finally {
      await bare.close();
    }
  });
});
