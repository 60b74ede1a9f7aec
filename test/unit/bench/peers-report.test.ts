import { readFileSync } from "node:fs";
import { join } from "node:path";
import { peerRate, renderResults } from "../../../bench/report";
import type { BenchResults } from "../../../bench/run";

const measured = JSON.parse(readFileSync(join(__dirname, "../../../bench/results/2026-12-07T03-03-50Z.json"), "utf8")) as BenchResults;
const oneK = { ...measured, sizes: measured.sizes.filter((s) => s.patients === 1000) };

describe("the peer writers in bench/RESULTS.md", () => {
  it("rates a peer by the records that landed over its emulated time", () => {
    const run = oneK.sizes[0].peers!.kingswaysoft!;
    const rate = peerRate(run, 2);
    expect(rate.records).toBe(run.landed.reduce((n, t) => n + t.rows, 0));
    expect(rate.seconds).toBeCloseTo(run.value.writeSeconds * 2);
    expect(rate.rate).toBeCloseTo(rate.records / rate.seconds);
  });

  it("prints each peer's rate, the engine's ratio over it, and the target per size", () => {
    const md = renderResults([{ file: "peers.json", results: oneK }]);
    expect(md).toMatch(/\| \*\*KingswaySoft\*\* time \(s\) \/ records\/s \| 158\.0 \/ 111 \|/);
    expect(md).toMatch(/\| \*\*engine \/ KingswaySoft\*\* \| 3\.6× \|/);
    expect(md).toMatch(/\| \*\*engine \/ Azure Data Factory\*\* \| 2\.3× \|/);
    expect(md).toMatch(/\| ahead of every peer writer \(1,000\) \| 3\.6× KingswaySoft, 2\.3× Azure Data Factory \| yes \|/);
    expect(md).toContain("ExecuteMultiple");
    expect(md).toContain("connector-dynamics-crm-office-365");
  });

  it("keeps a size's peer rows from the newest run that ran them when a newer run of that size left them out, each ratio against that run's own engine", () => {
    const engineTwiceAsFast = { ...oneK, sizes: oneK.sizes.map((s) => ({ ...s, peers: undefined, engine: { ...s.engine, cost: { ...s.engine.cost, wallSeconds: s.engine.cost.wallSeconds / 2 } } })) };
    const newer = { ...engineTwiceAsFast, startedOn: "2099-01-01T00:00:00.000Z", commit: "newer" };
    const md = renderResults([{ file: "peers.json", results: oneK }, { file: "newer.json", results: newer }]);
    expect(md).toMatch(/\| \*\*engine \/ KingswaySoft\*\* \| 3\.6× \|/);
    expect(md).toMatch(/\| ahead of every peer writer \(1,000\) \| 3\.6× KingswaySoft, 2\.3× Azure Data Factory \| yes \|/);
    expect(md).toContain("`bench/results/newer.json`, `bench/results/peers.json`");
  });

  it("says 'not measured' for results from before the peers ran", () => {
    const older = { ...oneK, sizes: oneK.sizes.map((s) => ({ ...s, peers: undefined })) };
    const md = renderResults([{ file: "older.json", results: older }]);
    expect(md).toMatch(/\| \*\*engine \/ KingswaySoft\*\* \| not measured \|/);
    expect(md).toMatch(/\| ahead of every peer writer \(1,000\) \| not measured \| - \|/);
  });
});
