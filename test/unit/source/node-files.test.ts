import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readExports } from "../../../migration/source";
import { ColumnProfiler } from "../../../migration/source/column-profiler";
import type { SourceRow } from "../../../migration/source/types";
import { shareableProfile } from "../../../scripts/dxm/commands/inspect";
import { nodeFiles } from "../../../scripts/dxm/node-files";

// Generous limits for a shared, busy machine: these read or write megabytes (no timing is asserted).
jest.setTimeout(120_000);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dxm-nodefiles-"));
  mkdirSync(join(dir, "attachments"));
  mkdirSync(join(dir, "older"));
  const rows = Array.from({ length: 40000 }, (_, i) => `${10000 + i},Ann${i % 7},Lee,01/02/1990\r\n`).join("");
  writeFileSync(join(dir, "patients.csv"), `Patient ID,First Name,Last Name,Birth Date\r\n${rows}`);
  writeFileSync(join(dir, "attachments", "note-1.pdf"), "%PDF-1.4");
  writeFileSync(join(dir, "older", "patients.csv"), "Patient ID\r\n1\r\n");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("wraps a folder as SourceFiles named relative to it, and the reader sorts them into exports, attachments and others", async () => {
  const files = await nodeFiles(dir);
  expect(files.map((f) => f.name)).toEqual(["attachments/note-1.pdf", "older/patients.csv", "patients.csv"]);
  const set = await readExports(files);
  expect(set.inventory.files.map((f) => [f.name, f.rows])).toEqual([["patients.csv", 40000]]);
  expect(set.inventory.attachments).toEqual([{ name: "attachments/note-1.pdf", size: 8 }]);
  expect(set.inventory.other).toEqual([{ name: "older/patients.csv", size: 15 }]);
});

it("streams one file twice at once, each stream complete and in order", async () => {
  const set = await readExports(await nodeFiles(dir));
  const collect = async (): Promise<SourceRow[]> => {
    const out: SourceRow[] = [];
    for await (const row of set.rows("patients.csv")) out.push(row);
    return out;
  };
  const [a, b] = await Promise.all([collect(), collect()]);
  expect(a).toHaveLength(40000);
  expect(b).toEqual(a);
  expect(a[39999]).toEqual({ line: 40001, values: { "Patient ID": "49999", "First Name": "Ann1", "Last Name": "Lee", "Birth Date": "01/02/1990" } });
});

it("says plainly when the folder does not exist", async () => {
  await expect(nodeFiles(join(dir, "missing"))).rejects.toThrow(/is not a folder/);
});

it("inspect's shareable profile drops the values of person columns and keeps the codes of other files", () => {
  const profile = (name: string, values: string[]) => {
    const p = new ColumnProfiler(name);
    for (let i = 0; i < 30; i++) p.add(values[i % values.length]);
    return p.result();
  };
  const names = shareableProfile(profile("First Name", ["Ann", "Bo", "Cy"]), "patient");
  expect(JSON.stringify(names)).not.toMatch(/Ann|Bo|Cy/);
  expect(names).toMatchObject({ nonEmpty: 30, distinct: 3, topValues: [] });
  // Values that read as codes are still a person's: a small practice's cities read as a status, initials as teeth.
  const cities = profile("City", ["Columbus", "Ann Arbor"]);
  expect(cities.types[0]?.type).toBe("status");
  expect(shareableProfile(cities, "patient").topValues).toEqual([]);
  expect(shareableProfile(cities, "practice").topValues).toEqual([]);
  expect(shareableProfile(profile("Middle Initial", ["D", "E"]), "patient").topValues).toEqual([]);
  expect(shareableProfile(profile("Gender", ["F", "M"]), "patient").topValues).toEqual([]);
  // A code column of a file that does not describe people keeps its values (value maps are built from them).
  expect(shareableProfile(profile("Status", ["Completed", "No-Show"]), "appointment").topValues).toEqual([{ value: "Completed", count: 15 }, { value: "No-Show", count: 15 }]);
  // Not a column the layout names as a code, or a file of unknown kind: no values.
  expect(shareableProfile(profile("Status Note", ["Completed", "No-Show"]), "appointment").topValues).toEqual([]);
  expect(shareableProfile(profile("Status", ["Completed", "No-Show"]), null).topValues).toEqual([]);
});
