import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { objectSpec, objectSpecs } from "../../migration/model";
import type { ObjectKind, ObjectSpec } from "../../migration/model/types";
import { writeAttachment } from "./attachments";
import { CsvWriter } from "./csv-writer";
import { DefectInjector } from "./defects";
import { inDateStyle, type DateStyle } from "./formats";
import { appointmentRows, visits } from "./objects/appointments";
import { claimRows } from "./objects/claims";
import { clinicalNoteRows } from "./objects/clinical-notes";
import { communicationRows } from "./objects/communications";
import type { GenerateContext, RowValues } from "./objects/context";
import { DEFINITION_FILES } from "./objects/definitions";
import { insuranceRows } from "./objects/insurance";
import { locationRow, providerRow } from "./objects/organization-rows";
import { PATIENT_CUSTOM_HEADERS, family } from "./objects/patients";
import { procedureRows } from "./objects/procedures";
import { taskRows } from "./objects/tasks";
import { treatmentPlanRows } from "./objects/treatment-plans";
import { organization, seedUsers } from "./organization";
import { Rng } from "./prng";

export interface GenerateOptions {
  out: string;
  patients: number;
  seed: number;
  /** Share of rows (0-1) that get a defect; 0 or absent for a clean set. */
  dirty?: number;
  /** Write the attachment files (default). Without them notes still name their attachments: for benchmarks. */
  attachments?: boolean;
  /** How dates are written: MDY (`MM/DD/YYYY`, default) or DMY (`DD/MM/YYYY`); the data are the same for a seed either way. */
  dateStyle?: DateStyle;
  onProgress?: (patientsWritten: number) => void;
}

export interface GenerateSummary {
  files: { name: string; rows: number }[];
  attachments: number;
  attachmentBytes: number;
  largeAttachments: number;
  defects: number;
  users: number;
}

/** Objects whose rows `--dirty` may damage (practices, providers and definitions stay clean: users are seeded from them). */
const DIRTY_OBJECTS = new Set<ObjectKind>(["patient", "insurance", "appointment", "procedure", "billing", "treatmentPlan", "clinicalNote", "task", "communication"]);

/** One export file: its writer, the object's fields in reference order, and the defect injector if dirty. */
class ObjectFile {
  readonly writer: CsvWriter;
  private readonly headers: string[];

  constructor(dir: string, readonly name: string, readonly spec: ObjectSpec, private readonly extra: string[], private readonly defects: DefectInjector | null, private readonly dateStyle: DateStyle = "MDY") {
    this.headers = [...spec.fields.map((f) => f.header), ...extra];
    this.writer = new CsvWriter(join(dir, name), this.headers);
  }

  async add(values: RowValues): Promise<void> {
    const cell = (f: ObjectSpec["fields"][number]): string => {
      const value = values[f.id] ?? "";
      return f.type === "date" || f.type === "datetime" ? inDateStyle(value, this.dateStyle) : value;
    };
    // Defects are injected after: an impossible date is impossible whichever way it is read.
    const cells = [...this.spec.fields.map(cell), ...this.extra.map((h) => values[h] ?? "")];
    if (!this.defects) {
      await this.writer.write(cells);
      return;
    }
    const injected = this.defects.inject(this.spec, this.name, this.spec.fields, cells);
    const line = await this.writer.write(injected.cells);
    if (injected.defect) await this.defects.record({ file: this.name, line, ...injected.defect });
    if (injected.orphan) {
      const orphanLine = await this.writer.write(injected.orphan.cells);
      await this.defects.record({ file: this.name, line: orphanLine, ...injected.orphan.defect });
    }
  }
}

/**
 * Writes a consistent Dental-Exec export set to `out`: one CSV per object in the reference layout, an
 * attachments/ folder, `dynamics-users.json` (the users an emulator should be seeded with) and, when
 * dirty, `defects.json`. Patients are generated a household at a time and written with their visits,
 * procedures, claims, plans, notes, tasks and calls before the next household, so memory stays flat at
 * any patient count. The same options give the same bytes.
 */
