import { usDateTime } from "../formats";
import type { GenerateContext, Patient, RowValues, Visit } from "./context";

/** An attachment to write: the file name the note refers to and its size in bytes. */
export interface AttachmentFile {
  name: string;
  size: number;
}

/** Every this-many-th attachment is a large scan above the 5 MB annotation default, so larger sets have a few. */
export const LARGE_ATTACHMENT_EVERY = 400;

const SUBJECTS = ["Periodic exam", "Hygiene visit", "Restorative visit", "Post-op check", "Emergency visit", "Consultation"];
const FINDINGS = ["No caries detected", "Incipient caries #3 distal, monitor", "Gingival inflammation, localized", "Fractured cusp #30 MB", 'Pt states "sensitive to cold" UL quadrant', "Calculus moderate, lower anteriors", "Existing restorations intact"];
const PLANS = ["Continue 6 month recall", "Schedule D2392 #19 DO", "Recommend fluoride varnish", "Refer to perio for eval", "OHI given, pt to floss daily", "Re-eval in 3 months"];

/**
 * SOAP notes for about half the completed visits, written over several lines with commas and quotes. About
 * a quarter carry an attachment (x-ray, scan, consent form) of a few kilobytes to a few hundred; every
 * LARGE_ATTACHMENT_EVERY-th is 5-8 MB.
 */
export function clinicalNoteRows(ctx: GenerateContext, patient: Patient, list: Visit[]): { rows: RowValues[]; files: AttachmentFile[] } {
  const { rng } = ctx;
  const rows: RowValues[] = [];
  const files: AttachmentFile[] = [];
  for (const v of list) {
    if (v.status !== "Completed" || !rng.chance(0.5)) continue;
    const noteId = ctx.ids.note++;
    const codes = v.procedures.map((p) => p.code).join(", ");
    const text = [
      `S: ${rng.pick(["Pt presents for routine visit", "Pt reports pain, lower right, 2 weeks", "No complaints", "Pt reports bleeding when brushing"])}.`,
      `O: ${rng.pick(FINDINGS)}. BP ${rng.int(105, 145)}/${rng.int(65, 92)}.`,
      `A: ${codes || "Exam only"}.`,
      `P: ${rng.pick(PLANS)}.`,
    ].join("\r\n");
    let attachment = "";
    if (rng.chance(0.25)) {
      const n = ctx.ids.attachment++;
      const ext = rng.weighted([["pdf", 3], ["jpg", 4], ["png", 2]] as const);
      attachment = `note-${noteId}-${rng.pick(["xray", "scan", "consent", "photo"])}.${ext}`;
      const size = n % LARGE_ATTACHMENT_EVERY === LARGE_ATTACHMENT_EVERY - 1 ? rng.int(5_200_000, 8_000_000) : Math.round(2048 * Math.exp(rng.next() * Math.log(60)));
      files.push({ name: attachment, size });
    }
    rows.push({
      noteId: String(noteId),
      patientId: String(patient.patientId),
      providerId: String(v.provider.providerId),
      noteDate: usDateTime(v.day, v.end + rng.int(0, 90)),
      subject: rng.pick(SUBJECTS),
      text,
      attachment,
    });
  }
  return { rows, files };
}
