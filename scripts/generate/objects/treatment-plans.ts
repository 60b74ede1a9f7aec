import { EXPORT_DAY, money, usDate } from "../formats";
import { PROCEDURES } from "../reference-data";
import type { GenerateContext, Patient, RowValues } from "./context";

/** About a third of patients have a plan presented: phases over several lines, an estimate and a status. */
export function treatmentPlanRows(ctx: GenerateContext, patient: Patient): RowValues[] {
  const { rng } = ctx;
  if (!rng.chance(0.3)) return [];
  const presented = Math.max(patient.createdDay, EXPORT_DAY - rng.int(5, 900));
  const steps = Array.from({ length: rng.int(1, 4) }, () => rng.pick(PROCEDURES.filter((p) => p.category !== "preventive")));
  const description = steps.map((s, i) => `Phase ${i + 1}: ${s.code} ${s.description}${s.tooth ? ` #${rng.int(1, 32)}` : ""}`).join("\r\n");
  return [{
    planId: String(ctx.ids.plan++),
    patientId: String(patient.patientId),
    providerId: String(patient.provider.providerId),
    status: rng.weighted([["Proposed", 35], ["Accepted", 30], ["Completed", 20], ["Declined", 15]] as const),
    estimatedCost: money(steps.reduce((n, s) => n + s.fee, 0)),
    presentedDate: usDate(presented),
    description,
    createdDate: usDate(presented),
  }];
}
