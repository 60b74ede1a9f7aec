import { confirmMap } from "./confirm";
import type { ColumnMap, ConfirmedMap, ConfirmMeta, FileMap, MapEdits, MapProblem, Proposal } from "./types";
import { MapValidationError, knownObjects, validateConfirmedMap } from "./validate";

/** The confirmed map as JSON text, for the run record and for export. */
export function serializeMap(map: ConfirmedMap): string {
  return JSON.stringify(map, null, 2);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === "string";

function shapeProblems(doc: unknown): MapProblem[] {
  const bad = (message: string): MapProblem[] => [{ code: "shape", message }];
  if (!isRecord(doc)) return bad("the document is not a JSON object");
  if (typeof doc.confirmedAt !== "string" || typeof doc.confirmedBy !== "string" || typeof doc.timeZone !== "string") {
    return bad("the map lacks confirmedAt, confirmedBy or timeZone");
  }
  if (!Array.isArray(doc.files)) return bad("the map has no files list");
  for (const file of doc.files as unknown[]) {
    if (!isRecord(file) || typeof file.file !== "string" || !Array.isArray(file.columns)) return bad("a file entry lacks file or columns");
    if (!knownObjects.has(file.object as FileMap["object"])) return [{ file: file.file, code: "unknown-object", message: `${file.file}: unknown object ${String(file.object)}` }];
    for (const c of file.columns as unknown[]) {
      if (!isRecord(c) || typeof c.source !== "string" || !isNullableString(c.field) || !isNullableString(c.target)) {
        return bad(`${file.file}: a column entry lacks source, field or target`);
      }
      if (c.valueMap !== undefined && !isRecord(c.valueMap)) return bad(`${file.file} '${c.source}': valueMap is not an object`);
    }
  }
  return [];
}

/**
 * Reads a map exported by serializeMap (or saved on a run record); throws MapValidationError if it is not a
 * valid confirmed map. Version 1 maps (before date orders) stay readable: their files are read month first.
 */
export function parseMap(text: string): ConfirmedMap {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new MapValidationError([{ code: "shape", message: "the map is not valid JSON" }]);
  }
  if (isRecord(doc) && doc.version !== 1 && doc.version !== 2) throw new MapValidationError([{ code: "version", message: `map version ${String(doc.version)} is not supported (expected 1 or 2)` }]);
  const shape = shapeProblems(doc);
  if (shape.length > 0) throw new MapValidationError(shape);
  const map = doc as unknown as ConfirmedMap;
  const problems = validateConfirmedMap(map);
  if (problems.length > 0) throw new MapValidationError(problems);
  return {
    ...map,
    files: map.files.map((f) => ({ file: f.file, object: f.object, columns: f.columns.map((c: ColumnMap) => ({ ...c })), ...(f.dateOrder !== undefined ? { dateOrder: f.dateOrder } : {}) })),
  };
}

/** Whether a document is a proposal as `dxm propose --json` writes it (files with scored columns, no version). */
function isProposalDocument(doc: unknown): doc is Proposal {
  return isRecord(doc) && doc.version === undefined && Array.isArray(doc.files)
    && (doc.files as unknown[]).every((f) => isRecord(f) && typeof f.file === "string" && Array.isArray(f.columns) && (f.columns as unknown[]).every((c) => isRecord(c) && typeof c.confidence === "number"));
}

/** A confirmed map document with the date orders the admin chose on the command line (only those: a map's other choices are its own). */
function withDateOrders(doc: unknown, edits: MapEdits): unknown {
  if (!isRecord(doc) || !Array.isArray(doc.files)) return doc;
  return {
    ...doc,
    files: (doc.files as unknown[]).map((f) => {
      const order = isRecord(f) && typeof f.file === "string" ? edits.files?.[f.file]?.dateOrder : undefined;
      return order && isRecord(f) ? { ...f, dateOrder: order } : f;
    }),
  };
}

/**
 * A map file as the admin hands it over: a confirmed map (version 1 or 2), or a proposal written by
 * `dxm propose --json` that they reviewed and edited, confirmed as it stands (`meta` says by whom, in which
 * zone; it is given the zone the proposal carries, if `dxm propose --time-zone` wrote one), with `edits`
 * applied (the admin's date orders from the command line). Throws MapValidationError for anything else, or
 * for a proposal that is not a valid map.
 */
export function parseMapDocument(text: string, meta: (zoneInDocument: string | undefined) => ConfirmMeta, edits: MapEdits = {}): ConfirmedMap {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new MapValidationError([{ code: "shape", message: "the map is not valid JSON" }]);
  }
  if (!isProposalDocument(doc)) return parseMap(Object.keys(edits.files ?? {}).length > 0 ? JSON.stringify(withDateOrders(doc, edits)) : text);
  const zone = isRecord(doc) && typeof doc.timeZone === "string" ? doc.timeZone : undefined;
  // A proposal written before date orders were proposed reads as undecided, never as month first.
  const files = doc.files.map((f) => ({ ...f, dateOrder: f.dateOrder === "MDY" || f.dateOrder === "DMY" ? f.dateOrder : null, dateOrderEvidence: f.dateOrderEvidence ?? "" }));
  return confirmMap({ files, relationships: Array.isArray(doc.relationships) ? doc.relationships : [], warnings: [] }, edits, meta(zone));
}
