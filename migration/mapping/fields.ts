import type { FieldSpec, ObjectKind, ObjectSpec } from "../model/types";
import { objectSpecs } from "../model/objects";
import { vocabularyOf } from "./objects";
import { headerTokens, rawTokens } from "./tokens";

/** A field with its header phrases tokenised once, ready for matching. */
export interface IndexedField {
  spec: FieldSpec;
  object: ObjectKind;
  isKey: boolean;
  /** Each phrase as the words it is written in (phrase text kept for the evidence). */
  phrases: { text: string; tokens: string[] }[];
  /** The object whose records this field points at (a lookup), if any. */
  references: ObjectKind | null;
  /** Words that make a header name another fact than this field (ObjectVocabulary.otherFacts). */
  otherFacts: ReadonlySet<string>;
}

export interface IndexedObject {
  spec: ObjectSpec;
  fields: IndexedField[];
  contextWords: ReadonlySet<string>;
  fileWords: string[][];
}

const tableOwners: Record<string, ObjectKind> = { contact: "patient", systemuser: "provider", account: "practice", dxm_insurancepolicy: "insurance", dxm_coverage: "insurance" };
const idOwners: Record<string, ObjectKind> = {
  patientId: "patient", subscriberId: "patient", guarantorId: "patient", providerId: "provider", staffId: "provider", primaryProviderId: "provider",
  locationId: "practice", primaryLocationId: "practice", otherLocationIds: "practice",
};

/** The object whose ids a field holds: id fields that are lookups (or known id references), not the key. */
function referencedObject(object: ObjectSpec, field: FieldSpec): ObjectKind | null {
  if (field.id === object.keyField || (field.type !== "id" && field.type !== "idList")) return null;
  if (field.target?.startsWith("lookup:")) return tableOwners[field.target.slice(7)] ?? idOwners[field.id] ?? null;
  return idOwners[field.id] ?? null;
}

function indexObject(spec: ObjectSpec): IndexedObject {
  const vocabulary = vocabularyOf(spec.kind);
  const fields = spec.fields.map((field): IndexedField => {
    const texts = new Set([field.header, rawTokens(field.id).join(" "), ...(vocabulary.synonyms[field.id] ?? [])]);
    if (field.id === spec.keyField) texts.add("id");
    return {
      spec: field,
      object: spec.kind,
      isKey: field.id === spec.keyField,
      phrases: [...texts].map((text) => ({ text, tokens: headerTokens(text) })),
      references: referencedObject(spec, field),
      otherFacts: new Set((vocabulary.otherFacts?.[field.id] ?? []).flatMap((w) => headerTokens(w))),
    };
  });
  return {
    spec,
    fields,
    contextWords: new Set(vocabulary.contextWords.flatMap((w) => headerTokens(w))),
    fileWords: [...vocabulary.fileWords, spec.label, ...spec.files].map((w) => headerTokens(w)),
  };
}

/** Every object with its fields indexed, built once. */
export const indexedObjects: readonly IndexedObject[] = objectSpecs.map(indexObject);

export function indexedObject(kind: ObjectKind): IndexedObject {
  const found = indexedObjects.find((o) => o.spec.kind === kind);
  if (!found) throw new Error(`Unknown Dental-Exec object: ${kind}`);
  return found;
}
