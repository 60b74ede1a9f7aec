/**
 * The first pass over the exports: every row checked cell by cell, duplicate ids and dangling references
 * found, and the facts later stages need collected as ids and keys only (valid locations, patients and
 * policies, provider matches, the referrer index). No row is kept.
 */
import type { ConfirmedMap } from "../mapping/types";
import { objectSpec } from "../model/objects";
import type { ObjectKind } from "../model/types";
import { definitionFacts } from "../objects/definition";
import type { DefinitionFacts } from "../objects/definition";
import { coverageOrderOptions } from "../../solution/model/tables/coverage";
import { policyKey, subscriberOf } from "../objects/insurance-policy";
import { mapOption } from "../objects/values";
import { fileDateOrder } from "../objects/mapped-row";
import type { MappedRow } from "../objects/mapped-row";
import { patientLocations } from "../objects/patient";
import { providerFacts } from "../objects/provider";
import type { ProviderFacts } from "../objects/provider";
import { ReferrerIndex } from "../objects/referring-provider";
import { isValidTimeZone } from "../time";
import { checkCell } from "../validate/cell-checks";
import { issue } from "../validate/issue";
import { ExcludedRows, IdRegistry } from "../validate/references";
import { filesOf, mappedRows } from "./files";
import { checkOptions } from "./option-checks";
import type { ExportRows, ValidationIssue } from "./types";

/** Objects whose rows belong to one patient (by their `patientId` field). */
export const patientChildren: ObjectKind[] = ["insurance", "appointment", "procedure", "billing", "treatmentPlan", "clinicalNote", "task", "communication"];

export interface CoverageLink {
  patientId: string;
  policyKey: string;
  subscriberId?: string;
}

export interface PlanIndex {
  issues: ValidationIssue[];
  /** Patient (or `location:<id>`) a row-level issue belongs to, for sample runs that only care about their own rows. */
  issueOwner: WeakMap<ValidationIssue, string>;
  excluded: ExcludedRows;
  /** Source keys of rows left out (they still exist in the source: a delta run must not call them deleted). */
  excludedKeys: Set<string>;
  seenLocations: IdRegistry;
  locations: IdRegistry;
  seenPatients: IdRegistry;
  patients: IdRegistry;
  /** Providers by id; their Dynamics users are matched once the org has been read (`matchUser`). */
  providers: Map<string, ProviderFacts>;
  /** Provider ids rows name that providers.csv does not hold. */
  unknownProviders: Set<string>;
  /** Objects with rows the reader refused: a row pointing at an unknown id may point at one of them. */
  refusedObjects: Set<ObjectKind>;
  referrers: ReferrerIndex;
  policies: Set<string>;
  /** Valid coverage rows by Coverage ID: their patient and policy key (billing binds the coverage it names). */
  coverages: Map<string, { patientId: string; policyKey: string }>;
  /**
   * Each patient's primary coverage row (file and line): the lowest Coverage Order, the first row among equals
   * (or without one). Its policy is the one the contact's own policy lookup names.
   */
  primaryCoverage: Map<string, { line: number; file: string; order: number }>;
  coverage: CoverageLink[];
  /** Patient → guarantor (another patient's id), kept for sample runs: the guarantor joins the sample. */
  guarantors: Map<string, string>;
  definitions: DefinitionFacts[];
}

const order: ObjectKind[] = ["practice", "provider", "patient", ...patientChildren, "definition"];

export async function buildIndex(exports: ExportRows, map: ConfirmedMap, keepCoverage: boolean): Promise<PlanIndex> {
  const index: PlanIndex = {
    issues: [], issueOwner: new WeakMap(), excluded: new ExcludedRows(), excludedKeys: new Set(),
    seenLocations: new IdRegistry(), locations: new IdRegistry(), seenPatients: new IdRegistry(), patients: new IdRegistry(),
    providers: new Map(), unknownProviders: new Set(), refusedObjects: new Set(), referrers: new ReferrerIndex(), policies: new Set(), coverages: new Map(), primaryCoverage: new Map(), coverage: [], guarantors: new Map(), definitions: [],
  };
  checkMap(exports, map, index);
  // Guarantors not seen yet when their patient's row was read (a household's head usually comes first).
  const guarantorsAhead: { row: MappedRow; guarantor: string }[] = [];
  for (const object of order) {
    const ids = new IdRegistry();
    for await (const row of mappedRows(exports, map, object)) {
      await indexRow(row, ids, index, keepCoverage);
      const guarantor = object === "patient" && !row.refused ? row.get("guarantorId") : "";
      if (guarantor && !index.seenPatients.has(guarantor)) guarantorsAhead.push({ row, guarantor });
    }
  }
  for (const { row, guarantor } of guarantorsAhead) {
    if (index.seenPatients.has(guarantor)) continue;
    const i = issue("warning", "unknown-reference", { file: row.file, line: row.line, column: row.header("guarantorId") }, "The guarantor is not in the patients file: the patient is written without one");
    index.issues.push(i);
    index.issueOwner.set(i, row.get("patientId"));
  }
  index.referrers.finish();
  return index;
}

