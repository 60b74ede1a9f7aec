import { packSolutionWithReport, sampleValuesForEveryColumn, sampleTargetId, type ColumnSample } from "../../../solution/pack";
import { findColumn } from "../../../solution/model";
import { startEmulator, SEED_IDS, type RunningEmulator } from "../../../emulator";

/**
 * The emulator imports the packed solution zip (its customizations.xml) and accepts a write to every
 * column the solution defines, then reads each value back. Over HTTP on 127.0.0.1 only.
 */
const targetId = (table: string) => (table === "systemuser" ? SEED_IDS.caller : sampleTargetId(table));
const samples = sampleValuesForEveryColumn(targetId);
const byTable = new Map<string, ColumnSample[]>();
for (const s of samples) byTable.set(s.table, [...(byTable.get(s.table) ?? []), s]);

let emulator: RunningEmulator;

async function request(method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${emulator.apiUrl}${path}`, {
    method,
    headers: { "Content-Type": "application/json", Accept: "application/json", Prefer: "return=representation", "OData-Version": "4.0" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

beforeAll(async () => {
  const { zip } = packSolutionWithReport({ managed: true });
  emulator = await startEmulator({ solutionZip: zip });
  // The records the lookups point at (the caller is the systemuser target).
  const targets: [string, Record<string, unknown>][] = [
    ["dxm_migrationruns", { dxm_migrationrunid: sampleTargetId("dxm_migrationrun"), dxm_name: "Target run" }],
    ["contacts", { contactid: sampleTargetId("contact"), lastname: "Target" }],
    ["accounts", { accountid: sampleTargetId("account"), name: "Target location" }],
    ["dxm_insurancepolicies", { dxm_insurancepolicyid: sampleTargetId("dxm_insurancepolicy"), dxm_name: "Target policy", dxm_carrier: "Carrier", dxm_policynumber: "P-1" }],
    ["dxm_coverages", {
      dxm_coverageid: sampleTargetId("dxm_coverage"), dxm_name: "Target coverage",
      "dxm_patientid@odata.bind": `/contacts(${sampleTargetId("contact")})`, "dxm_insurancepolicyid@odata.bind": `/dxm_insurancepolicies(${sampleTargetId("dxm_insurancepolicy")})`,
    }],
  ];
  for (const [set, body] of targets) {
    const created = await request("POST", set, body);
    if (created.status >= 300) throw new Error(`Creating the ${set} target failed: ${created.status} ${JSON.stringify(created.json)}`);
  }
});

afterAll(async () => {
  await emulator?.close();
});

/** What the Web API returns for a column: lookups as `_x_value` ids. */
function readBack(record: Record<string, unknown>, s: ColumnSample): unknown {
  return s.target ? record[`_${s.column}_value`] : record[s.column];
}

function expected(s: ColumnSample): unknown {
  if (s.target) return s.target.id;
  const column = findColumn(s.table, s.column);
  if (column?.type === "datetime" && column.behavior !== "dateonly") return new Date(String(s.value)).toISOString().replace(".000Z", "Z");
  return s.value;
}

describe("the emulator imports the solution zip", () => {
  it.each([...byTable.keys()])("accepts a write to every column of %s and returns the values", async (table) => {
    const columns = byTable.get(table)!;
    const body: Record<string, unknown> = Object.fromEntries(columns.map((s) => [s.property, s.value]));
    if (table === "connection") {
      body["record1id_contact@odata.bind"] = `/contacts(${sampleTargetId("contact")})`;
      body["record2id_account@odata.bind"] = `/accounts(${sampleTargetId("account")})`;
    }
    const created = await request("POST", columns[0].entitySet, body);
    expect({ status: created.status, error: created.status >= 300 ? created.json : undefined }).toEqual({ status: 201, error: undefined });
    for (const s of columns) {
      expect({ column: s.column, value: readBack(created.json, s) }).toEqual({ column: s.column, value: expected(s) });
    }
  });

  it("rejects a column the solution does not define (so acceptance means something)", async () => {
    const created = await request("POST", "dxm_treatmenthistories", { dxm_name: "x", dxm_notacolumn: 1 });
    expect(created.status).toBe(400);
  });
});
