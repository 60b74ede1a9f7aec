/**
 * Billing / claim → dxm_billingrecord (key `claim:<id>`): service date (date only), fees as numbers, claim
 * number and status (value map: Submitted, Paid, Denied, Pending). The policy billed is bound by its key
 * (carrier + policy number hashed, as insurance-policy.ts builds it) when that policy is planned, and the
 * coverage billed (`coverage:<Coverage ID>`) when the export names one and it is planned. Claims name
 * no provider: no provider lookup, and the running user owns them.
 */
import { claimStatusOptions } from "../../solution/model/tables/billingrecord";
import type { PlannedRecord } from "../plan/types";
import { bindByKey } from "./bind";
import type { ObjectContext } from "./context";
import { dateOnly } from "./dates";
import { coverageKey } from "./coverage";
import { policyKey } from "./insurance-policy";
import type { MappedRow } from "./mapped-row";
import { patientChildRecord, type PatientChild } from "./patient-child";
import { mapOption, parseMoney, text } from "./values";

export const billingChild: PatientChild = { object: "billing", table: "dxm_billingrecord", keyPrefix: "claim", idField: "claimId" };

export async function planBilling(row: MappedRow, ctx: ObjectContext): Promise<PlannedRecord> {
  const t = billingChild.table;
  const id = row.get("claimId");
  const serviceDate = dateOnly(row.get("serviceDate"), row.dateOrder);
  const policy = await policyKey(row.get("carrier"), row.get("policyNumber"));
  const coverage = row.get("coverageId");
  return patientChildRecord(billingChild, row, ctx, {
    dxm_name: [`Billing ${id}`, serviceDate].filter(Boolean).join(" · ").slice(0, 200),
    [row.column("serviceDate", t, "dxm_servicedate")]: serviceDate,
    [row.column("totalFee", t, "dxm_totalfee")]: parseMoney(row.get("totalFee")),
    [row.column("insurancePaid", t, "dxm_insurancepayment")]: parseMoney(row.get("insurancePaid")),
    [row.column("patientPortion", t, "dxm_patientresponsibility")]: parseMoney(row.get("patientPortion")),
    [row.column("claimNumber", t, "dxm_claimnumber")]: text(row.get("claimNumber")),
    [row.column("claimStatus", t, "dxm_claimstatus")]: mapOption(row.get("claimStatus"), row.valueMap("claimStatus"), claimStatusOptions),
    "dxm_insurancepolicyid@odata.bind": policy && ctx.hasPolicy(policy) ? bindByKey("dxm_insurancepolicy", policy) : undefined,
    "dxm_coverageid@odata.bind": coverage && ctx.hasCoverage(coverage) ? bindByKey("dxm_coverage", coverageKey(coverage)) : undefined,
  });
}
