import type { RunningEmulator } from "../../../emulator";
import type { Entity } from "../../../dataverse/types";
import { migrate } from "../../../migration/run/migrate";
import { utcDateTime } from "../../../migration/objects/dates";
import { policyKey } from "../../../migration/objects/insurance-policy";
import { tableAddress } from "../../../migration/model/tables";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(120_000);

/** The dental tables whose export carries a Created Date, with the file and the row id that keys the record. */
const DATED = [
  { table: "dxm_appointment", file: "appointments.csv", id: "Appointment ID", prefix: "appointment" },
  { table: "dxm_treatmenthistory", file: "procedures.csv", id: "Procedure ID", prefix: "procedure" },
  { table: "dxm_billingrecord", file: "claims.csv", id: "Billing ID", prefix: "claim" },
  { table: "dxm_treatmentplan", file: "treatment_plans.csv", id: "Plan ID", prefix: "plan" },
];

describe("custom tables keep the original creation date in createdon, as the standard ones do", () => {
  let exports: Exports;
  let emu: RunningEmulator;

  beforeAll(async () => {
    exports = await exportsOf(12);
    emu = await emulator({ bulk: true });
  });
  afterAll(async () => {
    await emu?.close();
    exports?.cleanup();
  });

  it("reads createdon back as the Dental-Exec Created Date for appointments, procedures, billing and plans; and policies (their first coverage row's)", async () => {
    const client = await clientFor(emu);
    const runStart = Date.now() - 1000;
    const result = await migrate({ exports: exports.set, map: exports.map, mode: "full", fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true }, client);
    expect(result.status).toBe("Completed");
    const timeZone = exports.map.timeZone;

    for (const { table, file, id, prefix } of DATED) {
      const headerOfId = exports.set.inventory.files.find((f) => f.name === file)?.headers;
      expect({ file, hasId: headerOfId?.includes(id), hasCreated: headerOfId?.includes("Created Date") }).toEqual({ file, hasId: true, hasCreated: true });
      const expected = new Map<string, string | undefined>();
      for await (const row of exports.set.rows(file)) expected.set(`${prefix}:${row.values[id]}`, utcDateTime(row.values["Created Date"] ?? "", "MDY", timeZone));
      const records = await client.retrieveAll<Entity>(tableAddress(table).entitySet, { select: ["dxm_sourcekey", "createdon", "overriddencreatedon", "dxm_sourcecreatedon"] });
      expect({ table, records: records.length }).toEqual({ table, records: expected.size });
      let dated = 0;
      for (const r of records) {
        const original = expected.get(String(r.dxm_sourcekey));
        if (!original) continue;
        dated++;
        expect({ table, key: r.dxm_sourcekey, createdon: Date.parse(String(r.createdon)) }).toEqual({ table, key: r.dxm_sourcekey, createdon: Date.parse(original) });
        expect(Date.parse(String(r.dxm_sourcecreatedon))).toBe(Date.parse(original));
        // Dataverse leaves the time the record was really created in overriddencreatedon.
        expect(Date.parse(String(r.overriddencreatedon))).toBeGreaterThanOrEqual(runStart);
        expect(Date.parse(original)).toBeLessThan(runStart);
      }
      expect(dated).toBeGreaterThan(records.length / 2);
    }

    // A policy is one per carrier + policy number: it takes the Created Date of its first coverage row.
    const firstCreated = new Map<string, string | undefined>();
    for await (const row of exports.set.rows("insurance.csv")) {
      const key = await policyKey(row.values.Carrier ?? "", row.values["Policy Number"] ?? "");
      if (key && !firstCreated.has(key)) firstCreated.set(key, utcDateTime(row.values["Created Date"] ?? "", "MDY", timeZone));
    }
    const policies = await client.retrieveAll<Entity>("dxm_insurancepolicies", { select: ["dxm_sourcekey", "createdon", "overriddencreatedon", "dxm_sourcecreatedon"] });
    expect(policies.length).toBe(firstCreated.size);
    for (const p of policies) {
      const original = firstCreated.get(String(p.dxm_sourcekey));
      expect({ key: p.dxm_sourcekey, dated: original !== undefined }).toEqual({ key: p.dxm_sourcekey, dated: true });
      expect(Date.parse(String(p.createdon))).toBe(Date.parse(original!));
      expect(Date.parse(String(p.dxm_sourcecreatedon))).toBe(Date.parse(original!));
      expect(Date.parse(String(p.overriddencreatedon))).toBeGreaterThanOrEqual(runStart);
    }
  });
});
