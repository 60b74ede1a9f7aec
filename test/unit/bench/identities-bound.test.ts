import { identitiesBound, throughputBound } from "../../../bench/bound";
import { DOCUMENTED_COST, DOCUMENTED_LIMITS } from "../../../emulator";

// 10,000 patients: the operations the emulator counted for the engine's run (bench/RESULTS.md).
const RECORDS = 171_667;
const OPERATIONS = 201_733;

describe("the bound for K identities and S servers", () => {
  it("is the single-user bound with one identity on one server", () => {
    const [four] = identitiesBound(RECORDS, OPERATIONS, DOCUMENTED_LIMITS, DOCUMENTED_COST, 1, 1, [4]);
    expect(four.bound).toEqual(throughputBound(RECORDS, OPERATIONS, DOCUMENTED_LIMITS, DOCUMENTED_COST, 4));
    expect(four.bound.binding).toBe("execution");
    expect(Math.round(four.bound.minSeconds)).toBe(362);
  });

  it("gives K × S windows but one environment capacity: past one window's budget the rate binds", () => {
    const byWindows = (k: number, s: number) => identitiesBound(RECORDS, OPERATIONS, DOCUMENTED_LIMITS, DOCUMENTED_COST, k, s, [4])[0].bound;
    // Two windows hold 240,000 operations: the run fits, so only the capacity of 4 at once binds.
    expect(byWindows(2, 1).binding).toBe("rate");
    expect(byWindows(2, 1).minSeconds).toBeCloseTo(OPERATIONS / ((4 * 1000 * 1000) / 3040), 6);
    // Identities and servers are interchangeable windows.
    expect(byWindows(1, 2)).toEqual(byWindows(2, 1));
    expect(byWindows(4, 2).minSeconds).toBe(byWindows(2, 1).minSeconds);
  });

  it("reports the bound at each hint given (4, 5 and 52 by default)", () => {
    const bounds = identitiesBound(RECORDS, OPERATIONS, DOCUMENTED_LIMITS, DOCUMENTED_COST, 2, 1);
    expect(bounds.map((b) => b.hint)).toEqual([4, 5, 52]);
    expect(bounds.map((b) => b.bound.parallel)).toEqual([4, 5, 52]);
    expect(bounds[2].bound.rowsPerSecond).toBeGreaterThan(bounds[1].bound.rowsPerSecond);
  });
});
