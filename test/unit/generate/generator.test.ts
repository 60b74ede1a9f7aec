import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { objectSpecs } from "../../../migration/model";
import { readExports } from "../../../migration/source";
import type { ExportSet, SourceRow } from "../../../migration/source/types";
import { PATIENT_CUSTOM_HEADERS, generateExports, seedUsers, type GenerateSummary } from "../../../scripts/generate";
import { nodeFiles } from "../../../scripts/dxm/node-files";

// Generous limits for a shared, busy machine: these read or write megabytes (no timing is asserted).
jest.setTimeout(120_000);

const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "dxm-generate-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

async function generate(options: { patients: number; seed: number; dirty?: number; attachments?: boolean; dateStyle?: "MDY" | "DMY" }): Promise<{ dir: string; summary: GenerateSummary }> {
  const dir = tempDir();
  const summary = await generateExports({ out: dir, ...options });
  return { dir, summary };
}

async function rowsOf(set: ExportSet, file: string): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of set.rows(file)) rows.push(row);
  return rows;
}

const listing = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath ?? e.path, e.name).slice(dir.length + 1)).sort();

describe("determinism", () => {
  it("writes the same bytes for the same seed, and different ones for another seed", async () => {
    const a = await generate({ patients: 120, seed: 7 });
    const b = await generate({ patients: 120, seed: 7 });
    const c = await generate({ patients: 120, seed: 8 });
    expect(listing(a.dir)).toEqual(listing(b.dir));
    for (const f of listing(a.dir)) expect(readFileSync(join(b.dir, f)).equals(readFileSync(join(a.dir, f)))).toBe(true);
    expect(readFileSync(join(c.dir, "patients.csv")).equals(readFileSync(join(a.dir, "patients.csv")))).toBe(false);
  });
});

describe("a day-first (DD/MM/YYYY) export set", () => {
  it("holds the same seed's data with every date's day and month written the other way round, and reads back day first", async () => {
    const us = await generate({ patients: 40, seed: 5, attachments: false });
    const dmy = await generate({ patients: 40, seed: 5, attachments: false, dateStyle: "DMY" });
    const swapped = (text: string) => text.replace(/\b(\d{2})\/(\d{2})\/(\d{4})\b/g, "$2/$1/$3");
    let dayAbove12 = 0;
    for (const file of readdirSync(us.dir).filter((f) => f.endsWith(".csv"))) {
      const text = readFileSync(join(dmy.dir, file), "utf8");
      expect([file, text]).toEqual([file, swapped(readFileSync(join(us.dir, file), "utf8"))]);
      dayAbove12 += [...text.matchAll(/\b(\d{2})\/\d{2}\/\d{4}\b/g)].filter((m) => Number(m[1]) > 12).length;
    }
    expect(dayAbove12).toBeGreaterThan(0);
    const set = await readExports(await nodeFiles(dmy.dir));
    const patients = set.inventory.files.find((f) => f.name === "patients.csv")!;
    expect(patients.dateOrder).toMatchObject({ order: "DMY", conflict: false });
    expect(patients.profiles.find((p) => p.name === "Birth Date")?.types[0]).toEqual({ type: "date", share: 1, detail: "DD/MM/YYYY" });
  });
});

