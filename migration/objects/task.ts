/**
 * Recall and hygiene task → task activity regarding the patient (key `task:<id>`): subject, details, due
 * date as scheduledend (local midnight of the practice, in UTC), category "Recall" / "Hygiene" (task.category
 * is text), owner. Completed tasks close as Completed (statecode 1, statuscode 5), cancelled ones as Canceled
 * (2, 6); open ones stay open. The recall interval and next recall date on the contact come from the patient
 * row (patient.ts).
 */
import type { PlannedRecord } from "../plan/types";
import { bindById, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { bindPatient } from "./patient";
import { mapOption, text } from "./values";

/** task statecode → the statuscode it closes with: Completed (1) → Completed (5), Canceled (2) → Canceled (6). */
const closedStatus: Record<number, number> = { 1: 5, 2: 6 };

/**
 * Final state of a task by its Dental-Exec status: the confirmed value map onto task.statecode first, then
 * the usual words; undefined (or Open, 0) leaves it open.
 */
export function taskFinalState(status: string, valueMap?: Record<string, number | boolean>): { statecode: number; statuscode: number } | undefined {
  const mapped = valueMap ? mapOption(status, valueMap) : undefined;
  if (mapped !== undefined) return closedStatus[mapped] ? { statecode: mapped, statuscode: closedStatus[mapped] } : undefined;
  const s = status.trim().toLowerCase();
  if (["completed", "complete", "done", "closed"].includes(s)) return { statecode: 1, statuscode: 5 };
  if (["cancelled", "canceled"].includes(s)) return { statecode: 2, statuscode: 6 };
  return undefined;
}

/** "recall" → "Recall"; other types kept as written. */
export function taskCategory(type: string): string | undefined {
  const s = type.trim();
  if (!s) return undefined;
  const known = ["Recall", "Hygiene"].find((k) => k.toLowerCase() === s.toLowerCase());
  return known ?? s;
}

export function planTask(row: MappedRow, ctx: ObjectContext): PlannedRecord {
  const key = sourceKey("task", row.get("taskId"));
  const owner = ctx.ownerOf(row.get("providerId"));
  const finalState = taskFinalState(row.get("status"), row.valueMap("status"));
  const payload = compact({
    subject: text(row.get("subject")),
    description: text(row.get("notes")),
    category: taskCategory(row.get("taskType")),
    scheduledend: utcDateTime(row.get("dueDate"), row.dateOrder, ctx.timeZone),
    overriddencreatedon: utcDateTime(row.get("createdDate"), row.dateOrder, ctx.timeZone),
    "regardingobjectid_contact_task@odata.bind": bindPatient(row.get("patientId")),
    "ownerid@odata.bind": owner ? bindById("systemusers", owner) : undefined,
    dxm_sourcekey: key,
  });
  return plannedRecord(row, "task", "task", key, payload, finalState ? { finalState } : {});
}
