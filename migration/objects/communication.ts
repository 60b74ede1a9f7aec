/**
 * Communication log → phonecall, email or appointment activity, by Type (Call, Email, Meeting), regarding
 * the patient (regardingobjectid_contact_<table>). Original times in UTC: actualstart / actualend and
 * overriddencreatedon (appointments also need scheduledstart / scheduledend). Direction: directioncode true is
 * outgoing. Each is written open, then closed in its final state (load/ sets finalState after every field):
 * phonecall Completed / Made (2) or Received (4); email Completed / Sent (3) or Received (4); appointment
 * Completed / Completed (3). Key `comm:<id>`.
 * Emails and phone calls also get their From and To parties (activityparty rows deep-inserted through
 * `email_activity_parties` / `phonecall_activity_parties`): an outgoing (Sent, Made) one is from the user who owns
 * it (the staff member's matched user or the fallback owner, the same user `ownerid` binds to) to the patient; an
 * incoming (Received) one from the patient to that user. The patient's party of an email keeps the address the
 * log recorded (Email / Phone) when it is an email address; a call's number is the phone call's own phonenumber.
 */
import type { Entity } from "../../dataverse/types";
import type { PlannedRecord } from "../plan/types";
import { bindById, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { utcDateTime } from "./dates";
import type { MappedRow } from "./mapped-row";
import { bindPatient } from "./patient";
import { isEmail, normalisePhone, text } from "./values";

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

/** activityparty.participationtypemask of an email's or phone call's parties: Sender (From) and ToRecipient (To). */
export const PARTICIPATION = { from: 1, to: 2 } as const;

/** The collection-valued navigation an email's parties are deep-inserted through. */
export const EMAIL_PARTIES = "email_activity_parties";

/** The activities that carry From and To parties, and the navigation each deep-inserts them through. */
const PARTIES_OF: Partial<Record<CommunicationTable, string>> = { email: EMAIL_PARTIES, phonecall: "phonecall_activity_parties" };

export interface PartiesInput {
  /** `partyid_contact@odata.bind` value of the patient (bound by alternate key). */
  patient: string;
  /** systemuser id of the user on the practice's side; undefined when no owner is bound (the running user owns it). */
  userId?: string;
  /** Sent / made (true) or received (false). */
  outgoing: boolean;
  /** The address the email went to or came from, kept on the patient's party when it is an email address. */
  address?: string;
}

/**
 * From and To parties of an email or phone call, From first. Without a user (no owner bound) only the patient's party is set:
 * there is no user to name that the activity's own owner would agree with.
 */
export function activityParties(input: PartiesInput): Entity[] {
  const address = input.address?.trim();
  const patient = compact({ "partyid_contact@odata.bind": input.patient, addressused: address && isEmail(address) ? address : undefined });
  const user = input.userId ? { "partyid_systemuser@odata.bind": bindById("systemusers", input.userId) } : undefined;
  const [from, to] = input.outgoing ? [user, patient] : [patient, user];
  const parties: Entity[] = [];
  if (from) parties.push({ participationtypemask: PARTICIPATION.from, ...from });
  if (to) parties.push({ participationtypemask: PARTICIPATION.to, ...to });
  return parties;
}

export function planCommunication(row: MappedRow, ctx: ObjectContext): PlannedRecord | undefined {
  const table = communicationTable(row.get("type"));
  if (!table) return undefined;
  const key = sourceKey("comm", row.get("commId"));
  const start = utcDateTime(row.get("start"), row.dateOrder, ctx.timeZone);
  const end = row.get("end") ? utcDateTime(row.get("end"), row.dateOrder, ctx.timeZone) : undefined;
  const outgoing = table === "appointment" ? undefined : direction(row.get("direction"));
  const owner = ctx.ownerOf(row.get("staffId"));
  const parties = PARTIES_OF[table];
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
    // A received email or call is one whose direction says inbound; any other is sent / made (as completedState closes it).
    ...(parties ? { [parties]: activityParties({ patient: bindPatient(row.get("patientId")), userId: owner, outgoing: outgoing !== false, address: row.get("address") }) } : {}),
    dxm_sourcekey: key,
  });
  return plannedRecord(row, "communication", table, key, payload, { finalState: completedState(table, outgoing) });
}
