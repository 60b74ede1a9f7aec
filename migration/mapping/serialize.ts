import { confirmMap } from "./confirm";
import type { ColumnMap, ConfirmedMap, ConfirmMeta, FileMap, MapEdits, MapProblem, Proposal, ProposedChoice } from "./types";
import { MapValidationError, knownObjects, supportedVersions, validateConfirmedMap } from "./validate";

/** The confirmed map as JSON text, for the run record and for export. */
export function serializeMap(map: ConfirmedMap): string {
  return JSON.stringify(map, null, 2);
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === "string";
const isProposedChoice = (v: unknown): v is ProposedChoice =>
  isRecord(v) && isNullableString(v.field) && isNullableString(v.target) && (v.learnedFrom === undefined || typeof v.learnedFrom === "string");

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
      if (c.proposed !== undefined && !isProposedChoice(c.proposed)) return bad(`${file.file} '${c.source}': proposed is not a field and target`);
    }
  }
  return [];
}

/**
 * Reads a map exported by serializeMap (or saved on a run record); throws MapValidationError if it is not a
 * valid confirmed map. Version 1 maps (before date orders) stay readable: their files are read month first;
 * version 1 and 2 maps do not say what was proposed, so nothing is learned from them.
 */
export function parseMap(text: string): ConfirmedMap {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new MapValidationError([{ code: "shape", message: "the map is not valid JSON" }]);
  }
  if (isRecord(doc) && !supportedVersions.has(doc.version)) throw new MapValidationError([{ code: "version", message: `map version ${String(doc.version)} is not supported (expected 1, 2 or 3)` }]);
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

/**
 * A map stored on a run row, read for what it teaches (learnedChoices): the map when it is one in shape and of a
 * version this engine reads, else undefined. Not validated against today's model: a map confirmed under an older
 * model stays a teacher, and learnedChoices passes over each choice the model no longer offers.
 */
export function storedMapOf(text: unknown): ConfirmedMap | undefined {
  if (typeof text !== "string" || text === "") return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(doc) || !supportedVersions.has(doc.version) || shapeProblems(doc).length > 0) return undefined;
  return doc as unknown as ConfirmedMap;
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
 * A map file as the admin hands it over: a confirmed map (version 1, 2 or 3), or a proposal written by
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
  const map = confirmMap({ files, relationships: Array.isArray(doc.relationships) ? doc.relationships : [], warnings: [] }, edits, meta(zone));
  return withProposalsOf(map, doc);
}

/**
 * The confirmed map of an edited proposal document, each column saying what `dxm propose` had proposed: the
 * document's own `proposed` (the admin edits target and field, not it), or nothing where the document has none
 * (written before it did): the document's target is the admin's, so it cannot stand for the proposal.
 */
function withProposalsOf(map: ConfirmedMap, doc: Proposal): ConfirmedMap {
  const proposedOf = new Map<string, unknown>();
  for (const f of doc.files) for (const c of f.columns) proposedOf.set(`${f.file}\u0000${c.source}`, (c as { proposed?: unknown }).proposed);
  return {
    ...map,
    files: map.files.map((f) => ({
      ...f,
      columns: f.columns.map(({ proposed: _asEdited, ...column }) => {
        const proposed = proposedOf.get(`${f.file}\u0000${column.source}`);
        return isProposedChoice(proposed) ? { ...column, proposed: { field: proposed.field, target: proposed.target, ...(proposed.learnedFrom ? { learnedFrom: proposed.learnedFrom } : {}) } } : column;
      }),
    })),
  };
}
