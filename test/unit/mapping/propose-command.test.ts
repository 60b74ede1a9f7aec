import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { register } from "../../../scripts/dxm/commands/propose";
import { learnedFromOrg } from "../../../scripts/dxm/learned";
import { FakeDataverseClient } from "../../../dataverse/testing/fake-client";

let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "dxm-propose-"));
  const patients = ["PAT_ID,PAT_FNAME,PAT_LNAME,PAT_DOB,PRIM_LOC_ID,FAV_COLOR"];
  for (let i = 0; i < 40; i++) patients.push(`${10001 + i},Ann,Lee,0${(i % 9) + 1}/12/1980,${(i % 3) + 1},${["Blue", "Red"][i % 2]}`);
  const appts = ["APPT_ID,PT_ID,APPT_DT,APPT_STAT"];
  for (let i = 0; i < 60; i++) appts.push(`${50001 + i},${10001 + ((i * 7) % 40)},2024-03-${String((i % 28) + 1).padStart(2, "0")},${["COMP", "NS", "CX"][i % 3]}`);
  writeFileSync(join(dir, "PT_MASTER.csv"), `${patients.join("\r\n")}\r\n`);
  writeFileSync(join(dir, "appts.csv"), `${appts.join("\r\n")}\r\n`);
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(...args: string[]): Promise<string> {
  const program = new Command("dxm").exitOverride();
  register(program);
  let out = "";
  const spy = jest.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(["node", "dxm", "propose", ...args]);
  } finally {
    spy.mockRestore();
  }
  return out;
}

describe("dxm propose", () => {
  it("prints the documented JSON: files with file, object, confidence, evidence and columns of source, target, confidence, evidence", async () => {
    const doc = JSON.parse(await run(dir, "--json")) as { files: Record<string, unknown>[]; relationships: unknown[]; warnings: string[] };
    const byName = (name: string) => doc.files.find((f) => f.file === name) as Record<string, unknown>;
    expect(doc.files.map((f) => [f.file, f.object]).sort()).toEqual([["PT_MASTER.csv", "patient"], ["appts.csv", "appointment"]]);
    for (const file of doc.files) {
      expect(Object.keys(file).slice(0, 5)).toEqual(["file", "object", "confidence", "evidence", "columns"]);
      for (const column of file.columns as Record<string, unknown>[]) {
        expect(Object.keys(column).slice(0, 4)).toEqual(["source", "target", "confidence", "evidence"]);
        expect(typeof column.confidence).toBe("number");
      }
    }
    const targets = Object.fromEntries((byName("PT_MASTER.csv").columns as { source: string; target: string | null }[]).map((c) => [c.source, c.target]));
    expect(targets).toEqual({
      PAT_ID: "contact.dxm_sourcepatientid", PAT_FNAME: "contact.firstname", PAT_LNAME: "contact.lastname", PAT_DOB: "contact.birthdate",
      PRIM_LOC_ID: "lookup:account", FAV_COLOR: "custom:contact.dxm_fav_color",
    });
    const appt = byName("appts.csv").columns as { source: string; target: string | null; evidence: string }[];
    expect(appt.find((c) => c.source === "PT_ID")?.target).toBe("lookup:contact");
    expect(appt.find((c) => c.source === "PT_ID")?.evidence).toContain("appear in PT_MASTER.csv 'PAT_ID'");
    expect(appt.find((c) => c.source === "APPT_STAT")?.target).toBe("dxm_appointment.dxm_status");
    expect(doc.relationships).toEqual([expect.objectContaining({ from: { file: "appts.csv", column: "PT_ID" }, to: { file: "PT_MASTER.csv", column: "PAT_ID" }, containment: 1 })]);
  });

  it("prints a readable table without --json", async () => {
    const text = await run(dir);
    expect(text).toMatch(/^PT_MASTER\.csv → patient \(\d\.\d\d\)$/m);
    expect(text).toMatch(/^ {2}PAT_DOB +contact\.birthdate +\d\.\d\d +header 'PAT_DOB'/m);
    expect(text).toMatch(/^ {2}APPT_ID +\(field appointmentId, no column of its own\)/m);
    expect(text).toContain("relationships (value containment):");
  });
});

describe("the org's earlier choices, for dxm propose --target, migrate and preflight", () => {
  const correction = {
    version: 3, confirmedAt: "2026-12-01T10:00:00.000Z", confirmedBy: "dxm:admin", timeZone: "America/Chicago",
    files: [{ file: "PT_MASTER.csv", object: "patient", dateOrder: "MDY", columns: [{ source: "FAV_COLOR", field: null, target: null, proposed: { field: null, target: "custom:contact.dxm_fav_color" } }] }],
  };

  it("reads them from the org's runs", async () => {
    const client = new FakeDataverseClient();
    client.seed("dxm_migrationruns", [{ dxm_name: "earlier", dxm_confirmedmap: JSON.stringify(correction) }]);
    const notes: string[] = [];
    expect(await learnedFromOrg(client, (t) => notes.push(t))).toMatchObject([{ object: "patient", header: "fav color", field: null, target: null, confirmedAt: correction.confirmedAt }]);
    expect(notes).toEqual([]);
  });

  it("goes without them, saying why, when the org cannot give them (no solution yet, no read privilege)", async () => {
    const client = new FakeDataverseClient();
    jest.spyOn(client, "retrieveMultiple").mockRejectedValueOnce(new Error("Resource not found for the segment 'dxm_migrationruns'."));
    const notes: string[] = [];
    expect(await learnedFromOrg(client, (t) => notes.push(t))).toEqual([]);
    expect(notes.join("")).toMatch(/could not be read \(Resource not found for the segment 'dxm_migrationruns'\.\): the proposal does not follow them/);
  });
});
