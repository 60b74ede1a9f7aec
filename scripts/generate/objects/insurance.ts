import { usDate } from "../formats";
import type { GenerateContext, Patient, RowValues } from "./context";

/** One coverage row per covered family member: same carrier and policy number, relationship to the subscriber. */
export function insuranceRows(ctx: GenerateContext, members: Patient[]): RowValues[] {
  return members.flatMap((m) => {
      const policy = m.policy;
      if (!policy) return [];
      return [{
        coverageId: String(ctx.ids.coverage++),
        patientId: String(m.patientId),
        carrier: policy.carrier,
        policyNumber: policy.policyNumber,
        groupNumber: policy.groupNumber,
        subscriberId: String(policy.subscriberId),
        relationship: m.relationship,
        preventivePct: `${policy.preventive}%`,
        basicPct: `${policy.basic}%`,
        majorPct: `${policy.major}%`,
        effectiveDate: usDate(policy.effective),
        endDate: policy.end === null ? "" : usDate(policy.end),
      }];
    });
}
