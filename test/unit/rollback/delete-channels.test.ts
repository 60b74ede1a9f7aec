/**
 * The two delete channels against a scripted org: BulkDelete jobs that finish after a few polls, and `$batch`
 * deletes that take a while. What is checked is how the client's request places are used while jobs run.
 */
import { deleteThroughChannels, type ChannelOptions, type TableDeletes } from "../../../migration/rollback/delete-channels";
import type { BatchRequest, DataverseClientApi, Entity, WindowLeft } from "../../../dataverse/types";

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * An org whose jobs complete on their `pollsToFinish`-th poll and whose `$batch` takes `batchMs`; its window
 * has `windowLeft` left while jobs run (the whole of it once they are done).
 */
function scriptedOrg(concurrency: number, pollsToFinish: number, batchMs: number, windowLeft?: WindowLeft) {
  const jobs = new Map<string, { size: number; polls: number }>();
  const seen = { inFlight: 0, maxInFlight: 0, batchesDuringJobs: 0, deletedByClient: 0, jobRecords: 0 };
  const jobsRunning = () => [...jobs.values()].some((j) => j.polls < pollsToFinish);
  const client = {
    concurrency,
    get windowLeft() {
      return windowLeft && jobsRunning() ? windowLeft : { requests: 6000, executionMs: 1_200_000 };
    },
    async bulkDelete(job: { conditions: { values: string[] }[] }) {
      const id = `00000000-0000-0000-0000-${String(jobs.size + 1).padStart(12, "0")}`;
      jobs.set(id, { size: job.conditions[0].values.length, polls: 0 });
      seen.jobRecords += job.conditions[0].values.length;
      return id;
    },
    async retrieveAll(entitySet: string): Promise<Entity[]> {
      await sleep(1);
      if (entitySet === "asyncoperations") {
        return [...jobs].map(([id, job]) => {
          job.polls += 1;
          return { asyncoperationid: id, statecode: job.polls >= pollsToFinish ? 3 : 2, statuscode: job.polls >= pollsToFinish ? 30 : 20 };
        });
      }
      if (entitySet === "bulkdeleteoperations") return [...jobs].map(([id, job]) => ({ _asyncoperationid_value: id, successcount: job.size, failurecount: 0 }));
      throw new Error(`unexpected read of ${entitySet}`);
    },
    async executeBatch(request: BatchRequest) {
      if (jobsRunning()) seen.batchesDuringJobs += 1;
      seen.inFlight += 1;
      seen.maxInFlight = Math.max(seen.maxInFlight, seen.inFlight);
      await sleep(batchMs);
      seen.inFlight -= 1;
      const parts = (request.changeSets ?? []).map((_, index) => ({ index, status: 204 }));
      seen.deletedByClient += parts.length;
      return parts;
    },
  } as unknown as DataverseClientApi;
  return { client, seen };
}

const work = (table: string, n: number): TableDeletes => ({
  table,
  ids: Array.from({ length: n }, (_, i) => `00000000-0000-0000-0000-${String(i).padStart(12, "0")}`),
});

const options = (overrides: Partial<ChannelOptions> = {}): ChannelOptions => ({
  jobSize: 200,
  jobThreshold: 50,
  batchSize: 20,
  clientChannel: true,
  conditions: () => [],
  recoverable: false,
  pollIntervalMs: 40,
  name: "test",
  onSettled: () => undefined,
  ...overrides,
});

describe("deleteThroughChannels", () => {
  it("keeps one request place for the jobs' submissions and polls while the client deletes beside them", async () => {
    // Two places: one lane of client deletes, one for the jobs (a lane's batch must not delay a poll).
    const { client, seen } = scriptedOrg(2, 6, 10);
    const result = await deleteThroughChannels(client, [work("task", 2000)], options());
    expect(result).toEqual({ done: 2000, failures: [] });
    expect(seen.jobRecords + seen.deletedByClient).toBe(2000);
    expect(seen.batchesDuringJobs).toBeGreaterThan(0);
    expect(seen.maxInFlight).toBe(1);
  });

  it("leaves the records to the jobs while its window is down to the reserve, so a 429 never holds their polls", async () => {
    const low = { requests: 5000, executionMs: 60_000 };
    const { client, seen } = scriptedOrg(4, 4, 10, low);
    const result = await deleteThroughChannels(client, [work("task", 2000)], options({ windowReserve: { requests: 600, executionMs: 120_000 } }));
    expect(result).toEqual({ done: 2000, failures: [] });
    expect(seen.batchesDuringJobs).toBe(0);
    expect(seen.jobRecords + seen.deletedByClient).toBe(2000);
    // Above the reserve, the same org has the client delete beside the jobs.
    const { client: roomy, seen: roomySeen } = scriptedOrg(4, 4, 10, { requests: 5000, executionMs: 200_000 });
    await deleteThroughChannels(roomy, [work("task", 2000)], options({ windowReserve: { requests: 600, executionMs: 120_000 } }));
    expect(roomySeen.batchesDuringJobs).toBeGreaterThan(0);
  });

  it("leaves every record to the jobs when the client does not delete beside them", async () => {
    const { client, seen } = scriptedOrg(2, 3, 10);
    const result = await deleteThroughChannels(client, [work("task", 600)], options({ clientChannel: false }));
    expect(result).toEqual({ done: 600, failures: [] });
    expect(seen.deletedByClient).toBe(0);
    expect(seen.jobRecords).toBe(600);
  });
});