const REFUSED_REASON: Record<NonNullable<MappedRow["refused"]>["code"], string> = {
  "nul-byte": "The reader refused the row: a cell holds a NUL byte (see the file's problems)",
  "unseparated-rows": "The reader could not separate this line from the rows around it: a quote closes lines later (see the file's problems)",
  "unterminated-quote": "The reader could not separate this line into a row: a quote opened on an earlier line or this one never closes (see the file's problems)",
};

/**
 * A row the reader refused: every line it covers is an errored row (named, counted, left out only with the
 * admin's consent). Its cells are not checked (they are not to be trusted), but its id is taken as seen, so
 * the rows that depend on it are left out with it rather than reported as orphans.
 */
function refuseRow(row: MappedRow, index: PlanIndex, owner: string | undefined): void {
  const refused = row.refused!;
  index.refusedObjects.add(row.object);
  for (let line = row.line; line <= refused.lastLine; line++) {
    const i = issue("error", refused.code, { file: row.file, line, column: refused.column }, REFUSED_REASON[refused.code]);
    index.issues.push(i);
    if (owner) index.issueOwner.set(i, owner);
    index.excluded.add(row.file, line);
  }
  const spec = objectSpec(row.object);
  const id = row.get(spec.keyField);
  if (!id) return;
  index.excludedKeys.add(`${spec.keyPrefix}:${id}`);
  if (row.object === "patient") index.seenPatients.add(id);
  if (row.object === "practice") index.seenLocations.add(id);
}

function checkMap(exports: ExportRows, map: ConfirmedMap, index: PlanIndex): void {
  if (!isValidTimeZone(map.timeZone)) {
    index.issues.push(issue("error", "invalid-time-zone", { file: "" }, `Time zone "${map.timeZone}" is not an IANA zone; local times cannot be converted`));
  }
  for (const f of map.files) {
    const info = exports.inventory.files.find((i) => i.name === f.file);
    if (!info || !info.readable) {
      index.issues.push(issue("error", "file-missing", { file: f.file }, "The confirmed map names a file the export set does not hold or cannot read"));
      continue;
    }
    // A map reused on a later export (a delta run), or edited by hand, may name an order the values contradict.
    const shown = info.dateOrder?.order;
    const mapped = fileDateOrder(f);
    if (shown && shown !== mapped) {
      index.issues.push(issue("error", "date-order-mismatch", { file: f.file }, `The map reads its dates ${mapped === "DMY" ? "day" : "month"} first, but its values are written ${info.dateOrder!.evidence}; confirm the map again with the file's own order`));
    }
    const spec = objectSpec(f.object);
    for (const field of spec.fields) {
      if (field.required && !f.columns.some((c) => c.field === field.id)) {
        index.issues.push(issue("error", "required", { file: f.file, column: field.header }, `No column maps to the required field ${field.header}`));
      }
    }
  }
  for (const object of ["patient", "practice"] as const) {
    if (filesOf(map, object).length === 0) index.issues.push(issue("warning", "file-missing", { file: "" }, `No file is mapped to ${objectSpec(object).label}`));
  }
}

/**
 * One row's checks as indexRow makes them: each issue goes to the index (with the row's owner), and an error
 * leaves the row out. A class, not closures made per row (planning indexes every row of a practice).
 */
class RowCheck {
  errored = false;

  constructor(private readonly row: MappedRow, private readonly index: PlanIndex, private readonly owner: string | undefined) {}

  add(severity: "error" | "warning", code: Parameters<typeof issue>[1], field: string | undefined, reason: string): void {
    const i = issue(severity, code, { file: this.row.file, line: this.row.line, column: field ? this.row.header(field) : undefined }, reason);
    this.index.issues.push(i);
    if (this.owner) this.index.issueOwner.set(i, this.owner);
    if (severity === "error") this.errored = true;
  }

  /** A child row's patient: in the patients file, and not left out. */
  dependsOnPatient(): void {
    const patientId = this.row.get("patientId");
    if (!patientId) return;
    if (!this.index.seenPatients.has(patientId)) {
      this.add("error", "orphan", "patientId", `The patient this row belongs to is not in the patients file${this.index.refusedObjects.has("patient") ? " (or is on one of the lines of it the reader refused)" : ""}`);
    }
    else if (!this.index.patients.has(patientId)) {
      this.add("warning", "depends-on-errored-row", "patientId", "Its patient's row has errors: this row is left out with it");
      this.errored = true;
    }
  }

  /** A provider the row names that the providers file does not hold (its records go to the fallback owner). */
  noteProvider(field: string): void {
    const providerId = this.row.get(field);
    if (providerId && !this.index.providers.has(providerId)) this.index.unknownProviders.add(providerId);
  }
}

