import { SEED_IDS, seededObjectId, testToken } from "../../../emulator";
import { emulator, idFrom } from "./helpers";

const DANA = "00000000-0000-0000-0000-0000000000c2"; // Salesperson
const LUIS = "00000000-0000-0000-0000-0000000000c3"; // Salesperson + the solution's Dental-Exec Migration Administrator
const OWEN = "00000000-0000-0000-0000-0000000000c5"; // disabled
const as = (userId: string) => ({ Authorization: `Bearer ${testToken({ oid: seededObjectId(userId) })}` });

describe("emulator identities and privileges", () => {
  it("runs a request as the user the token names: WhoAmI, createdby, modifiedby and the default owner follow it", async () => {
    const em = await emulator();
    try {
      const anonymous = await em.call("GET", "WhoAmI");
      expect(anonymous.body.UserId).toBe(SEED_IDS.caller);
      const dana = await em.call("GET", "WhoAmI", undefined, as(DANA));
      expect(dana.body).toMatchObject({ UserId: DANA, BusinessUnitId: SEED_IDS.businessUnit, OrganizationId: SEED_IDS.organization });

      const id = idFrom(await em.call("POST", "contacts", { lastname: "Token" }, as(DANA)));
      const created = await em.call("GET", `contacts(${id})?$select=_createdby_value,_modifiedby_value,_ownerid_value`);
      expect(created.body).toMatchObject({ _createdby_value: DANA, _modifiedby_value: DANA, _ownerid_value: DANA });
      expect((await em.call("PATCH", `contacts(${id})`, { firstname: "Edited" })).status).toBe(204);
      const edited = await em.call("GET", `contacts(${id})?$select=_createdby_value,_modifiedby_value`);
      expect(edited.body).toMatchObject({ _createdby_value: DANA, _modifiedby_value: SEED_IDS.caller });
    } finally {
      await em.close();
    }
  });

  it("refuses a token whose user is not in the org, a disabled user, and with a token map an unlisted opaque token", async () => {
    const em = await emulator({ tokens: { "dana-token": DANA } });
    try {
      expect((await em.call("GET", "WhoAmI", undefined, { Authorization: "Bearer dana-token" })).body.UserId).toBe(DANA);
      const stranger = await em.call("GET", "WhoAmI", undefined, { Authorization: `Bearer ${testToken({ oid: "11111111-2222-3333-4444-555555555555" })}` });
      expect(stranger.status).toBe(401);
      expect(stranger.body.error.code).toBe("0x80072560");
      expect((await em.call("GET", "WhoAmI", undefined, { Authorization: "Bearer not-listed" })).status).toBe(401);
      const disabled = await em.call("GET", "WhoAmI", undefined, as(OWEN));
      expect(disabled.status).toBe(403);
      expect(disabled.body.error.message).toContain(`SystemUserId=${OWEN}`);
    } finally {
      await em.close();
    }
  });

  it("keeps a service-protection window per user", async () => {
    const em = await emulator({ limits: { requests: 2, executionMs: 1_000_000, concurrent: 52, windowMs: 300_000 } });
    try {
      for (let i = 0; i < 2; i++) expect((await em.call("GET", "WhoAmI")).status).toBe(200);
      const throttled = await em.call("GET", "WhoAmI");
      expect(throttled.status).toBe(429);
      expect(throttled.body.error.code).toBe("0x80072322");
      const dana = await em.call("GET", "WhoAmI", undefined, as(DANA));
      expect(dana.status).toBe(200);
      expect(dana.headers.get("x-ms-ratelimit-burst-remaining-xrm-requests")).toBe("1");
      expect((await em.call("GET", "WhoAmI", undefined, as(DANA))).status).toBe(200);
      expect((await em.call("GET", "WhoAmI", undefined, as(DANA))).status).toBe(429);
    } finally {
      await em.close();
    }
  });

  it("answers a missing privilege with 403 and 0x80040220 naming it, on every path that writes or reads", async () => {
    const em = await emulator();
    try {
      const create = await em.call("POST", "dxm_migrationruns", { dxm_name: "run" }, as(DANA));
      expect(create.status).toBe(403);
      expect(create.body.error.code).toBe("0x80040220");
      expect(create.body.error.message).toMatch(new RegExp(`^Principal user \\(Id=${DANA}, type=8, .*is missing prvCreatedxm_migrationrun privilege \\(Id=[0-9a-f-]{36}\\) on OTC=\\d+ for entity 'dxm_migrationrun'`));
      const read = await em.call("GET", "dxm_migrationruns", undefined, as(DANA));
      expect(read.status).toBe(403);
      expect(read.body.error.message).toContain("prvReaddxm_migrationrun");

      const overridden = await em.call("POST", "contacts", { lastname: "Old", overriddencreatedon: "2015-03-01T00:00:00Z" }, as(DANA));
      expect(overridden.status).toBe(403);
      expect(overridden.body.error.message).toContain("is missing prvOverrideCreatedOnCreatedBy privilege");
      const bulk = await em.call("POST", "contacts/Microsoft.Dynamics.CRM.CreateMultiple", { Targets: [{ "@odata.type": "Microsoft.Dynamics.CRM.contact", lastname: "B", overriddencreatedon: "2015-03-01T00:00:00Z" }] }, as(DANA));
      expect(bulk.status).toBe(403);
      expect(bulk.body.error.message).toContain("prvOverrideCreatedOnCreatedBy");
      expect((await em.call("GET", `contacts?$filter=${encodeURIComponent("lastname eq 'B' or lastname eq 'Old'")}`)).body.value).toHaveLength(0);

      // What the role grants goes through; the solution's role adds the custom tables and the created-on override.
      const own = idFrom(await em.call("POST", "contacts", { lastname: "Own" }, as(DANA)));
      expect((await em.call("DELETE", `contacts(${own})`, undefined, as(DANA))).status).toBe(204);
      expect((await em.call("POST", "dxm_migrationruns", { dxm_name: "run" }, as(LUIS))).status).toBe(204);
      expect((await em.call("POST", "contacts", { lastname: "Old", overriddencreatedon: "2015-03-01T00:00:00Z" }, as(LUIS))).status).toBe(204);
      expect((await em.call("POST", "BulkDelete", {}, as(DANA))).body.error.message).toContain("prvBulkDelete");
    } finally {
      await em.close();
    }
  });

  it("refuses MSCRM.BypassBusinessLogicExecution without prvBypassCustomBusinessLogic and counts the ones it allows", async () => {
    const em = await emulator();
    try {
      const bypass = { "MSCRM.BypassBusinessLogicExecution": "CustomSync,CustomAsync" };
      const refused = await em.call("POST", "contacts", { lastname: "Fast" }, { ...as(LUIS), ...bypass });
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toContain("is missing prvBypassCustomBusinessLogic privilege");
      expect((await em.call("POST", "contacts", { lastname: "Fast" }, bypass)).status).toBe(204);
      expect(em.stats().bypassRequests).toBe(1);
    } finally {
      await em.close();
    }
  });

  it("answers RetrieveUserPrivileges with the privileges of the user's roles", async () => {
    const em = await emulator();
    try {
      const path = (id: string) => `systemusers(${id})/Microsoft.Dynamics.CRM.RetrieveUserPrivileges()`;
      const admin = await em.call("GET", path(SEED_IDS.caller));
      expect(admin.status).toBe(200);
      expect(admin.body["@odata.context"]).toMatch(/\$metadata#Microsoft\.Dynamics\.CRM\.RetrieveUserPrivilegesResponse$/);
      const adminNames = admin.body.RolePrivileges.map((p: { PrivilegeName: string }) => p.PrivilegeName);
      expect(adminNames).toEqual(expect.arrayContaining(["prvOverrideCreatedOnCreatedBy", "prvBypassCustomBusinessLogic", "prvCreatedxm_migrationrun", "prvDeleteContact", "prvCreateActivity", "prvCreateNote"]));
      expect(admin.body.RolePrivileges.find((p: { PrivilegeName: string }) => p.PrivilegeName === "prvCreateContact")).toEqual({
        Depth: "Global", PrivilegeId: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), BusinessUnitId: SEED_IDS.businessUnit, PrivilegeName: "prvCreateContact",
      });

      const dana = (await em.call("GET", path(DANA), undefined, as(DANA))).body.RolePrivileges.map((p: { PrivilegeName: string }) => p.PrivilegeName);
      expect(dana).toContain("prvCreateContact");
      expect(dana).not.toContain("prvOverrideCreatedOnCreatedBy");
      expect(dana).not.toContain("prvCreatedxm_migrationrun");
      const luis = (await em.call("GET", path(LUIS))).body.RolePrivileges.map((p: { PrivilegeName: string }) => p.PrivilegeName);
      expect(luis).toEqual(expect.arrayContaining(["prvCreatedxm_migrationrun", "prvOverrideCreatedOnCreatedBy", "prvCreateContact"]));
      expect(luis).not.toContain("prvBypassCustomBusinessLogic");
      expect((await em.call("GET", path("00000000-0000-0000-0000-00000000dead"))).status).toBe(404);
    } finally {
      await em.close();
    }
  });
});
