/**
 * The whole planning half on a generated export set: generator → reader → proposed and confirmed map →
 * planMigration. Every defect `--dirty` injects must come back as an issue at its file, line and column.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { confirmMap, proposeMapping } from "../../../migration/mapping";
import { planMigration } from "../../../migration/plan";
import type { MigrationPlan } from "../../../migration/plan/types";
import { readExports } from "../../../migration/source";
import type { ExportSet } from "../../../migration/source/types";
import { generateExports } from "../../../scripts/generate";
import type { Defect, DefectKind, DynamicsUser } from "../../../scripts/generate";
import { nodeFiles } from "../../../scripts/dxm/node-files";
import { collect, orgContext } from "./fixtures";

/** The issue codes each injected defect kind must produce. */
const expectedCodes: Record<DefectKind, string[]> = {
  "impossible-date": ["impossible-date"],
  "invalid-email": ["invalid-email"],
  "duplicate-id": ["duplicate-id"],
  "orphan-row": ["orphan"],
  "over-long-text": ["too-long"],
  "mis-encoded": ["mis-encoded"],
  mojibake: ["mis-encoded"],
  formula: ["formula-like"],
  "unmapped-option": ["unmapped-value"],
};

describe("planning a generated Dental-Exec export set", () => {
  let dir: string;
  let exports: ExportSet;
  let plan: MigrationPlan;
  let defects: Defect[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "dxm-plan-"));
    await generateExports({ out: dir, patients: 120, seed: 7, dirty: 0.04 });
    defects = JSON.parse(await readFile(join(dir, "defects.json"), "utf8"));
    const users = JSON.parse(await readFile(join(dir, "dynamics-users.json"), "utf8")) as DynamicsUser[];
    exports = await readExports(await nodeFiles(dir));
    const map = confirmMap(proposeMapping(exports.inventory), {}, { confirmedBy: "test", timeZone: "America/Chicago" });
    const org = orgContext({ users: users.map((u, i) => ({ id: `u-${i}`, email: u.internalemailaddress, disabled: u.isdisabled })) });
    plan = await planMigration(exports, map, org, { mode: "full", skipErroredRows: true });
  }, 60_000);

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("injects every defect kind (a precondition of the test)", () => {
    expect(new Set(defects.map((d) => d.kind))).toEqual(new Set(Object.keys(expectedCodes)));
  });

  it("reports every injected defect at its file, line and column", () => {
    // A file whose only non-ASCII bytes are the injected Windows-1252 ones is read as Windows-1252 (rightly: the
    // reader reports it for the whole file, and the text decodes), so its mis-encoded cell is no line's issue.
    const readAs1252 = (file: string) => exports.inventory.files.find((f) => f.name === file)?.encoding === "windows-1252";
    const missed = defects.filter((d) => !(d.kind === "mis-encoded" && readAs1252(d.file))).filter((d) => !plan.issues.some((i) => i.file === d.file && i.line === d.line && i.column === d.column && expectedCodes[d.kind].includes(i.code)));
    expect(missed).toEqual([]);
  });

  it("leaves the errored rows out and plans the rest", async () => {
    expect(plan.blocked).toBe(false);
    const patients = plan.stages.find((s) => s.name === "Patients")!;
    const records = await collect(patients.records());
    expect(records).toHaveLength(patients.count);
    expect(patients.count).toBeGreaterThan(100);
    const erroredPatients = new Set(plan.issues.filter((i) => i.severity === "error" && i.file === "patients.csv").map((i) => i.line));
    expect(records.filter((r) => erroredPatients.has(r.line))).toEqual([]);
  });

  it("merges referring-dentist spellings and matches providers to users", () => {
    expect(plan.report.referringMerges.length).toBeGreaterThan(0);
    expect(plan.report.referringMerges.every((m) => m.variants > 1)).toBe(true);
    expect(plan.report.unmatchedProviders.map((u) => u.reason)).toEqual(expect.arrayContaining(["no-user", "disabled-user"]));
  });

  it("never puts cell values in issue reasons", () => {
    const emails = plan.issues.filter((i) => i.code === "invalid-email");
    expect(emails.length).toBeGreaterThan(0);
    for (const i of plan.issues) expect(i.reason).not.toMatch(/@[a-z]+\.(com|net)|HYPERLINK/);
  });
});

describe("planning a clean generated export set", () => {
  it("finds no errors, so nothing blocks the run", async () => {
    const dir = await mkdtemp(join(tmpdir(), "dxm-plan-clean-"));
    try {
      await generateExports({ out: dir, patients: 60, seed: 11 });
      const users = JSON.parse(await readFile(join(dir, "dynamics-users.json"), "utf8")) as DynamicsUser[];
      const exports = await readExports(await nodeFiles(dir));
      const map = confirmMap(proposeMapping(exports.inventory), {}, { confirmedBy: "test", timeZone: "America/Chicago" });
      const org = orgContext({ users: users.map((u, i) => ({ id: `u-${i}`, email: u.internalemailaddress, disabled: u.isdisabled })) });
      const plan = await planMigration(exports, map, org, { mode: "full" });
      expect(plan.issues.filter((i) => i.severity === "error")).toEqual([]);
      expect(plan.blocked).toBe(false);
      const counts = Object.fromEntries(plan.stages.map((s) => [s.name, s.count]));
      expect(counts.Patients).toBe(60);
      for (const name of ["Practice locations", "Referring providers", "Insurance policies", "Contact coverage", "Treatment history", "Dental appointments", "Billing records", "Clinical notes", "Phone calls"]) {
        expect({ name, planned: counts[name] > 0 }).toEqual({ name, planned: true });
      }
      const warnings = new Set(plan.issues.map((i) => i.code));
      expect(warnings).not.toContain("mis-encoded");
      expect(warnings).not.toContain("formula-like");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
