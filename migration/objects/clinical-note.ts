/**
 * Clinical note → annotation regarding the patient (objectid_contact, objecttypecode "contact"), the note
 * date kept in overriddencreatedon, the author's user as owner. Notes take no custom columns, so the payload
 * has no dxm_sourcekey (the record still carries its key `note:<id>` for the ledger) and load/ creates them.
 * An attachment becomes PlannedRecord.attachment (load/ sends it as documentbody, chunked above 4 MB); one
 * larger than the org's MaxUploadFileSize is not uploaded: the note names the file instead and the report
 * lists it ("needs SharePoint document management").
 */
import type { PlannedRecord, PlanReport } from "../plan/types";
import { bindById, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { bindPatient } from "./patient";
import { mimeTypeOf, text } from "./values";

export interface PlannedNote {
  record: PlannedRecord;
  oversize?: PlanReport["oversizeAttachments"][number];
  /** The note names an attachment the export does not hold. */
  missingAttachment?: boolean;
}

export function planClinicalNote(row: MappedRow, ctx: ObjectContext): PlannedNote {
  const key = sourceKey("note", row.get("noteId"));
  const owner = ctx.ownerOf(row.get("providerId"));
  const fileName = row.get("attachment");
  const found = fileName ? ctx.attachment(fileName) : undefined;
  const oversize = found && found.size > ctx.maxUploadFileSize ? { sourceKey: key, file: found.file, size: found.size } : undefined;
  let notetext = text(row.get("text"));
  if (oversize) {
    const mb = (oversize.size / 1048576).toFixed(1);
    notetext = `${notetext ?? ""}\n\n[Attachment ${fileName} (${mb} MB) is larger than this org's upload limit and was not migrated: it needs SharePoint document management.]`.trim();
  }
  const created = utcDateTime(row.get("noteDate"), row.dateOrder, ctx.timeZone);
  const payload = compact({
    subject: text(row.get("subject")) ?? "Clinical note",
    notetext,
    overriddencreatedon: created,
    objecttypecode: "contact",
    "objectid_contact@odata.bind": bindPatient(row.get("patientId")),
    "ownerid@odata.bind": owner ? bindById("systemusers", owner) : undefined,
    ...(found && !oversize ? { filename: fileName.split("/").pop(), mimetype: mimeTypeOf(fileName) } : {}),
  });
  const attachment = found && !oversize ? { file: found.file, size: found.size, mimeType: mimeTypeOf(fileName) } : undefined;
  const record = plannedRecord(row, "clinicalNote", "annotation", key, payload, attachment ? { attachment } : {});
  return { record, ...(oversize ? { oversize } : {}), ...(fileName && !found ? { missingAttachment: true } : {}) };
}
