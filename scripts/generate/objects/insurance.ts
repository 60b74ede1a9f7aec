import { EXPORT_DAY, usDate } from "../formats";
import { Rng } from "../prng";
import { CARRIERS } from "../reference-data";
import type { GenerateContext, Patient, Policy, RowValues } from "./context";

/** Share of insured households with a spouse where the spouse has a plan of their own (≈ 15 % of insured patients dual). */
const SPOUSE_PLAN = 0.22;
/** Share of those second plans that have ended (the spouse changed jobs): the coverages stay, with their end date. */
const SECOND_PLAN_ENDED = 0.25;

/**
 * The spouse's own plan, drawn from a stream of its own (seed, household), so every other value of a seed
 * stays what it was before dual coverage existed.
 */
function spousePlan(ctx: GenerateContext, family: Policy, spouse: Patient): Policy | null {
  const rng = new Rng(ctx.seed, "second-plan", family.subscriberId);
  if (!rng.chance(SPOUSE_PLAN)) return null;
  const effective = EXPORT_DAY - rng.int(200, 3000);
  return {
    carrier: rng.pick(CARRIERS.filter((c) => c !== family.carrier)),
    policyNumber: `${rng.pick(["W", "U", "XZ", ""])}${rng.digits(9)}`,
    groupNumber: rng.chance(0.85) ? rng.digits(rng.int(5, 7)) : "",
    subscriberId: spouse.patientId,
    preventive: 100,
    basic: rng.pick([70, 80, 80, 90]),
    major: rng.pick([50, 50, 60]),
    effective,
    end: rng.chance(SECOND_PLAN_ENDED) ? Math.min(EXPORT_DAY - 1, effective + rng.int(90, 900)) : null,
  };
}

const relationTo = (m: Patient, subscriberId: number, spouseId: number): string =>
  m.patientId === subscriberId ? "Self" : m.relationship === "Child" ? "Child" : m.patientId === spouseId || subscriberId === spouseId ? "Spouse" : "Other";

/**
 * Coverage rows of a household, member by member, primary first: one per covered member on the family's
 * policy (same carrier and policy number, relationship to the subscriber). When the spouse has a plan of
 * their own (coordination of benefits), the spouse's own plan is their primary and the family's their
 * secondary; the subscriber and the children have the spouse's plan as secondary (through a family member).
 * Records each member's coverages (claims bill the primary) on the patient.
 */
export function insuranceRows(ctx: GenerateContext, members: Patient[]): RowValues[] {
  const family = members[0]?.policy;
  if (!family) return [];
  const spouse = members.find((m) => m.relationship === "Spouse");
  const second = spouse ? spousePlan(ctx, family, spouse) : null;
  return members.flatMap((m) => {
    const plans = second && m === spouse ? [second, family] : second ? [family, second] : [family];
    m.coverages = plans.map((policy) => ({ coverageId: ctx.ids.coverage++, policy }));
    m.policy = plans[0];
    return m.coverages.map(({ coverageId, policy }, i) => ({
      coverageId: String(coverageId),
      patientId: String(m.patientId),
      carrier: policy.carrier,
      policyNumber: policy.policyNumber,
      groupNumber: policy.groupNumber,
      subscriberId: String(policy.subscriberId),
      relationship: policy === family ? m.relationship : relationTo(m, policy.subscriberId, spouse?.patientId ?? -1),
      preventivePct: `${policy.preventive}%`,
      basicPct: `${policy.basic}%`,
      majorPct: `${policy.major}%`,
      effectiveDate: usDate(policy.effective),
      endDate: policy.end === null ? "" : usDate(policy.end),
      coverageOrder: ["Primary", "Secondary", "Tertiary"][i],
      // Entered a few days to weeks before coverage starts; derived, not drawn, so every other value of a
      // seed stays as it was before the column existed.
      createdDate: usDate(policy.effective - 1 - (coverageId % 40)),
    }));
  });
}
