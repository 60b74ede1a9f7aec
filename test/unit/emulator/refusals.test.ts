import { parseRefusals, refusalsOf, refuseChangeSetPart, refuseFilter, refuseLongUrl, STRICT_REFUSALS } from "../../../emulator/limits/refusals";

describe("refusal switches", () => {
  it("parses the --refuse spec and rejects what it does not know", () => {
    expect(parseRefusals("bulk-in-changeset, parties-in-bulk,metadata-in-changeset,party-update-appends,in-on-sdkmessagefilters,url-length=4096,no-bulk=email+task,max-upload=1048576,dop-hint=2")).toEqual({
      bulkInChangeSet: true, partiesInBulk: true, metadataInChangeSet: true, partyUpdateAppends: true, inOnMessageFilters: true,
      maxGetUrlLength: 4096, noBulkTables: ["email", "task"], maxUploadFileSize: 1048576, dopHint: 2,
    });
    expect(parseRefusals(undefined)).toEqual({});
    expect(() => parseRefusals("no-such-thing")).toThrow(/Invalid refusal/);
    expect(() => parseRefusals("dop-hint=0")).toThrow(/positive integer/);
  });

  it("the strict profile turns on every switch; single switches go on top of a profile", () => {
    expect(refusalsOf("strict")).toEqual(STRICT_REFUSALS);
    expect(Object.values(STRICT_REFUSALS).every((v) => v !== undefined && v !== false)).toBe(true);
    expect(refusalsOf("default")).toEqual({});
    expect(refusalsOf("default", { dopHint: 1 })).toEqual({ dopHint: 1 });
    expect(refusalsOf("strict", { dopHint: 1 }).dopHint).toBe(1);
  });

  it("refuses bulk messages and column creation inside change sets, with status, code and message", () => {
    const on = { bulkInChangeSet: true, metadataInChangeSet: true };
    for (const path of ["contacts/Microsoft.Dynamics.CRM.CreateMultiple", "emails/Microsoft.Dynamics.CRM.UpsertMultiple", "tasks/UpdateMultiple"]) {
      const error = refuseChangeSetPart(on, "POST", path);
      expect(error).toMatchObject({ status: 400, code: "0x0" });
      expect(error!.message).toMatch(/^The '(Create|Upsert|Update)Multiple' message cannot be executed inside a change set\./);
    }
    expect(refuseChangeSetPart(on, "POST", "EntityDefinitions(LogicalName='contact')/Attributes")).toMatchObject({ status: 400, message: "Metadata operations cannot be executed inside a change set." });
    expect(refuseChangeSetPart(on, "POST", "contacts")).toBeUndefined();
    expect(refuseChangeSetPart({}, "POST", "contacts/Microsoft.Dynamics.CRM.CreateMultiple")).toBeUndefined();
  });

  it("refuses In on sdkmessagefilters only, and GETs over the URL budget only", () => {
    expect(refuseFilter({ inOnMessageFilters: true }, "sdkmessagefilter", "Microsoft.Dynamics.CRM.In(PropertyName='x',PropertyValues=['a'])")).toMatchObject({ status: 400 });
    expect(refuseFilter({ inOnMessageFilters: true }, "contact", "Microsoft.Dynamics.CRM.In(PropertyName='x',PropertyValues=['a'])")).toBeUndefined();
    expect(refuseFilter({ inOnMessageFilters: true }, "sdkmessagefilter", "name eq 'CreateMultiple'")).toBeUndefined();
    expect(refuseLongUrl({ maxGetUrlLength: 10 }, "GET", "x".repeat(11))).toMatchObject({ status: 414, message: "The request URL is 11 characters long; the limit is 10." });
    expect(refuseLongUrl({ maxGetUrlLength: 10 }, "GET", "x".repeat(10))).toBeUndefined();
    expect(refuseLongUrl({ maxGetUrlLength: 10 }, "POST", "x".repeat(11))).toBeUndefined();
  });
});
