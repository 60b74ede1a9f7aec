/**
 * What the reader refuses and what it renames reaches planning as it should, through the real reader on a
 * generated set: a row with a NUL byte and rows swallowed by a quote are errored rows (named by every line,
 * counted, left out only with consent), and a second column of the same name keeps its values up to the
 * planned payloads.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { confirmMap, proposeMapping } from "../../../migration/mapping";
import type { ConfirmedMap } from "../../../migration/mapping/types";
import { normalisePhone } from "../../../migration/objects/values";
import { planMigration } from "../../../migration/plan";
import { inventorySummary, lineRanges } from "../../../migration/run/inventory-summary";
import { readExports } from "../../../migration/source";
import type { ExportSet } from "../../../migration/source/types";
import { generateExports } from "../../../scripts/generate";
import { nodeFiles } from "../../../scripts/dxm/node-files";
import { damagePatients, type DamagedPatients } from "../../fixtures/source/damaged-patients";
import { collect, orgContext } from "./fixtures";

jest.setTimeout(60_000);

let dir: string;
let set: ExportSet;
let map: ConfirmedMap;
let damaged: DamagedPatients;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "dxm-refusals-"));
  await generateExports({ out: dir, patients: 30, seed: 5, attachments: false });
  damaged = await damagePatients(dir);
  set = await readExports(await nodeFiles(dir));
  map = confirmMap(proposeMapping(set.inventory), {}, { confirmedBy: "test", timeZone: "America/Chicago" });
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

it("the reader names the NUL row and every swallowed line (preconditions of what follows)", () => {
  const patients = set.inventory.files.find((f) => f.name === "patients.csv")!;
  expect(patients.problems.filter((p) => p.severity === "error").map((p) => [p.code, p.line, p.lines])).toEqual([
    ["nul-byte", damaged.nulLine, undefined],
    ["unseparated-rows", damaged.swallowed[0], damaged.swallowed],
  ]);
  expect(patients.refusedRows).toBe(5);
});

it("refuses to plan the run while they are not consented to, naming each line as an errored row", async () => {
  const plan = await planMigration(set, map, orgContext(), { mode: "full" });
  expect(plan.blocked).toBe(true);
  const refused = plan.issues.filter((i) => ["nul-byte", "unseparated-rows"].includes(i.code));
  expect(refused.map((i) => [i.severity, i.code, i.file, i.line])).toEqual([
    ["error", "nul-byte", "patients.csv", damaged.nulLine],
    ...damaged.swallowed.map((line) => ["error", "unseparated-rows", "patients.csv", line]),
  ]);
  // Never a value in the reason.
  expect(refused.every((i) => !i.reason.includes("Bob") && !i.reason.includes("\u0000"))).toBe(true);
});

it("with consent, leaves every refused line out and counts it; the NUL row's dependants go with it, not as orphans", async () => {
  const plan = await planMigration(set, map, orgContext(), { mode: "full", skipErroredRows: true });
  expect(plan.blocked).toBe(false);
  expect(plan.report.excludedRows).toBeGreaterThanOrEqual(5);
  const patients = plan.stages.find((s) => s.object === "patient" && s.table === "contact")!;
  const keys = (await collect(patients.records())).map((r) => r.sourceKey);
  expect(keys).not.toContain(`patient:${damaged.ids.get(damaged.nulLine)}`);
  expect(keys).not.toContain(`patient:${damaged.ids.get(damaged.swallowed[0])}`);
  expect(keys).toContain(`patient:${damaged.ids.get(damaged.nulLine + 1)}`);
  // The NUL row's id was read: the rows of that patient are left out with it, not reported as orphans.
  const nulId = damaged.ids.get(damaged.nulLine)!;
  const dependants: { file: string; line: number }[] = [];
  for (const file of ["appointments.csv", "procedures.csv", "tasks.csv", "communications.csv"]) {
    for (const row of await collect(set.rows(file))) if (row.values["Patient ID"] === nulId) dependants.push({ file, line: row.line });
  }
  expect(dependants.length).toBeGreaterThan(0);
  const codesOf = (d: { file: string; line: number }) => plan.issues.filter((i) => i.file === d.file && i.line === d.line && i.column === "Patient ID").map((i) => i.code);
  expect(dependants.map(codesOf)).toEqual(dependants.map(() => ["depends-on-errored-row"]));
  // The ids of the lines a quote swallowed are unknown: their rows are orphans, and the reason says where they may be.
  const orphans = plan.issues.filter((i) => i.code === "orphan" && i.file !== "patients.csv");
  expect(orphans.length).toBeGreaterThan(0);
  expect(orphans.every((i) => i.reason.endsWith("(or is on one of the lines of it the reader refused)"))).toBe(true);
});

it("keeps both columns named Home Phone up to the planned contacts: the first as telephone2, the second on a column of its own", async () => {
  const patientMap = map.files.find((f) => f.file === "patients.csv")!;
  const first = patientMap.columns.find((c) => c.source === "Home Phone");
  const second = patientMap.columns.find((c) => c.source === "Home Phone (2)");
  expect(first?.target).toBe("contact.telephone2");
  expect(second?.custom).toMatchObject({ table: "contact" });
  const plan = await planMigration(set, map, orgContext(), { mode: "full", skipErroredRows: true });
  const contacts = await collect(plan.stages.find((s) => s.object === "patient" && s.table === "contact")!.records());
  expect(contacts.length).toBeGreaterThan(20);
  for (const c of contacts) expect(c.payload[second!.custom!.logicalName]).toBe(damaged.secondPhone(c.line));
  // The first column's values are there too, on the lines that have one.
  const rows = await collect(set.rows("patients.csv"));
  const homePhones = new Map(rows.map((r) => [r.line, r.values["Home Phone"].trim()]));
  const withFirst = contacts.filter((c) => homePhones.get(c.line));
  expect(withFirst.length).toBeGreaterThan(0);
  for (const c of withFirst) expect(c.payload.telephone2).toBe(normalisePhone(homePhones.get(c.line)!));
});

it("the run row's inventory names the refused lines as ranges, and counts them", () => {
  const patients = inventorySummary(set.inventory).files.find((f) => f.name === "patients.csv")!;
  const [first, , , last] = damaged.swallowed;
  expect(patients.refusedRows).toBe(5);
  expect(patients.problems).toEqual(expect.arrayContaining([
    expect.objectContaining({ code: "nul-byte", line: damaged.nulLine, column: "Middle Initial" }),
    expect.objectContaining({ code: "unseparated-rows", line: first, lines: `${first}-${last}` }),
  ]));
  expect(lineRanges([3, 4, 5, 9, 11, 12])).toBe("3-5,9,11-12");
  const many = lineRanges(Array.from({ length: 20_000 }, (_, i) => 2 * i + 2));
  expect(many.length).toBeLessThan(10_100);
  expect(many).toMatch(/^2,4,6,.*,… \(more in the audit\)$/);
});
