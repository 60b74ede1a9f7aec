import type { EntityMetadata } from "../../../dataverse/types";
import { holdsBeforeImage } from "../../../migration/rollback/current-state";

describe("holdsBeforeImage (a record a first rollback pass already restored)", () => {
  const id = "aaaaaaaa-0000-4000-8000-000000000001";
  it("holds when every column and lookup of the before-image is back", () => {
    expect(holdsBeforeImage({ firstname: "Old", _dxm_migrationrunid_value: null, _parentcustomerid_value: id },
      { firstname: "Old", "dxm_migrationrunid@odata.bind": null, "parentcustomerid_account@odata.bind": `accounts(${id})` })).toBe(true);
  });
  it("does not hold when a value differs, a stamp is still there, or a lookup cannot be told", () => {
    expect(holdsBeforeImage({ firstname: "New" }, { firstname: "Old" })).toBe(false);
    expect(holdsBeforeImage({ _dxm_migrationrunid_value: id }, { "dxm_migrationrunid@odata.bind": null })).toBe(false);
    expect(holdsBeforeImage({}, { "regardingobjectid_contact@odata.bind": null })).toBe(false);
    expect(holdsBeforeImage({}, { firstname: "Old" })).toBe(false);
  });
  it("tells a lookup by the org's metadata where its navigation name has more than one part", () => {
    const metadata = { LogicalName: "phonecall", Attributes: [{ LogicalName: "regardingobjectid" }, { LogicalName: "subject" }] } as unknown as EntityMetadata;
    const before = { "regardingobjectid_contact_phonecall@odata.bind": `/contacts(${id})` };
    expect(holdsBeforeImage({ _regardingobjectid_value: id }, before, metadata)).toBe(true);
    expect(holdsBeforeImage({ _regardingobjectid_value: id }, before)).toBe(false);
  });
});
