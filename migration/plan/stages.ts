/**
 * The stages of a run, in dependency order: practice locations (accounts), referring providers and patients
 * (contacts), connections, the guarantor update of contacts, insurance policies, the contact-coverage update,
 * coverages, the child tables, then notes and activities. Each stage streams its records from the export rows on demand; what it needs to know about
 * other rows (which patients, locations, policies and referrers are valid and in scope) is ids and keys.
 */
import type { ConfirmedMap } from "../mapping/types";
import type { ObjectKind } from "../model/types";
import { planAppointment } from "../objects/appointment";
import { planBilling } from "../objects/billing";
import { planClinicalNote } from "../objects/clinical-note";
import { communicationTable, planCommunication } from "../objects/communication";
import type { CommunicationTable } from "../objects/communication";
import type { ObjectContext } from "../objects/context";
import { planPatientCoverage } from "../objects/coverage";
import { planCoverage, planPolicy, policyKey } from "../objects/insurance-policy";
import type { MappedRow } from "../objects/mapped-row";
import { patientLocations, planConnections, planGuarantor, planPatient } from "../objects/patient";
import { planPractice } from "../objects/practice";
import { planProcedure } from "../objects/procedure";
import { planTask } from "../objects/task";
import { planTreatmentPlan } from "../objects/treatment-plan";
import type { IssueCode } from "../validate/issue";
import { mappedRows } from "./files";
import type { PlanIndex } from "./index-pass";
import type { Scope } from "./scope";
import type { ExportRows, PlannedRecord, PlanReport } from "./types";

export interface StageEnv {
  exports: ExportRows;
  map: ConfirmedMap;
  index: PlanIndex;
  scope: Scope;
  ctx: ObjectContext;
  /** Referrer contacts that passed their checks. */
  validReferrers: Set<string>;
  /** True on the planning pass (facts and issues are recorded), false when load/ reads the records. */
  counting: boolean;
  report: PlanReport;
  /** Leaves a row out because something it depends on was left out (planning pass only). */
  exclude(row: MappedRow, code: IssueCode, field: string, reason: string): void;
}

export interface StageSpec {
  name: string;
  object: ObjectKind;
  table: string;
  operation: "upsert" | "update" | "create";
  produce(env: StageEnv): AsyncIterable<PlannedRecord>;
  /** A record failed its checks against the org's metadata: later stages must not point at it. */
  onInvalid?(record: PlannedRecord, env: StageEnv): void;
}

const idOf = (key: string) => key.slice(key.indexOf(":") + 1);

/** A child row is planned when its patient is planned; a patient left out takes its rows with it. */
function childPlanned(row: MappedRow, env: StageEnv): boolean {
  if (env.index.excluded.has(row.file, row.line)) return false;
  const patientId = row.get("patientId");
  if (!env.scope.patient(patientId)) return false;
  if (!env.index.patients.has(patientId)) {
    env.exclude(row, "depends-on-errored-row", "patientId", "Its patient was left out: this row is left out with it");
    return false;
  }
  return true;
}

async function* patientRows(env: StageEnv): AsyncIterable<MappedRow> {
  for await (const row of mappedRows(env.exports, env.map, "patient")) {
    const id = row.get("patientId");
    if (env.index.excluded.has(row.file, row.line) || !env.scope.patient(id) || !env.index.patients.has(id)) continue;
    yield row;
  }
}

function childStage(name: string, object: ObjectKind, table: string, plan: (row: MappedRow, env: StageEnv) => PlannedRecord | Promise<PlannedRecord>): StageSpec {
  return {
    name, object, table, operation: "upsert",
    async *produce(env) {
      for await (const row of mappedRows(env.exports, env.map, object)) if (childPlanned(row, env)) yield await plan(row, env);
    },
  };
}

function activityStage(name: string, table: CommunicationTable): StageSpec {
  return {
    name, object: "communication", table, operation: "upsert",
    async *produce(env) {
      for await (const row of mappedRows(env.exports, env.map, "communication")) {
        if (communicationTable(row.get("type")) !== table || !childPlanned(row, env)) continue;
        const record = planCommunication(row, env.ctx);
        if (record) yield record;
      }
    },
  };
}

