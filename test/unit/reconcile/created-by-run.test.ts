/**
 * Full verification holds a record to what the load sent it: the whole payload when the run created it, the
 * update payload (create-only columns such as overriddencreatedon left out) when it found it already there.
 */
import { createdByRun } from "../../../migration/reconcile/verify";
import { tableAddress } from "../../../migration/model/tables";
import type { ExistingRecord } from "../../../migration/load/existing";

const RUN = "aaaaaaaa-0000-4000-8000-000000000001";
const started = { runId: RUN, startedOn: "2026-12-07T10:00:00.500Z" };
const found = (row: Record<string, unknown>, runStamp?: string): ExistingRecord => ({ id: "r1", runStamp, row });

describe("createdByRun", () => {
  it("a record stamped with the run, really created at or after its start (to the second), is the run's own", () => {
    expect(createdByRun(found({ overriddencreatedon: "2026-12-07T10:00:00Z", createdon: "2019-01-01T00:00:00Z" }, RUN), tableAddress("contact"), started)).toBe(true);
    expect(createdByRun(found({ overriddencreatedon: "2026-12-07T10:05:00Z" }, RUN), tableAddress("contact"), started)).toBe(true);
  });

  it("one really created before the run started was found and updated, not created", () => {
    expect(createdByRun(found({ overriddencreatedon: "2026-12-06T09:00:00Z", createdon: "2019-01-01T00:00:00Z" }, RUN), tableAddress("contact"), started)).toBe(false);
    expect(createdByRun(found({ createdon: "2026-12-06T09:00:00Z" }, RUN), tableAddress("contact"), started)).toBe(false);
  });

  it("one another run stamped (left alone as unchanged) is not the run's; a note, without a stamp, goes by its creation time", () => {
    expect(createdByRun(found({ overriddencreatedon: "2026-12-07T11:00:00Z" }, "bbbbbbbb-0000-4000-8000-000000000002"), tableAddress("contact"), started)).toBe(false);
    expect(createdByRun(found({ overriddencreatedon: "2026-12-07T11:00:00Z" }), tableAddress("annotation"), started)).toBe(true);
    expect(createdByRun(found({ overriddencreatedon: "2026-12-01T11:00:00Z" }), tableAddress("annotation"), started)).toBe(false);
  });

  it("without the run's start every record stamped with it counts as created", () => {
    expect(createdByRun(found({ overriddencreatedon: "2001-01-01T00:00:00Z" }, RUN), tableAddress("contact"), { runId: RUN })).toBe(true);
  });
});
