/**
 * Communication log → phonecall, email or appointment activity, by Type (Call, Email, Meeting), regarding
 * the patient (regardingobjectid_contact_<table>). Original times in UTC: actualstart / actualend and
 * overriddencreatedon (appointments also need scheduledstart / scheduledend). Direction: directioncode true is
 * outgoing. Each is written open, then closed in its final state (load/ sets finalState after every field):
 * phonecall Completed / Made (2) or Received (4); email Completed / Sent (3) or Received (4); appointment
 * Completed / Completed (3). Key `comm:<id>`.
 */
import type { PlannedRecord } from "../plan/types";
import { bindById, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { bindPatient } from "./patient";
import { normalisePhone, text } from "./values";

export type CommunicationTable = "phonecall" | "email" | "appointment";

const tableByType: Record<string, CommunicationTable> = {
  call: "phonecall", phone: "phonecall", "phone call": "phonecall", phonecall: "phonecall",
  email: "email", "e-mail": "email", mail: "email",
  meeting: "appointment", appointment: "appointment", visit: "appointment",
};

export function communicationTable(type: string): CommunicationTable | undefined {
  return tableByType[type.trim().toLowerCase()];
}

/** Outbound → true, Inbound → false (directioncode: true means outgoing). */
export function direction(text: string): boolean | undefined {
  const s = text.trim().toLowerCase();
  if (["outbound", "outgoing", "out", "o"].includes(s)) return true;
  if (["inbound", "incoming", "in", "i"].includes(s)) return false;
  return undefined;
}

/** Documented statecode / statuscode of each activity once completed. */
export function completedState(table: CommunicationTable, outgoing: boolean | undefined): { statecode: number; statuscode: number } {
  switch (table) {
    case "phonecall":
      return { statecode: 1, statuscode: outgoing === false ? 4 : 2 };
    case "email":
      return { statecode: 1, statuscode: outgoing === false ? 4 : 3 };
    case "appointment":
      return { statecode: 1, statuscode: 3 };
  }
}

export function planCommunication(row: MappedRow, ctx: ObjectContext): PlannedRecord | undefined {
  const table = communicationTable(row.get("type"));
  if (!table) return undefined;
  const key = sourceKey("comm", row.get("commId"));
  const start = utcDateTime(row.get("start"), ctx.timeZone);
  const end = row.get("end") ? utcDateTime(row.get("end"), ctx.timeZone) : undefined;
  const outgoing = table === "appointment" ? undefined : direction(row.get("direction"));
  const owner = ctx.ownerOf(row.get("staffId"));
  const payload = compact({
    subject: text(row.get("subject")),
    description: text(row.get("body")),
    actualstart: start,
    actualend: end ?? start,
    overriddencreatedon: start,
    ...(table === "appointment" ? { scheduledstart: start, scheduledend: end ?? start } : { directioncode: outgoing }),
    ...(table === "phonecall" ? { phonenumber: normalisePhone(row.get("address")) } : {}),
    [`regardingobjectid_contact_${table}@odata.bind`]: bindPatient(row.get("patientId")),
    "ownerid@odata.bind": owner ? bindById("systemusers", owner) : undefined,
    dxm_sourcekey: key,
  });
  return plannedRecord(row, "communication", table, key, payload, { finalState: completedState(table, outgoing) });
}
