/**
 * Every value map the proposal makes for a generated export set is what lands: for each mapped column, each
 * source row's value reads back from its record as the option the map names. Values no option fits are named
 * in the proposal as left empty, and land empty: none is guessed, none is dropped without a word.
 */
import type { RunningEmulator } from "../../../emulator";
import type { Entity } from "../../../dataverse/types";
import { migrate } from "../../../migration/run/migrate";
import { objectSpec } from "../../../migration/model/objects";
import { tableAddress } from "../../../migration/model/tables";
import { communicationTable } from "../../../migration/objects/communication";
import { proposeMapping } from "../../../migration/mapping";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(120_000);

type Value = number | boolean | null;

describe("proposed value maps are written", () => {
  let exports: Exports;
  let emu: RunningEmulator;

  beforeAll(async () => {
    exports = await exportsOf(40);
    emu = await emulator({ bulk: true });
  });
  afterAll(async () => {
    await emu?.close();
    exports?.cleanup();
  });

  it("lands every proposed map on the written records, and names every value it leaves empty", async () => {
    const client = await clientFor(emu);
    const result = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client);
    expect(result.status).toBe("Completed");
    const records = new Map<string, Map<string, Entity>>();
    const recordsOf = async (table: string) => {
      if (!records.has(table)) {
        const rows = await client.retrieveAll<Entity>(tableAddress(table).entitySet);
        records.set(table, new Map(rows.map((r) => [String(r.dxm_sourcekey), r])));
      }
      return records.get(table)!;
    };

    // The map the harness confirmed is the proposal accepted as is; its flags are the proposal's.
    const proposal = proposeMapping(exports.set.inventory);
    const flagsOf = (file: string, source: string) => proposal.files.find((f) => f.file === file)?.columns.find((c) => c.source === source)?.flags?.join("; ");
    const checked: string[] = [];
    const leftEmpty: string[] = [];
    for (const file of exports.map.files) {
      const spec = objectSpec(file.object);
      const sourceOf = (field: string) => file.columns.find((c) => c.field === field)?.source;
      for (const column of file.columns.filter((c) => c.valueMap && c.target)) {
        const valueMap = column.valueMap!;
        const [table, attribute] = column.target!.split(".");
        // Each record's expected values: a record a column of another table writes to is the row's patient (a
        // coverage row's relationship lands on the covered patient, who may have several coverages).
        const expected = new Map<string, { table: string; values: Set<Value> }>();
        for await (const row of exports.set.rows(file.file)) {
          const value = row.values[column.source] ?? "";
          if (value.trim() === "") continue;
          let target = table;
          if (file.object === "communication") {
            const activity = communicationTable(row.values[sourceOf("type")!] ?? "");
            if (activity === undefined || activity === "appointment") continue; // meetings have no direction
            target = activity;
          }
          const key = target === spec.table || file.object === "communication" ? `${spec.keyPrefix}:${row.values[sourceOf(spec.keyField)!]}` : `patient:${row.values[sourceOf("patientId")!]}`;
          const mapped = valueMap[value];
          if (mapped === undefined) {
            const flags = flagsOf(file.file, column.source);
            expect({ file: file.file, column: column.source, flags }).toEqual({ file: file.file, column: column.source, flags: expect.stringContaining(JSON.stringify(value)) });
            expect(flags).toContain("left empty");
            leftEmpty.push(`${column.source}=${value}`);
          }
          const entry = expected.get(key) ?? { table: target, values: new Set<Value>() };
          entry.values.add(mapped ?? null);
          expected.set(key, entry);
        }
        expect({ column: column.source, rows: expected.size > 0 }).toEqual({ column: column.source, rows: true });
        for (const [key, { table: target, values }] of expected) {
          const record = (await recordsOf(target)).get(key);
          if (!record) continue; // a row skipped as errored by the run (none in a clean set)
          const actual = (record[attribute] ?? null) as Value;
          expect({ column: column.source, key, actual: values.has(actual) }).toEqual({ column: column.source, key, actual: true });
        }
        checked.push(`${file.file}:${column.source}`);
      }
    }
    // The generated set has status, direction, relationship, gender, yes/no flag, practice type and task state maps.
    expect(checked).toEqual(expect.arrayContaining([
      "appointments.csv:Status", "claims.csv:Claim Status", "communications.csv:Direction", "insurance.csv:Relationship",
      "patients.csv:Gender", "patients.csv:Drug Interaction Alert", "practices.csv:Practice Type", "tasks.csv:Status", "treatment_plans.csv:Plan Status",
    ]));
    // Dental-Exec's "U" (unknown) gender has no option on contact.gendercode: named, and left empty.
    expect(leftEmpty).toContain("Gender=U");
    // Provider specialty has no map: providers are Dynamics users, not written, and the proposal says so.
    const specialty = proposal.files.find((f) => f.object === "provider")?.columns.find((c) => c.source === "Specialty");
    expect(specialty).toMatchObject({ target: null, field: "specialty" });
    expect(specialty?.evidence).toContain("rebuild reference");
    expect(specialty?.valueMap).toBeUndefined();
  });
});
