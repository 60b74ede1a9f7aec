/**
 * Checks of a planned payload against the org's metadata, read at run time: columns that exist, value types,
 * MaxLength, option values present in the set, required columns filled. A column the practice's custom
 * fields need and the org lacks is not an error: pre-flight lists it as a column to create.
 */
import { isDeepInsert } from "../../dataverse/odata/payload";
import type { AttributeMetadata, EntityMetadata } from "../../dataverse/types";
import type { PlannedRecord, ValidationIssue } from "../plan/types";
import { findColumn } from "../../solution/model";
import { issue } from "./issue";

/** Columns the platform fills or load/ sets: never required of a payload. */
const systemColumns = new Set([
  "ownerid", "owneridtype", "owningbusinessunit", "owninguser", "owningteam", "statecode", "statuscode", "createdon", "modifiedon",
  "createdby", "modifiedby", "transactioncurrencyid", "dxm_migrationrunid", "activitytypecode", "isregularactivity",
]);

const stringTypes = new Set(["String", "Memo", "EntityName"]);
const integerTypes = new Set(["Integer", "BigInt"]);
const numberTypes = new Set(["Decimal", "Double", "Money"]);
const choiceTypes = new Set(["Picklist", "State", "Status"]);
const lookupTypes = new Set(["Lookup", "Customer", "Owner"]);

function typeProblem(a: AttributeMetadata, value: unknown): string | undefined {
  const t = a.AttributeType;
  if (stringTypes.has(t)) return typeof value === "string" ? undefined : "text";
  if (integerTypes.has(t)) return Number.isInteger(value) ? undefined : "a whole number";
  if (numberTypes.has(t)) return typeof value === "number" && Number.isFinite(value) ? undefined : "a number";
  if (t === "Boolean") return typeof value === "boolean" ? undefined : "Yes/No";
  if (choiceTypes.has(t)) return Number.isInteger(value) ? undefined : "a choice value";
  if (t === "DateTime") {
    if (typeof value !== "string") return "a date";
    if (a.DateTimeBehavior === "DateOnly") return /^\d{4}-\d{2}-\d{2}$/.test(value) ? undefined : "a date (date only)";
    return /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(value) ? undefined : "a date and time";
  }
  if (lookupTypes.has(t)) return "set directly (lookups bind with @odata.bind)";
  return undefined;
}

/** Lookup attributes a payload fills through `<nav>@odata.bind` (nav names start with the attribute name). */
function boundAttributes(payload: Record<string, unknown>): string[] {
  return Object.keys(payload).filter((k) => k.endsWith("@odata.bind")).map((k) => k.slice(0, -"@odata.bind".length));
}

export interface PayloadCheckContext {
  metadata: EntityMetadata;
  /** Custom columns the map will create (not errors when absent). */
  columnsToCreate: Set<string>;
  /** Source column a payload column came from, for the issue. */
  headerOf(column: string): string | undefined;
  /** Column-level problems already reported (a missing column is reported once, not per row). */
  reported: Set<string>;
  /** Whether the payload is a partial update (required columns are not checked). */
  update?: boolean;
}

/** What checking a table's payloads takes of its metadata: its columns by name, and those a create must fill. */
interface TableChecks {
  byName: Map<string, AttributeMetadata>;
  required: AttributeMetadata[];
}

/**
 * Worked out once per table's metadata, not per record: a plan checks every record of the practice, and a
 * table has hundreds of columns (the map of them, made per record, was a tenth of the planning's time at 10k).
 */
const tableChecksOf = new WeakMap<EntityMetadata, TableChecks>();

function tableChecks(meta: EntityMetadata): TableChecks {
  let checks = tableChecksOf.get(meta);
  if (!checks) {
    checks = {
      byName: new Map(meta.Attributes.map((a) => [a.LogicalName, a])),
      required: meta.Attributes.filter((a) => (a.RequiredLevel === "ApplicationRequired" || a.RequiredLevel === "SystemRequired")
        && a.IsValidForCreate !== false && !systemColumns.has(a.LogicalName) && a.LogicalName !== meta.PrimaryIdAttribute
        && a.AttributeType !== "Virtual" && a.AttributeType !== "Uniqueidentifier"),
    };
    tableChecksOf.set(meta, checks);
  }
  return checks;
}

export function checkPayload(record: PlannedRecord, ctx: PayloadCheckContext): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const { byName, required } = tableChecks(ctx.metadata);
  const where = (column: string) => ({ file: record.file, line: record.line, column: ctx.headerOf(column) ?? column, sourceKey: record.sourceKey });
  for (const [column, value] of Object.entries(record.payload)) {
    // Deep-inserted related records (an email's parties) are not columns of the table.
    if (column.includes("@") || isDeepInsert(record.payload, column)) continue;
    const a = byName.get(column);
    if (!a) {
      const id = `${record.table}.${column}`;
      if (!ctx.columnsToCreate.has(id) && !ctx.reported.has(id)) {
        ctx.reported.add(id);
        issues.push(issue("error", "column-missing", { file: record.file, column: ctx.headerOf(column) ?? column }, `Column ${id} does not exist in the org: install or upgrade the DentalExecMigration solution, or map the field elsewhere`));
      }
      continue;
    }
    const problem = typeProblem(a, value);
    if (problem) {
      issues.push(issue("error", "type-mismatch", where(column), `${record.table}.${column} (${a.AttributeType}) needs ${problem}`));
      continue;
    }
    if (typeof value === "string" && a.MaxLength !== undefined && value.length > a.MaxLength) {
      issues.push(issue("error", "too-long", where(column), `${value.length} characters; ${record.table}.${column} holds at most ${a.MaxLength}`));
    }
    if (choiceTypes.has(a.AttributeType) && a.Options && a.Options.length > 0 && !a.Options.some((o) => o.Value === value)) {
      issues.push(issue("error", "option-not-in-set", where(column), `Option value ${String(value)} is not in the choices of ${record.table}.${column}`));
    }
  }
  if (!ctx.update) {
    const bound = boundAttributes(record.payload);
    for (const a of required) {
      const filled = record.payload[a.LogicalName] !== undefined || bound.some((n) => n === a.LogicalName || n.startsWith(`${a.LogicalName}_`));
      if (!filled) issues.push(issue("error", "required-column-empty", where(a.LogicalName), `${record.table}.${a.LogicalName} is required and the row gives no value for it`));
    }
  }
  return issues;
}

/**
 * Without the org's metadata for a table (a rehearsal before the solution is installed), the lengths the
 * solution itself defines are still checked.
 */
export function checkLengthsAgainstModel(record: PlannedRecord, headerOf: (column: string) => string | undefined): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const [column, value] of Object.entries(record.payload)) {
    if (typeof value !== "string") continue;
    const def = findColumn(record.table, column);
    if (def && (def.type === "string" || def.type === "memo") && value.length > def.maxLength) {
      issues.push(issue("error", "too-long", { file: record.file, line: record.line, column: headerOf(column) ?? column, sourceKey: record.sourceKey },
        `${value.length} characters; ${record.table}.${column} holds at most ${def.maxLength}`));
    }
  }
  return issues;
}