describe("a clean export set", () => {
  let dir: string;
  let set: ExportSet;
  let summary: GenerateSummary;
  beforeAll(async () => {
    ({ dir, summary } = await generate({ patients: 400, seed: 11 }));
    set = await readExports(await nodeFiles(dir));
  });

  it("writes every object's reference headers, in order, plus the practice's custom fields on patients", () => {
    for (const spec of objectSpecs) {
      for (const file of spec.files) {
        const header = readFileSync(join(dir, file), "utf8").split("\r\n")[0];
        const expected = [...spec.fields.map((f) => f.header), ...(spec.kind === "patient" ? PATIENT_CUSTOM_HEADERS : [])];
        expect(header).toBe(expected.map((h) => (h.includes(",") ? `"${h}"` : h)).join(","));
      }
    }
  });

  it("reads back without problems, each file recognised as its object, counts matching the summary", () => {
    expect(set.inventory.problems).toEqual([]);
    for (const f of set.inventory.files) {
      expect(f.problems).toEqual([]);
      expect(objectSpecs.find((s) => s.files.includes(f.name))?.kind).toBe(f.object);
      expect(f.rows).toBe(summary.files.find((s) => s.name === f.name)?.rows);
    }
    expect(set.inventory.files.find((f) => f.name === "patients.csv")?.rows).toBe(400);
  });

  it("keeps every child row pointing at a real patient", async () => {
    const patients = new Set((await rowsOf(set, "patients.csv")).map((r) => r.values["Patient ID"]));
    for (const file of ["appointments.csv", "procedures.csv", "claims.csv", "insurance.csv", "treatment_plans.csv", "clinical_notes.csv", "tasks.csv", "communications.csv"]) {
      const rows = await rowsOf(set, file);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.filter((r) => !patients.has(r.values["Patient ID"]))).toEqual([]);
    }
  });

  it("has practices with several locations and patients seen at more than one", async () => {
    const practices = await rowsOf(set, "practices.csv");
    const perPractice = new Map<string, number>();
    for (const p of practices) perPractice.set(p.values["Practice ID"], (perPractice.get(p.values["Practice ID"]) ?? 0) + 1);
    expect([...perPractice.values()].every((n) => n >= 2)).toBe(true);
    const patients = await rowsOf(set, "patients.csv");
    const multi = patients.filter((p) => p.values["Other Location IDs"] !== "");
    expect(multi.length).toBeGreaterThan(10);
    const appointments = await rowsOf(set, "appointments.csv");
    const seenAt = new Map<string, Set<string>>();
    for (const a of appointments) seenAt.set(a.values["Patient ID"], (seenAt.get(a.values["Patient ID"]) ?? new Set()).add(a.values["Location ID"]));
    expect([...seenAt.values()].filter((s) => s.size > 1).length).toBeGreaterThan(0);
  });

  it("has families sharing one policy: one row per covered member, same carrier and number, Self/Spouse/Child", async () => {
    const coverage = await rowsOf(set, "insurance.csv");
    const byPolicy = new Map<string, SourceRow[]>();
    for (const c of coverage) {
      const key = `${c.values.Carrier}|${c.values["Policy Number"]}`;
      byPolicy.set(key, [...(byPolicy.get(key) ?? []), c]);
    }
    const families = [...byPolicy.values()].filter((rows) => rows.length > 1);
    expect(families.length).toBeGreaterThan(10);
    for (const rows of families) {
      const self = rows.filter((r) => r.values.Relationship === "Self");
      expect(self).toHaveLength(1);
      expect(rows.every((r) => r.values["Subscriber ID"] === self[0].values["Patient ID"])).toBe(true);
      expect(new Set(rows.map((r) => r.values["Patient ID"])).size).toBe(rows.length);
    }
    const relationships = new Set(coverage.map((c) => c.values.Relationship));
    expect([...relationships].sort()).toEqual(["Child", "Self", "Spouse"]);
  });

  it("writes referring dentists inconsistently across patient rows", async () => {
    const patients = await rowsOf(set, "patients.csv");
    const spellings = new Map<string, Set<string>>();
    for (const p of patients.filter((r) => r.values["Referring NPI"] !== "")) {
      spellings.set(p.values["Referring NPI"], (spellings.get(p.values["Referring NPI"]) ?? new Set()).add(p.values["Referring Dentist"]));
    }
    const varied = [...spellings.values()].filter((s) => s.size > 1);
    expect(varied.length).toBeGreaterThan(0);
    const all = [...varied.flatMap((s) => [...s])].join("\n");
    expect(all).toMatch(/^Dr\.? /m);
    expect(all).toMatch(/^[A-Z' ]+, [A-Z]+ D(DS|MD)$/m);
  });

  it("has providers with no Dynamics user and one whose user is disabled; dynamics-users.json matches seedUsers", async () => {
    const users = seedUsers(11);
    expect(JSON.parse(readFileSync(join(dir, "dynamics-users.json"), "utf8"))).toEqual(users);
    const providers = await rowsOf(set, "providers.csv");
    const byEmail = new Map(users.map((u) => [u.internalemailaddress, u]));
    expect(providers.filter((p) => !byEmail.has(p.values.Email)).length).toBeGreaterThan(0);
    const disabled = providers.filter((p) => byEmail.get(p.values.Email)?.isdisabled);
    expect(disabled).toHaveLength(1);
    expect(disabled[0].values.Active).toBe("N");
    expect(users.filter((u) => u.isdisabled)).toHaveLength(1);
  });

  it("writes multi-line notes whose attachments exist, and original timestamps on calls and emails", async () => {
    const notes = await rowsOf(set, "clinical_notes.csv");
    expect(notes.every((n) => n.values["Note Text"].split("\r\n").length === 4)).toBe(true);
    const attached = notes.filter((n) => n.values.Attachment !== "");
    expect(attached.length).toBe(summary.attachments);
    for (const n of attached) expect(statSync(join(dir, "attachments", n.values.Attachment)).size).toBeGreaterThan(0);
    const comms = await rowsOf(set, "communications.csv");
    expect(new Set(comms.map((c) => c.values.Type))).toEqual(new Set(["Call", "Email", "Meeting"]));
    expect(comms.every((c) => /^\d{2}\/\d{2}\/\d{4} \d{1,2}:\d{2} [AP]M$/.test(c.values.Start))).toBe(true);
    const tasks = await rowsOf(set, "tasks.csv");
    expect(tasks.filter((t) => t.values["Task Type"] === "Recall").length).toBe(400);
  });

  it("formats values as US practice-management exports do", () => {
    const types = (file: string, column: string) => set.inventory.files.find((f) => f.name === file)?.profiles.find((p) => p.name === column)?.types[0];
    expect(types("patients.csv", "Birth Date")).toEqual({ type: "date", share: 1, detail: "MM/DD/YYYY" });
    expect(types("patients.csv", "Home Phone")?.type).toBe("phone");
    expect(types("patients.csv", "Home Phone")?.detail).toMatch(/mixed/);
    expect(types("procedures.csv", "CDT Code")?.type).toBe("cdt");
    expect(types("procedures.csv", "Fee")?.type).toBe("money");
    expect(types("procedures.csv", "Surface")?.type).toBe("surface");
    expect(types("providers.csv", "NPI")?.type).toBe("npi");
    expect(types("appointments.csv", "Start Time")).toEqual({ type: "time", share: 1, detail: "h:mm AM/PM" });
    expect(types("insurance.csv", "Basic %")?.type).toBe("percent");
    expect(types("patients.csv", "Drug Interaction Alert")?.type).toBe("yn");
  });
});

it("writes a few attachments above 5 MB once the set is large enough", async () => {
  const { dir, summary } = await generate({ patients: 1400, seed: 2 });
  expect(summary.largeAttachments).toBeGreaterThan(0);
  const sizes = readdirSync(join(dir, "attachments")).map((f) => statSync(join(dir, "attachments", f)).size);
  expect(sizes.filter((s) => s > 5 * 1024 * 1024)).toHaveLength(summary.largeAttachments);
  expect(sizes.reduce((n, s) => n + s, 0)).toBe(summary.attachmentBytes);
});
