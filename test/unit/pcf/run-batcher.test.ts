import type { TableProgress } from "../../../migration/load/types";
import type { RunIssue } from "../../../migration/run/types";
import { RunBatcher } from "../../../pcf-controls/MigrationStudio/worker/run-batcher";

const progress = (table: string, done: number): TableProgress => ({ object: "patient", table, total: 100, done, created: done, updated: 0, unchanged: 0, failed: 0, rowsPerSecond: 1, throttled: false, chunkSize: 10, state: "running" });
const issue = (n: number): RunIssue => ({ kind: "load", table: "contact", sourceKey: `patient:${n}`, code: "x", message: "refused" } as unknown as RunIssue);

describe("RunBatcher (what the run worker posts a few times a second)", () => {
  it("keeps the latest progress per table in first-seen order, every issue in order, and the running count", () => {
    const b = new RunBatcher();
    expect(b.pending).toBe(false);
    b.addProgress(progress("account", 10));
    b.addProgress(progress("contact", 5));
    b.addProgress(progress("account", 40));
    b.addIssue(issue(1));
    b.addIssue(issue(2));
    const first = b.take();
    expect(first.progress.map((p) => [p.table, p.done])).toEqual([["account", 40], ["contact", 5]]);
    expect(first.issues.map((i) => (i as { sourceKey: string }).sourceKey)).toEqual(["patient:1", "patient:2"]);
    expect(first.issueCount).toBe(2);
    expect(b.pending).toBe(false);
    b.addIssue(issue(3));
    expect(b.take()).toMatchObject({ progress: [], issueCount: 3 });
  });
});
