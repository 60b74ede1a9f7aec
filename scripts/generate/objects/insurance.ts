import { usDate } from "../formats";
import type { GenerateContext, Patient, RowValues } from "./context";

/** One coverage row per covered family member: same carrier and policy number, relationship to the subscriber, when it was entered. */
export function insuranceRows(ctx: GenerateContext, members: Patient[]): RowValues[] {
  return members.flatMap((m) => {
      const policy = m.policy;
      if (!policy) return [];
      const coverageId = ctx.ids.coverage++;
      return [{
        coverageId: String(coverageId),
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
        // Entered a few days to weeks before coverage starts; derived, not drawn, so every other value of a
        // seed stays as it was before the column existed.
        createdDate: usDate(policy.effective - 1 - (coverageId % 40)),
      }];
    });
}
