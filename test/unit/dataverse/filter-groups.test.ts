import { FILTER_VALUES_BUDGET, filterGroups, inFilter } from "../../../dataverse/odata/query";

describe("filterGroups", () => {
  const guid = (i: number) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`;

  it("keeps every value, in order, in groups of at most `max`", () => {
    const keys = Array.from({ length: 250 }, (_, i) => `patient:${i}`);
    const groups = filterGroups(keys, 100);
    expect(groups.map((g) => g.length)).toEqual([100, 100, 50]);
    expect(groups.flat()).toEqual(keys);
  });

  it("cuts GUID lists so that an encoded In filter stays within the budget (a GET of about 4 KB at most)", () => {
    const ids = Array.from({ length: 200 }, (_, i) => guid(i));
    const groups = filterGroups(ids, 100);
    expect(groups.length).toBeGreaterThan(2);
    expect(groups.flat()).toEqual(ids);
    for (const g of groups) expect(encodeURIComponent(inFilter("contactid", g)).length).toBeLessThan(FILTER_VALUES_BUDGET + 200);
  });

  it("counts the longer terms of an or-ed filter when told their extra length", () => {
    const ids = Array.from({ length: 100 }, (_, i) => guid(i));
    expect(filterGroups(ids, 50, undefined, 33)[0].length).toBeLessThan(filterGroups(ids, 50)[0].length);
    expect(filterGroups([], 10)).toEqual([]);
  });
});
