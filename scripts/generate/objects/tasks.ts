import { EXPORT_DAY, usDate } from "../formats";
import type { GenerateContext, Patient, RowValues, Visit } from "./context";

/** A recall task per patient (due at the next recall), and hygiene follow-ups after some visits. */
export function taskRows(ctx: GenerateContext, patient: Patient, list: Visit[]): RowValues[] {
  const { rng } = ctx;
  const rows: RowValues[] = [];
  const last = [...list].reverse().find((v) => v.status === "Completed");
  const due = (last?.day ?? patient.createdDay) + patient.recallMonths * 30;
  rows.push({
    taskId: String(ctx.ids.task++),
    patientId: String(patient.patientId),
    providerId: String(patient.provider.providerId),
    taskType: "Recall",
    subject: `${patient.recallMonths} month recall due`,
    dueDate: usDate(due),
    status: due < EXPORT_DAY - 30 ? rng.pick(["Completed", "Open", "Cancelled"]) : "Open",
    notes: rng.chance(0.3) ? "Left voicemail.\r\nWill try again next week." : "",
    createdDate: usDate(last?.day ?? patient.createdDay),
  });
  for (const v of list) {
    if (v.status !== "Completed" || !rng.chance(0.15)) continue;
    rows.push({
      taskId: String(ctx.ids.task++),
      patientId: String(patient.patientId),
      providerId: String(v.provider.providerId),
      taskType: "Hygiene",
      subject: rng.pick(["Perio re-eval", "Check home care", "Fluoride follow-up"]),
      dueDate: usDate(v.day + rng.int(30, 120)),
      status: v.day + 120 < EXPORT_DAY ? "Completed" : "Open",
      notes: "",
      createdDate: usDate(v.day),
    });
  }
  return rows;
}
