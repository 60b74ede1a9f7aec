import type { BatchOperation, DataverseClientApi, Entity } from "../../dataverse/types";
import { RUN_ENTITY_SET } from "../ledger";
import { bytesToBase64 } from "../load/base64";
import { createOnce } from "../../dataverse/operations/create-once";

/**
 * Attaches the rebuild-reference document (workflows, reminder sequences and billing rules, for the team
 * that rebuilds them natively) to the run as a note. A resumed run replaces its own note instead of adding
 * a second one. The document names definitions and providers, never patients.
 */
export const REBUILD_REFERENCE_SUBJECT = "Rebuild reference: workflows, reminder sequences and billing rules";

export async function attachRebuildReference(client: DataverseClientApi, runId: string, doc: RebuildReference): Promise<string> {
  const body = noteBody(doc);
  const [existing] = await client.retrieveAll("annotations", {
    select: ["annotationid"],
    filter: `_objectid_value eq ${runId} and filename eq '${doc.fileName.replace(/'/g, "''")}'`,
  });
  if (existing) {
    await client.update("annotations", String(existing.annotationid), body);
    return String(existing.annotationid);
  }
  return createOnce(client, "annotations", "annotationid", { ...body, ...onRun(runId) });
}

/**
 * The note's create as a `$batch` operation, for a run just created (it has no note yet): the opening
 * request of the run carries it. Its id is chosen here, like every create the run makes.
 */
export function rebuildReferenceOperation(runId: string, doc: RebuildReference): BatchOperation {
  return { method: "POST", url: "annotations", body: { annotationid: crypto.randomUUID(), ...noteBody(doc), ...onRun(runId) } };
}

export interface RebuildReference {
  fileName: string;
  markdown: string;
}

function noteBody(doc: RebuildReference): Entity {
  return {
    subject: REBUILD_REFERENCE_SUBJECT,
    filename: doc.fileName,
    mimetype: "text/markdown",
    documentbody: bytesToBase64(new TextEncoder().encode(doc.markdown)),
    notetext: "Dental-Exec definitions that do not migrate as data; rebuild them natively (see the attached document).",
  };
}

const onRun = (runId: string): Entity => ({ objecttypecode: "dxm_migrationrun", "objectid_dxm_migrationrun@odata.bind": `/${RUN_ENTITY_SET}(${runId})` });

/** The rebuild-reference notes a run attached to itself (a rollback takes them back with the run's data). */
export async function rebuildReferenceNotes(client: DataverseClientApi, runId: string, signal?: AbortSignal): Promise<string[]> {
  const rows = await client.retrieveAll("annotations", {
    select: ["annotationid"],
    filter: `_objectid_value eq ${runId} and subject eq '${REBUILD_REFERENCE_SUBJECT}'`,
  }, { signal });
  return rows.map((r) => String(r.annotationid));
}
