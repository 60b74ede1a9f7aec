import { phone, usDateTime } from "../formats";
import type { GenerateContext, Patient, RowValues, Visit } from "./context";

/** The communication log: reminder calls and emails before visits, the odd inbound call, with original timestamps. */
export function communicationRows(ctx: GenerateContext, patient: Patient, list: Visit[]): RowValues[] {
  const { rng, org } = ctx;
  const rows: RowValues[] = [];
  for (const v of list) {
    if (!rng.chance(0.45)) continue;
    const type = patient.email && rng.chance(0.5) ? "Email" : rng.chance(0.95) ? "Call" : "Meeting";
    const day = v.day - rng.int(1, 3);
    const start = rng.int(8 * 60, 17 * 60);
    const inbound = rng.chance(0.2);
    const staff = rng.pick(org.providers.filter((p) => p.locationId === v.location.locationId));
    rows.push({
      commId: String(ctx.ids.comm++),
      patientId: String(patient.patientId),
      staffId: String(staff.providerId),
      type,
      direction: inbound ? "Inbound" : "Outbound",
      start: usDateTime(day, start),
      end: type === "Email" ? "" : usDateTime(day, start + rng.int(1, 12)),
      subject: type === "Email" ? "Appointment reminder" : inbound ? "Patient called re: appointment" : "Reminder call",
      body: type === "Email"
        ? `Hi ${patient.firstName},\r\nThis is a reminder of your appointment at ${v.location.name}.\r\nReply C to confirm.`
        : inbound ? "Pt asked to move appt, offered next available." : rng.pick(["Confirmed.", "Left message.", "No answer, no voicemail."]),
      address: type === "Email" ? patient.email : patient.homePhone || phone(rng),
    });
  }
  return rows;
}
