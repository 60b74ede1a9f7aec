import { eqFilter, type RecordRef, idFromEntityUrl, inFilter, keySegment, parseRecordPath, queryString, recordPath, withQuery } from "../../../dataverse";

describe("record addressing", () => {
  it("addresses by primary key, normalising braces and case", () => {
    expect(recordPath("contacts", "{0F4C3F92-312B-EE11-BDF4-000D3A993550}")).toBe("contacts(0f4c3f92-312b-ee11-bdf4-000d3a993550)");
    expect(() => keySegment("patient:1")).toThrow(/GUID/);
  });

  it("addresses by alternate key with quoted, escaped and URL-safe values", () => {
    expect(recordPath("contacts", { dxm_sourcekey: "patient:1" })).toBe("contacts(dxm_sourcekey='patient:1')");
    expect(recordPath("contacts", { dxm_sourcekey: "patient:O'Brien" })).toBe("contacts(dxm_sourcekey='patient:O''Brien')");
    expect(recordPath("contacts", { dxm_sourcekey: "a#b?c/d%e f" })).toBe("contacts(dxm_sourcekey='a%23b%3Fc%2Fd%25e%20f')");
    expect(recordPath("dxm_appointments", { dxm_sourcekey: "appt:9", dxm_seq: 2 })).toBe("dxm_appointments(dxm_sourcekey='appt:9',dxm_seq=2)");
    expect(() => keySegment({})).toThrow(/at least one column/);
  });

  it("reads record paths back, the inverse of recordPath", () => {
    const refs: RecordRef[] = [{ dxm_sourcekey: "patient:O'Brien" }, { dxm_sourcekey: "a#b?c/d%e f,g=h" }, { dxm_sourcekey: "x", n: 3 }];
    for (const ref of refs) {
      expect(parseRecordPath(recordPath("contacts", ref))).toEqual({ entitySet: "contacts", ref });
    }
    expect(parseRecordPath("contacts(0f4c3f92-312b-ee11-bdf4-000d3a993550)")).toEqual({ entitySet: "contacts", ref: "0f4c3f92-312b-ee11-bdf4-000d3a993550" });
    expect(parseRecordPath("contacts?$top=1")).toEqual({ entitySet: "contacts" });
    expect(() => parseRecordPath("contacts(dxm_sourcekey='unterminated)")).toThrow(/Malformed key/);
  });

  it("takes the id from OData-EntityId and Location headers", () => {
    expect(idFromEntityUrl("https://org.crm.dynamics.com/api/data/v9.2/tasks(D31BA648-C592-ED11-AAD1-000D3A993550)")).toBe("d31ba648-c592-ed11-aad1-000d3a993550");
    expect(idFromEntityUrl("https://org/api/data/v9.2/contacts(dxm_sourcekey='p:1')")).toBeUndefined();
    expect(idFromEntityUrl(undefined)).toBeUndefined();
  });
});

describe("queries", () => {
  it("builds $select, $filter, $orderby, $top, $count, $apply and $expand", () => {
    const query = queryString({
      select: ["fullname", "dxm_sourcekey"], filter: "dxm_sourcekey eq 'patient:1'", orderby: "createdon desc", top: 10, count: true,
      apply: "aggregate($count as n)", expand: "parentcustomerid_account($select=name)", maxPageSize: 50,
    });
    expect(query).toBe(
      "$select=fullname,dxm_sourcekey&$filter=dxm_sourcekey%20eq%20'patient:1'&$orderby=createdon%20desc&$top=10&$count=true" +
        "&$apply=aggregate($count%20as%20n)&$expand=parentcustomerid_account($select%3Dname)",
    );
    expect(withQuery("contacts", "")).toBe("contacts");
    expect(withQuery("contacts", "$top=1")).toBe("contacts?$top=1");
  });

  it("writes Microsoft.Dynamics.CRM.In filters with escaped values", () => {
    expect(inFilter("dxm_sourcekey", ["patient:1", "patient:O'Neil"])).toBe(
      "Microsoft.Dynamics.CRM.In(PropertyName='dxm_sourcekey',PropertyValues=['patient:1','patient:O''Neil'])",
    );
    expect(() => inFilter("dxm_sourcekey", [])).toThrow(/at least one value/);
  });

  it("writes eq filters with literals of the right kind", () => {
    expect(eqFilter("dxm_sourcekey", "it's")).toBe("dxm_sourcekey eq 'it''s'");
    expect(eqFilter("statecode", 0)).toBe("statecode eq 0");
    expect(eqFilter("_parentcustomerid_value", null)).toBe("_parentcustomerid_value eq null");
  });
});
