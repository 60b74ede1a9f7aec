import { EXPORT_DAY, usDate, usTime } from "../formats";
import { PROCEDURES } from "../reference-data";
import type { GenerateContext, Patient, RowValues, Visit } from "./context";

const REASONS: Record<string, string> = { preventive: "Recall / Cleaning", basic: "Restorative", major: "Crown / Major" };

/** A patient's visits: recall visits since they joined, the odd missed or cancelled one, and a booked next one. */
export function visits(ctx: GenerateContext, patient: Patient): Visit[] {
  const { rng, org } = ctx;
  const out: Visit[] = [];
  const count = rng.weighted([[0, 10], [1, 15], [2, 20], [3, 20], [4, 15], [6, 12], [8, 8]] as const);
  let day = Math.max(patient.createdDay, EXPORT_DAY - count * patient.recallMonths * 30 - rng.int(0, 60));
  for (let v = 0; v < count && day < EXPORT_DAY; v++) {
    const seenElsewhere = patient.otherLocations.length > 0 && rng.chance(0.3);
    const location = seenElsewhere ? rng.pick(patient.otherLocations) : patient.location;
    const hygienists = org.providers.filter((p) => p.locationId === location.locationId && p.credentials === "RDH");
    const preventive = rng.chance(0.65);
    const provider = preventive && hygienists.length ? rng.pick(hygienists) : location === patient.location ? patient.provider : rng.pick(org.providers.filter((p) => p.locationId === location.locationId));
    const status = rng.weighted([["Completed", 86], ["No-Show", 6], ["Cancelled", 8]] as const);
    const start = rng.int(16, 33) * 30;
    const duration = rng.pick([30, 60, 60, 90]);
    const procs = status === "Completed" ? procedures(ctx, preventive, patient) : [];
    out.push({ appointmentId: ctx.ids.appointment++, day, start, end: start + duration, provider, location, status, procedures: procs });
    day += patient.recallMonths * 30 + rng.int(-20, 40);
  }
  if (rng.chance(0.6)) {
    const start = rng.int(16, 33) * 30;
    out.push({ appointmentId: ctx.ids.appointment++, day: EXPORT_DAY + rng.int(3, 180), start, end: start + 60, provider: patient.provider, location: patient.location, status: "Scheduled", procedures: [] });
  }
  return out;
}

function procedures(ctx: GenerateContext, preventive: boolean, patient: Patient): Visit["procedures"] {
  const { rng } = ctx;
  const pool = PROCEDURES.filter((p) => (preventive ? p.category === "preventive" : p.category !== "preventive"));
  const n = rng.int(1, 3);
  const child = EXPORT_DAY - patient.birthDay < 14 * 365;
  return Array.from({ length: n }, () => {
    const p = rng.pick(pool.filter((q) => (child ? q.code !== "D1110" : q.code !== "D1120")));
    return { procedureId: ctx.ids.procedure++, code: p.code, fee: p.fee + rng.int(-10, 20) * 100, category: p.category };
  });
}

export function appointmentRows(ctx: GenerateContext, patient: Patient, list: Visit[]): RowValues[] {
  return list.map((v) => ({
    appointmentId: String(v.appointmentId),
    patientId: String(patient.patientId),
    providerId: String(v.provider.providerId),
    locationId: String(v.location.locationId),
    date: usDate(v.day),
    startTime: usTime(v.start),
    endTime: usTime(v.end),
    procedureType: v.procedures.length ? REASONS[v.procedures[0].category] : ctx.rng.pick(["Recall / Cleaning", "Consultation", "Emergency", "Restorative"]),
    status: v.status,
    createdDate: usDate(Math.min(v.day - ctx.rng.int(1, 60), EXPORT_DAY)),
  }));
}
