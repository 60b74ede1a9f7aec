import type { ObjectKind } from "../model/types";
import type { ColumnMap, ConfirmedMap, FileMap, MapProblem } from "./types";
import { objectSpecs } from "../model/objects";
import { findTable } from "../../solution/model";
import { choicesFor } from "./value-maps";

/** A map that cannot be confirmed or imported; `problems` says why, per file and column. */
export class MapValidationError extends Error {
  constructor(readonly problems: MapProblem[]) {
    super(`The map cannot be confirmed: ${problems.map((p) => p.message).join("; ")}`);
    this.name = "MapValidationError";
  }
}

const customName = /^dxm_[a-z0-9_]{1,46}$/;

function columnProblems(file: FileMap, column: ColumnMap): MapProblem[] {
  const spec = objectSpecs.find((s) => s.kind === file.object);
  if (!spec) return [];
  const at = { file: file.file, column: column.source };
  const problems: MapProblem[] = [];
  if (column.field !== null) {
    const field = spec.fields.find((f) => f.id === column.field);
    if (!field) return [{ ...at, code: "unknown-field", message: `${file.file} '${column.source}': ${spec.label} have no field ${column.field}` }];
    if (field.target !== column.target) {
      problems.push({ ...at, code: "unknown-target", message: `${file.file} '${column.source}': field ${field.header} lands in ${field.target ?? "no column"}, not ${column.target}` });
    }
  } else if (column.target !== null) {
    const custom = column.custom;
    if (!column.target.startsWith("custom:") || !custom) {
      problems.push({ ...at, code: "unknown-target", message: `${file.file} '${column.source}': ${column.target} is no target of ${spec.label}` });
    } else if (!spec.acceptsCustomFields) {
      problems.push({ ...at, code: "bad-custom", message: `${file.file} '${column.source}': ${spec.label} take no custom columns` });
    } else if (custom.table !== spec.table || column.target !== `custom:${custom.table}.${custom.logicalName}` || !customName.test(custom.logicalName)) {
      problems.push({ ...at, code: "bad-custom", message: `${file.file} '${column.source}': a custom column must be custom:${spec.table}.dxm_<name> and match its definition` });
    } else if (findTable(spec.table)?.columns.some((c) => c.logicalName === custom.logicalName)) {
      problems.push({ ...at, code: "bad-custom", message: `${file.file} '${column.source}': ${custom.logicalName} already exists on ${spec.table}` });
    }
  }
  if (column.valueMap) {
    const choices = choicesFor(column.target);
    const allowed = new Set(choices?.map((c) => c.value));
    const bad = Object.values(column.valueMap).filter((v) => !allowed.has(v));
    if (!choices || bad.length > 0) {
      problems.push({ ...at, code: "bad-value-map", message: `${file.file} '${column.source}': the value map names ${bad.length || "values"} option(s) ${column.target ?? "this target"} does not have` });
    }
  }
  return problems;
}

/** Versions of the confirmed map this engine reads: 1 (month first), 2 (date orders), 3 (and what was proposed per column). */
export const supportedVersions: ReadonlySet<unknown> = new Set([1, 2, 3]);

/** A version 2 or 3 map reads each file's dates in the order it names: it must name one (version 1 read every file month first). */
function dateOrderProblems(file: FileMap, version: ConfirmedMap["version"]): MapProblem[] {
  if (version === 1 && file.dateOrder === undefined) return [];
  if (file.dateOrder === "MDY" || file.dateOrder === "DMY") return [];
  if (file.dateOrder === null || file.dateOrder === undefined) {
    return [{
      file: file.file, code: "date-order",
      message: `${file.file}: the order of day and month in its dates is undecided (no date in it has a day above 12): choose DMY (day first, DD/MM/YYYY) or MDY (month first, MM/DD/YYYY), as the export was written`,
    }];
  }
  return [{ file: file.file, code: "date-order", message: `${file.file}: date order ${String(file.dateOrder)} is neither DMY nor MDY` }];
}

function fileProblems(file: FileMap, version: ConfirmedMap["version"]): MapProblem[] {
  const spec = objectSpecs.find((s) => s.kind === file.object);
  if (!spec) return [{ file: file.file, code: "unknown-object", message: `${file.file}: unknown object ${String(file.object)}` }];
  const problems = [...dateOrderProblems(file, version), ...file.columns.flatMap((c) => columnProblems(file, c))];
  const sources = new Set<string>();
  const fields = new Map<string, string>();
  const targets = new Map<string, string>();
  for (const c of file.columns) {
    if (sources.has(c.source)) problems.push({ file: file.file, column: c.source, code: "shape", message: `${file.file}: column '${c.source}' is listed twice` });
    sources.add(c.source);
    const fieldHolder = c.field !== null ? fields.get(c.field) : undefined;
    const targetHolder = c.target !== null && !c.target.startsWith("lookup:") ? targets.get(c.target) : undefined;
    const holder = fieldHolder ?? targetHolder;
    if (holder !== undefined) {
      problems.push({ file: file.file, column: c.source, code: "duplicate-target", message: `${file.file}: '${holder}' and '${c.source}' both map to ${c.field ?? c.target}` });
    }
    if (c.field !== null) fields.set(c.field, c.source);
    if (c.target !== null) targets.set(c.target, c.source);
  }
  for (const f of spec.fields.filter((f) => f.required && !fields.has(f.id))) {
    problems.push({ file: file.file, code: "missing-required", message: `${file.file}: required field ${f.header} of ${spec.label} has no column` });
  }
  return problems;
}

/** Everything that stops a map from being confirmed: unknown targets, duplicate targets, missing required fields, an undecided date order. Empty when valid. */
export function validateConfirmedMap(map: ConfirmedMap): MapProblem[] {
  const problems: MapProblem[] = [];
  if (!supportedVersions.has(map.version)) problems.push({ code: "version", message: `map version ${String(map.version)} is not supported (expected 1, 2 or 3)` });
  if (!map.confirmedBy) problems.push({ code: "shape", message: "the map says nobody confirmed it" });
  if (!map.timeZone) problems.push({ code: "shape", message: "the map has no practice time zone" });
  if (Number.isNaN(Date.parse(map.confirmedAt))) problems.push({ code: "shape", message: "the map has no valid confirmation time" });
  const seen = new Set<string>();
  for (const file of map.files) {
    if (seen.has(file.file)) problems.push({ file: file.file, code: "duplicate-file", message: `${file.file} is listed twice` });
    seen.add(file.file);
    problems.push(...fileProblems(file, map.version));
  }
  return problems;
}

/** Kinds a map may name, for shape checks of imported JSON. */
export const knownObjects: ReadonlySet<ObjectKind> = new Set(objectSpecs.map((s) => s.kind));
