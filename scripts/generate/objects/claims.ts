import { EXPORT_DAY, money, usDate } from "../formats";
import type { GenerateContext, Patient, RowValues, Visit } from "./context";

/** A billing record per completed visit; insured patients' records carry the claim, the policy and the coverage billed. */
export function claimRows(ctx: GenerateContext, patient: Patient, list: Visit[]): RowValues[] {
  const { rng } = ctx;
  return list
    .filter((v) => v.procedures.length > 0)
    .map((v) => {
      const total = v.procedures.reduce((n, p) => n + p.fee, 0);
      const policy = patient.policy;
      const recent = EXPORT_DAY - v.day < 45;
      const status = !policy ? "" : recent ? rng.pick(["Submitted", "Pending"]) : rng.weighted([["Paid", 85], ["Denied", 7], ["Pending", 8]] as const);
      const pct = (c: Visit["procedures"][number]["category"]): number => (!policy ? 0 : c === "preventive" ? policy.preventive : c === "basic" ? policy.basic : policy.major);
      const covered = status === "Paid" ? v.procedures.reduce((n, p) => n + Math.round((p.fee * pct(p.category)) / 100), 0) : 0;
      return {
        claimId: String(ctx.ids.claim++),
        patientId: String(patient.patientId),
        serviceDate: usDate(v.day),
        totalFee: money(total),
        insurancePaid: policy ? money(covered) : "",
        patientPortion: money(total - covered),
        claimNumber: policy ? `CLM${usDate(v.day).slice(-4)}${String(ctx.ids.claim).padStart(7, "0")}` : "",
        claimStatus: status,
        carrier: policy?.carrier ?? "",
        policyNumber: policy?.policyNumber ?? "",
        // The coverage billed: the patient's primary (the policy above).
        coverageId: policy && patient.coverages[0] ? String(patient.coverages[0].coverageId) : "",
        createdDate: usDate(Math.min(v.day + rng.int(0, 3), EXPORT_DAY)),
      };
    });
}