async function indexRow(row: MappedRow, ids: IdRegistry, index: PlanIndex, keepCoverage: boolean): Promise<void> {
  const spec = objectSpec(row.object);
  const owner =
    row.object === "practice" ? `location:${row.get("locationId")}` : row.object === "patient" || patientChildren.includes(row.object) ? row.get("patientId") : undefined;
  if (row.refused) return refuseRow(row, index, owner);
  const check = new RowCheck(row, index, owner);
  for (const field of spec.fields) {
    if (!row.has(field.id)) continue;
    for (const p of checkCell(field, row.get(field.id), row.dateOrder)) check.add(p.severity, p.code, field.id, p.reason);
  }
  for (const p of checkOptions(row)) check.add(p.severity, p.code, p.field, p.reason);

  const id = row.get(spec.keyField);
  if (id && !ids.add(id)) check.add("error", "duplicate-id", spec.keyField, `${spec.fields.find((f) => f.id === spec.keyField)?.header ?? "Id"} appears on an earlier line too`);

  switch (row.object) {
    case "practice":
      if (id) index.seenLocations.add(id);
      break;
    case "provider":
      break;
    case "patient": {
      if (id) index.seenPatients.add(id);
      const [primary, ...others] = patientLocations(row);
      if (primary && !index.seenLocations.has(primary)) check.add("error", "orphan", "primaryLocationId", "The primary location is not in the practices file");
      else if (primary && !index.locations.has(primary)) {
        check.add("warning", "depends-on-errored-row", "primaryLocationId", "Its primary location's row has errors: this patient is left out with it");
        check.errored = true;
      }
      if (others.some((l) => !index.locations.has(l))) check.add("warning", "unknown-reference", "otherLocationIds", "An other location is not in the practices file: no connection is made to it");
      check.noteProvider("primaryProviderId");
      break;
    }
    case "insurance": {
      check.dependsOnPatient();
      const subscriber = subscriberOf(row);
      if (subscriber && !index.seenPatients.has(subscriber)) check.add("warning", "unknown-reference", "subscriberId", "The subscriber is not in the patients file: the policy is written without one");
      break;
    }
    case "clinicalNote":
    case "task":
    case "procedure":
    case "appointment":
    case "treatmentPlan":
      check.dependsOnPatient();
      check.noteProvider("providerId");
      if (row.object === "appointment" && row.get("locationId") && !index.seenLocations.has(row.get("locationId"))) {
        check.add("warning", "unknown-reference", "locationId", "The location is not in the practices file: the appointment is written without it");
      }
      break;
    case "communication":
      check.dependsOnPatient();
      check.noteProvider("staffId");
      break;
    case "billing": {
      check.dependsOnPatient();
      const key = await policyKey(row.get("carrier"), row.get("policyNumber"));
      if (key && !index.policies.has(key)) check.add("warning", "unknown-reference", "policyNumber", "The billed policy is not in the insurance file: the record is written without it");
      const coverage = row.get("coverageId");
      if (coverage && !index.coverages.has(coverage)) check.add("warning", "unknown-reference", "coverageId", "The billed coverage is not in the insurance file (or its row was left out): the record is written without it");
      break;
    }
    case "definition":
      break;
  }

  if (check.errored) {
    index.excluded.add(row.file, row.line);
    if (id) index.excludedKeys.add(`${spec.keyPrefix}:${id}`);
    return;
  }
  // Facts from valid rows only.
  switch (row.object) {
    case "practice":
      if (id) index.locations.add(id);
      break;
    case "provider":
      if (id) index.providers.set(id, providerFacts(row));
      break;
    case "patient":
      if (id) index.patients.add(id);
      index.referrers.observe(row);
      if (keepCoverage && id && row.get("guarantorId") && row.get("guarantorId") !== id) index.guarantors.set(id, row.get("guarantorId"));
      break;
    case "insurance": {
      const key = await policyKey(row.get("carrier"), row.get("policyNumber"));
      if (key) {
        index.policies.add(key);
        if (keepCoverage) index.coverage.push({ patientId: row.get("patientId"), policyKey: key, subscriberId: subscriberOf(row) });
        if (id) index.coverages.set(id, { patientId: row.get("patientId"), policyKey: key });
        const order = mapOption(row.get("coverageOrder"), row.valueMap("coverageOrder"), coverageOrderOptions) ?? Number.MAX_SAFE_INTEGER;
        const primary = index.primaryCoverage.get(row.get("patientId"));
        if (!primary || order < primary.order) index.primaryCoverage.set(row.get("patientId"), { file: row.file, line: row.line, order });
      }
      break;
    }
    case "definition":
      index.definitions.push(definitionFacts(row));
      break;
    default:
      break;
  }
}