export const stageSpecs: StageSpec[] = [
  {
    name: "Practice locations", object: "practice", table: "account", operation: "upsert",
    async *produce(env) {
      for await (const row of mappedRows(env.exports, env.map, "practice")) {
        const id = row.get("locationId");
        if (env.index.excluded.has(row.file, row.line) || !env.scope.location(id) || !env.index.locations.has(id)) continue;
        yield planPractice(row, env.ctx);
      }
    },
    onInvalid: (record, env) => env.index.locations.delete(idOf(record.sourceKey)),
  },
  {
    name: "Referring providers", object: "provider", table: "contact", operation: "upsert",
    async *produce(env) {
      yield* env.index.referrers.records((key) => env.scope.referrer(key));
    },
    onInvalid: (record, env) => env.validReferrers.delete(record.sourceKey),
  },
  {
    name: "Patients", object: "patient", table: "contact", operation: "upsert",
    async *produce(env) {
      for await (const row of patientRows(env)) {
        const primary = patientLocations(row)[0];
        if (primary && !env.index.locations.has(primary)) {
          env.exclude(row, "depends-on-errored-row", "primaryLocationId", "Its primary location was left out: this patient is left out with it");
          env.index.patients.delete(row.get("patientId"));
          continue;
        }
        const record = planPatient(row, env.ctx);
        if (env.counting && record.payload.dxm_druginteractionflag === true) env.report.drugInteractionFlags++;
        yield record;
      }
    },
    onInvalid: (record, env) => env.index.patients.delete(idOf(record.sourceKey)),
  },
  {
    name: "Patient locations (connections)", object: "patient", table: "connection", operation: "upsert",
    async *produce(env) {
      for await (const row of patientRows(env)) {
        yield* planConnections(row, env.ctx, (l) => env.index.locations.has(l) && env.scope.location(l));
      }
    },
  },
  {
    name: "Patient guarantors", object: "patient", table: "contact", operation: "update",
    async *produce(env) {
      for await (const row of patientRows(env)) {
        const guarantor = row.get("guarantorId");
        if (guarantor && guarantor !== row.get("patientId") && env.ctx.hasPatient(guarantor)) yield planGuarantor(row);
      }
    },
  },
  {
    name: "Insurance policies", object: "insurance", table: "dxm_insurancepolicy", operation: "upsert",
    async *produce(env) {
      const done = new Set<string>();
      for await (const row of mappedRows(env.exports, env.map, "insurance")) {
        if (!childPlanned(row, env)) continue;
        const key = await policyKey(row.get("carrier"), row.get("policyNumber"));
        if (!key || done.has(key) || !env.index.policies.has(key) || !env.scope.policy(key)) continue;
        done.add(key);
        yield planPolicy(row, key, env.ctx);
      }
    },
    onInvalid: (record, env) => env.index.policies.delete(record.sourceKey),
  },
  {
    name: "Contact coverage", object: "insurance", table: "contact", operation: "update",
    async *produce(env) {
      for await (const row of mappedRows(env.exports, env.map, "insurance")) {
        if (!childPlanned(row, env)) continue;
        // The patient's primary coverage row only: the contact names its primary policy.
        const primary = env.index.primaryCoverage.get(row.get("patientId"));
        if (primary?.file !== row.file || primary.line !== row.line) continue;
        const key = await policyKey(row.get("carrier"), row.get("policyNumber"));
        if (key && env.ctx.hasPolicy(key)) yield planCoverage(row, key);
      }
    },
  },
  {
    name: "Coverages", object: "insurance", table: "dxm_coverage", operation: "upsert",
    async *produce(env) {
      for await (const row of mappedRows(env.exports, env.map, "insurance")) {
        if (!childPlanned(row, env) || !row.get("coverageId")) continue;
        const key = await policyKey(row.get("carrier"), row.get("policyNumber"));
        if (key && env.ctx.hasPolicy(key)) yield planPatientCoverage(row, key, env.ctx);
      }
    },
    onInvalid: (record, env) => env.index.coverages.delete(idOf(record.sourceKey)),
  },
  childStage("Treatment history", "procedure", "dxm_treatmenthistory", (row, env) => planProcedure(row, env.ctx)),
  childStage("Dental appointments", "appointment", "dxm_appointment", (row, env) =>
    planAppointment(row, env.ctx, (l) => env.index.locations.has(l) && env.scope.location(l))),
  childStage("Billing records", "billing", "dxm_billingrecord", (row, env) => planBilling(row, env.ctx)),
  childStage("Treatment plans", "treatmentPlan", "dxm_treatmentplan", (row, env) => planTreatmentPlan(row, env.ctx)),
  {
    name: "Clinical notes", object: "clinicalNote", table: "annotation", operation: "create",
    async *produce(env) {
      for await (const row of mappedRows(env.exports, env.map, "clinicalNote")) {
        if (!childPlanned(row, env)) continue;
        const note = planClinicalNote(row, env.ctx);
        if (env.counting && note.oversize) env.report.oversizeAttachments.push(note.oversize);
        if (env.counting && note.missingAttachment) {
          env.index.issues.push({
            severity: "warning", code: "missing-attachment", file: row.file, line: row.line, column: row.header("attachment"), sourceKey: note.record.sourceKey,
            reason: "The attachment the note names is not in the export's attachments: the note is written without it",
          });
        }
        yield note.record;
      }
    },
  },
  childStage("Recall and hygiene tasks", "task", "task", (row, env) => planTask(row, env.ctx)),
  activityStage("Phone calls", "phonecall"),
  activityStage("Emails", "email"),
  activityStage("Meetings", "appointment"),
];
