import { batchTables, parseFaults, pickFault } from "../../../emulator/limits/faults";
import { ServiceProtection } from "../../../emulator/limits/service-protection";
import { Workers } from "../../../emulator/limits/capacity";
import { costOf, DOCUMENTED_COST } from "../../../emulator/limits/cost-model";

describe("fault specs", () => {
  it("parses kinds, rates and per-table scopes, and rejects nonsense", () => {
    expect(parseFaults("429:0.05,503:0.02@contacts,drop:1,stall:1@annotation/write")).toEqual([
      { kind: "429", rate: 0.05, table: undefined, writesOnly: false }, { kind: "503", rate: 0.02, table: "contacts", writesOnly: false },
      { kind: "drop", rate: 1, table: undefined, writesOnly: false }, { kind: "stall", rate: 1, table: "annotation", writesOnly: true },
    ]);
    expect(() => parseFaults("418:0.5")).toThrow(/Invalid fault/);
    expect(() => parseFaults("429:2")).toThrow(/rate/);
  });
  it("applies a table-scoped fault only to that table", () => {
    const rules = parseFaults("503:1@accounts");
    expect(pickFault(rules, [{ names: ["contacts", "contact"], write: true }], () => 0)).toBeUndefined();
    expect(pickFault(rules, [{ names: ["accounts", "account"], write: false }], () => 0)).toBe("503");
  });
  it("applies a `/write` fault only to requests that write to the table, inside a $batch too", () => {
    const rules = parseFaults("drop:1@annotations/write");
    const batch = (lines: string[]) => batchTables(["--batch_1", ...lines.flatMap((l) => ["Content-Type: application/http", "", `${l} HTTP/1.1`, ""])].join("\r\n"));
    const touches = (lines: string[]) => batch(lines).map(({ set, write }) => ({ names: [set], write }));
    expect(batch(["GET /api/data/v9.2/annotations?$filter=x", "POST contacts"])).toEqual([{ set: "annotations", write: false }, { set: "contacts", write: true }]);
    expect(pickFault(rules, touches(["GET /api/data/v9.2/annotations?$filter=x", "POST contacts"]), () => 0)).toBeUndefined();
    expect(pickFault(rules, touches(["GET contacts", "POST http://127.0.0.1:5555/api/data/v9.2/annotations"]), () => 0)).toBe("drop");
    expect(pickFault(rules, [{ names: ["annotations"], write: false }], () => 0)).toBeUndefined();
  });
});

describe("service protection window", () => {
  it("slides: requests leave the window after windowMs of emulated time", () => {
    let now = 0;
    const sp = new ServiceProtection({ requests: 2, executionMs: 1e9, concurrent: 10, windowMs: 300_000 }, 1, () => now);
    sp.admit("u"); sp.finish("u", 0);
    sp.admit("u"); sp.finish("u", 0);
    expect(() => sp.admit("u")).toThrow(/Number of requests exceeded the limit of 2 over time window of 300 seconds/);
    now = 300_001;
    expect(() => sp.admit("u")).not.toThrow();
  });
});

describe("environment capacity", () => {
  it("serves at most `capacity` requests at once; the next waits until one finishes, in the order they came", async () => {
    const workers = new Workers(2);
    const served: string[] = [];
    const request = (name: string) => workers.acquire().then(() => served.push(name));
    const all = [request("a"), request("b"), request("c"), request("d")];
    await Promise.resolve();
    await Promise.resolve();
    expect(served).toEqual(["a", "b"]);
    workers.release();
    await Promise.resolve();
    await Promise.resolve();
    expect(served).toEqual(["a", "b", "c"]);
    workers.release();
    await Promise.all(all);
    expect(served).toEqual(["a", "b", "c", "d"]);
    // Everyone gone: both places are free again.
    workers.release();
    workers.release();
    const next = [request("e"), request("f")];
    await Promise.all(next);
    expect(served.slice(4)).toEqual(["e", "f"]);
  });
});

describe("cost model", () => {
  it("charges bulk-message records 3 ms and other operations 12 ms on top of 40 ms a request, and 10 ms execution each", () => {
    expect(costOf(DOCUMENTED_COST, 1000, 1000)).toEqual({ latencyMs: 40 + 3000, executionMs: 10_000 });
    expect(costOf(DOCUMENTED_COST, 10)).toEqual({ latencyMs: 40 + 120, executionMs: 100 });
    // A $batch holding a CreateMultiple of 100 and 5 other operations.
    expect(costOf(DOCUMENTED_COST, 105, 100)).toEqual({ latencyMs: 40 + 300 + 60, executionMs: 1050 });
    expect(costOf(undefined, 10, 10)).toEqual({ latencyMs: 0, executionMs: 0 });
  });
});
