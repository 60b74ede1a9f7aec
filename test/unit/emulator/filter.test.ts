import { join } from "node:path";
import { buildSchema } from "../../../emulator/schema";
import { filterToSql } from "../../../emulator/odata/filter";
import { applyToSql } from "../../../emulator/odata/apply";

const schema = buildSchema(undefined, join(__dirname, "../../../reference/dataverse/standard-tables.json"));
const contact = schema.tables.get("contact")!;

describe("$filter to SQL", () => {
  it("translates comparisons, logic, null, functions and In with typed parameters", () => {
    expect(filterToSql("lastname eq 'O''Hara' and not (statecode ne 0)", contact, schema)).toEqual({
      sql: `((t."lastname" = ?) AND (NOT ((t."statecode" <> ?))))`, params: ["O'Hara", 0],
    });
    expect(filterToSql("_parentcustomerid_value eq 6A3F8E2C-0000-0000-0000-000000000001 or emailaddress1 eq null", contact, schema)).toEqual({
      sql: `((t."parentcustomerid" = ?) OR (t."emailaddress1" IS NULL))`, params: ["6a3f8e2c-0000-0000-0000-000000000001"],
    });
    expect(filterToSql("contains(fullname,'50%') and donotemail eq true and createdon ge 2024-01-01T00:00:00.000Z", contact, schema).params)
      .toEqual(["%50\\%%", 1, "2024-01-01T00:00:00Z"]);
    expect(filterToSql("Microsoft.Dynamics.CRM.In(PropertyName='lastname',PropertyValues=['a','b'])", contact, schema)).toEqual({
      sql: `(t."lastname" IN (?, ?))`, params: ["a", "b"],
    });
  });

  it("resolves single-valued navigation paths with a subquery", () => {
    expect(filterToSql("parentcustomerid_account/name eq 'x'", contact, schema).sql)
      .toBe(`((SELECT n."name" FROM "account" AS n WHERE n."accountid" = t."parentcustomerid") = ?)`);
  });

  it("rejects unknown properties and broken syntax with Dataverse's message", () => {
    expect(() => filterToSql("Name eq 'x'", contact, schema)).toThrow("Could not find a property named 'Name' on type 'Microsoft.Dynamics.CRM.contact'.");
    expect(() => filterToSql("lastname eq", contact, schema)).toThrow();
    expect(() => filterToSql("lastname 'x'", contact, schema)).toThrow();
  });
});

describe("$apply to SQL", () => {
  it("groups and aggregates", () => {
    expect(applyToSql("groupby((_ownerid_value),aggregate(numberofchildren with sum as kids,$count as n))", contact, schema).sql)
      .toBe(`SELECT t."ownerid" AS "_ownerid_value", SUM(t."numberofchildren") AS "kids", COUNT(*) AS "n" FROM "contact" AS t GROUP BY t."ownerid" ORDER BY t."ownerid"`);
  });
});
