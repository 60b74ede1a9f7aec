/**
 * Bad input: a dirty generated set (its defects.json lists every injected defect with file and line) plus
 * a few hand-made broken rows appended to the files. Every defect is reported at its file and line;
 * nothing is written for the rows with errors; every valid row lands, once.
 */
import { appendFile, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import Papa from "papaparse";
import type { RunningEmulator } from "../../../emulator";
import { migrate } from "../../../migration/run/migrate";
import type { RunIssue } from "../../../migration/run/types";
import type { Defect } from "../../../scripts/generate";
import { connect } from "../../../scripts/dxm/connect";
import { readConfirmed } from "../../../bench/workloads/exports";
import { emulatorFor, fallbackOwner, generatedSet, landingDifferences, plannedKeys, rowsPerSourceKey, size } from "../../resilience/harness";

interface HandMade {
  file: string;
  line: number;
  /** The issue code the row must be reported with. */
  code: string;
  /** Its source key, when no valid row shares it (then it must not land). */
  sourceKey?: string;
}

/** Appends one row to a CSV file, built from its last row with some cells changed; returns the row's line. */
async function appendVariant(dir: string, file: string, change: Record<string, string>, raw?: string): Promise<number> {
  const path = join(dir, file);
  const text = await readFile(path, "utf8");
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  const line = text.split("\n").length - (text.endsWith("\n") ? 0 : -1);
  const row = { ...parsed.data[parsed.data.length - 1], ...change };
  const csv = raw ?? Papa.unparse({ fields: parsed.meta.fields!, data: [parsed.meta.fields!.map((f) => row[f] ?? "")] }, { header: false, newline: "\n" });
  await appendFile(path, `${text.endsWith("\n") ? "" : "\n"}${csv}\n`);
  return line;
}

describe("a migration of bad input", () => {
  let dir: string;
  let emulator: RunningEmulator;
  let defects: Defect[];
  const handMade: HandMade[] = [];
  const issues: RunIssue[] = [];
  /** What the admin is shown: the reader's problems per file and the run's issues. */
  const reported: { file: string; line?: number; code: string }[] = [];
  let planned: Awaited<ReturnType<typeof plannedKeys>>;

  beforeAll(async () => {
    const set = await generatedSet(size.patients * 2, 51, 0.05);
    dir = set.dir;
    defects = JSON.parse(await readFile(join(dir, "defects.json"), "utf8")) as Defect[];
    handMade.push({ file: "patients.csv", line: await appendVariant(dir, "patients.csv", { "Patient ID": "99999001", "Birth Date": "02/30/1990" }), code: "impossible-date", sourceKey: "patient:99999001" });
    handMade.push({ file: "procedures.csv", line: await appendVariant(dir, "procedures.csv", { "Procedure ID": "99999002", "Patient ID": "99999999" }), code: "orphan", sourceKey: "procedure:99999002" });
    handMade.push({ file: "appointments.csv", line: await appendVariant(dir, "appointments.csv", {}), code: "duplicate-id" });
    handMade.push({ file: "tasks.csv", line: await appendVariant(dir, "tasks.csv", {}, `99999003,10001,,Call,"A quote that never closes,,Open,,01/02/2024`), code: "unterminated-quote", sourceKey: "task:99999003" });

    emulator = await emulatorFor(set.users);
    const client = await connect(emulator.url);
    planned = await plannedKeys(dir, client, fallbackOwner(set.users));
    const { exports, map } = await readConfirmed(dir);
    await migrate({ exports, map, mode: "full", skipErroredRows: true, fallbackOwnerEmail: fallbackOwner(set.users) }, client, { onIssue: (i) => issues.push(i) });
    // A code's summary names every line past the ones listed one by one (SourceProblem.lines).
    const sourceProblems = [...exports.inventory.files.flatMap((f) => f.problems), ...exports.inventory.problems];
    reported.push(...sourceProblems, ...sourceProblems.flatMap((p) => (p.lines ?? []).map((line) => ({ file: p.file, line, code: p.code }))));
    reported.push(...issues.map((i) => ({ file: i.file, line: i.line, code: i.kind === "validation" ? i.code : i.error.code })));
  }, size.timeoutMs);

  afterAll(async () => {
    await emulator?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("reports each defect of defects.json at its file and line", () => {
    expect(defects.length).toBeGreaterThan(10);
    const missed = defects.filter((d) => !reported.some((i) => i.file === d.file && i.line === d.line));
    expect(missed).toEqual([]);
  });

  it("reports each hand-made broken row at its file and line, with its problem", () => {
    const found = handMade.map((h) => ({ ...h, reported: reported.some((i) => i.file === h.file && i.line === h.line && i.code === h.code) }));
    expect(found).toEqual(handMade.map((h) => ({ ...h, reported: true })));
  });

  it("writes nothing for rows with errors", () => {
    const errored = issues.filter((i): i is Extract<RunIssue, { kind: "validation" }> => i.kind === "validation" && i.severity === "error" && i.sourceKey !== undefined);
    expect(errored.length).toBeGreaterThan(0);
    const landed = errored.filter((i) => {
      const table = i.sourceKey!.startsWith("patient:") ? "contact" : undefined;
      if (!table || [...planned.values()].some((p) => p.keys.has(i.sourceKey!))) return false;
      return rowsPerSourceKey(emulator, table).has(i.sourceKey!);
    });
    expect(landed).toEqual([]);
    const allKeys = new Set([...planned.values()].flatMap((p) => [...p.keys]));
    for (const h of handMade.filter((x) => x.sourceKey)) expect({ key: h.sourceKey, planned: allKeys.has(h.sourceKey!) }).toEqual({ key: h.sourceKey, planned: false });
    const stored = new Set([...planned.keys()].filter((t) => t !== "annotation").flatMap((t) => [...rowsPerSourceKey(emulator, t).keys()]));
    for (const h of handMade.filter((x) => x.sourceKey)) expect({ key: h.sourceKey, stored: stored.has(h.sourceKey!) }).toEqual({ key: h.sourceKey, stored: false });
  });

  it("lands every valid row exactly once", () => {
    expect(issues.filter((i) => i.kind === "load")).toEqual([]);
    expect(landingDifferences(emulator, planned)).toEqual([]);
  });
});
