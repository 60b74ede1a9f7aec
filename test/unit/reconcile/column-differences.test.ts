/**
 * The load's comparison rule (load/unchanged.ts), as full verification uses it: each differing column with
 * the value the payload writes and the value the org holds, in the terms of the payload (a lookup bound by
 * key by the key of the record it points at).
 */
import { columnDifferences } from "../../../migration/load/unchanged";
import type { ExistingRecord } from "../../../migration/load/existing";

const USER = "00000000-0000-4000-8000-000000000007";
const OTHER_USER = "00000000-0000-4000-8000-000000000008";

const payload = {
  dxm_name: "D0120 · 2021-03-04",
  dxm_fee: 1234.5,
  dxm_dateperformed: "2021-03-04",
  dxm_status: 724100002,
  overriddencreatedon: "2021-03-04T05:00:00Z",
  "dxm_patientid@odata.bind": "/contacts(dxm_sourcekey='patient:10482')",
  "ownerid@odata.bind": `/systemusers(${USER})`,
  dxm_sourcekey: "procedure:55",
};

const asRead = (row: Record<string, unknown>, patient: string | null = "patient:10482"): ExistingRecord => ({
  id: "11111111-1111-4111-8111-111111111111",
  row: {
    dxm_name: "D0120 · 2021-03-04", dxm_fee: 1234.5, dxm_dateperformed: "2021-03-04T00:00:00Z", dxm_status: 724100002,
    createdon: "2021-03-04T05:00:00.000Z", _ownerid_value: USER, ...row,
  },
  keyedLookups: { dxm_patientid: patient },
});

describe("columnDifferences", () => {
  it("finds none where Dataverse holds the values as it returns them (date-only as midnight, instants to the second)", () => {
    expect([...columnDifferences(payload, asRead({}), undefined)]).toEqual([]);
  });

  it("names each differing column with the value written and the value found", () => {
    const found = asRead({ dxm_fee: 1234.49, dxm_dateperformed: "2021-03-05T00:00:00Z", _ownerid_value: OTHER_USER, createdon: "2025-01-01T00:00:00Z" }, "patient:1");
    expect([...columnDifferences(payload, found, undefined)]).toEqual([
      { column: "dxm_fee", expected: 1234.5, found: 1234.49 },
      { column: "dxm_dateperformed", expected: "2021-03-04", found: "2021-03-05T00:00:00Z" },
      { column: "overriddencreatedon", expected: "2021-03-04T05:00:00Z", found: "2025-01-01T00:00:00Z" },
      { column: "dxm_patientid", expected: "patient:10482", found: "patient:1" },
      { column: "ownerid", expected: USER, found: OTHER_USER },
    ]);
  });

  it("an option value, an emptied column and a column the read did not return differ", () => {
    const found = asRead({ dxm_status: 724100001, dxm_name: null, dxm_fee: undefined }, null);
    const { dxm_fee: _fee, ...row } = found.row;
    expect([...columnDifferences(payload, { ...found, row }, undefined)]).toEqual([
      { column: "dxm_name", expected: "D0120 · 2021-03-04", found: null },
      { column: "dxm_fee", expected: 1234.5, found: undefined },
      { column: "dxm_status", expected: 724100002, found: 724100001 },
      { column: "dxm_patientid", expected: "patient:10482", found: null },
    ]);
  });

  it("compares an activity's final state", () => {
    expect([...columnDifferences({ subject: "Recall" }, asRead({ subject: "Recall", statecode: 0, statuscode: 2 }), undefined, { statecode: 1, statuscode: 5 })]).toEqual([
      { column: "statecode", expected: 1, found: 0 },
      { column: "statuscode", expected: 5, found: 2 },
    ]);
  });
});