export async function generateExports(options: GenerateOptions): Promise<GenerateSummary> {
  const { out, seed } = options;
  const attachmentsDir = join(out, "attachments");
  await mkdir(attachmentsDir, { recursive: true });
  const dirty = options.dirty && options.dirty > 0 ? new DefectInjector(seed, options.dirty, join(out, "defects.json")) : null;
  const org = organization(seed);
  const ctx: GenerateContext = {
    rng: new Rng(seed, "patients"),
    seed,
    org,
    ids: { patient: 10001, coverage: 1, appointment: 100001, procedure: 200001, claim: 300001, plan: 5001, note: 400001, task: 600001, comm: 700001, attachment: 0 },
    referringPool: Math.max(6, Math.ceil(options.patients / 25)),
  };
  const files = new Map<ObjectKind, ObjectFile>();
  for (const spec of objectSpecs) {
    if (spec.kind === "definition") continue;
    const file = new ObjectFile(out, spec.files[0], spec, spec.kind === "patient" ? PATIENT_CUSTOM_HEADERS : [], DIRTY_OBJECTS.has(spec.kind) ? dirty : null, options.dateStyle);
    files.set(spec.kind, file);
    await file.writer.start();
  }
  const to = (kind: ObjectKind): ObjectFile => files.get(kind) as ObjectFile;

  for (const l of org.locations) await to("practice").add(locationRow(l));
  for (const p of org.providers) await to("provider").add(providerRow(p));

  let written = 0;
  let attachmentBytes = 0;
  let largeAttachments = 0;
  while (written < options.patients) {
    const household = family(ctx, options.patients - written);
    for (const row of household.rows) await to("patient").add(row);
    for (const row of insuranceRows(ctx, household.members)) await to("insurance").add(row);
    for (const patient of household.members) {
      const list = visits(ctx, patient);
      for (const row of appointmentRows(ctx, patient, list)) await to("appointment").add(row);
      for (const row of procedureRows(ctx, patient, list)) await to("procedure").add(row);
      for (const row of claimRows(ctx, patient, list)) await to("billing").add(row);
      for (const row of treatmentPlanRows(ctx, patient)) await to("treatmentPlan").add(row);
      const notes = clinicalNoteRows(ctx, patient, list);
      for (const row of notes.rows) await to("clinicalNote").add(row);
      for (const file of notes.files) {
        if (options.attachments !== false) await writeAttachment(attachmentsDir, seed, file.name, file.size);
        attachmentBytes += file.size;
        if (file.size > 5 * 1024 * 1024) largeAttachments++;
      }
      for (const row of taskRows(ctx, patient, list)) await to("task").add(row);
      for (const row of communicationRows(ctx, patient, list)) await to("communication").add(row);
    }
    const before = written;
    written += household.members.length;
    if (options.onProgress && Math.floor(written / 1000) > Math.floor(before / 1000)) options.onProgress(written);
  }

  const definitionSpec = objectSpec("definition");
  const summary: GenerateSummary["files"] = [];
  for (const [name, rows] of Object.entries(DEFINITION_FILES)) {
    const file = new ObjectFile(out, name, definitionSpec, [], null, options.dateStyle);
    await file.writer.start();
    for (const row of rows) await file.add(row);
    await file.writer.close();
    summary.push({ name, rows: file.writer.rows });
  }
  for (const file of files.values()) {
    await file.writer.close();
    summary.push({ name: file.name, rows: file.writer.rows });
  }
  const users = seedUsers(seed);
  await writeFile(join(out, "dynamics-users.json"), `${JSON.stringify(users, null, 2)}\n`);
  await dirty?.close();
  options.onProgress?.(written);
  return {
    files: summary.sort((a, b) => a.name.localeCompare(b.name)),
    attachments: ctx.ids.attachment,
    attachmentBytes,
    largeAttachments,
    defects: dirty ? [...dirty.counts.values()].reduce((n, c) => n + c, 0) : 0,
    users: users.length,
  };
}
