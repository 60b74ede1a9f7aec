/**
 * Billing / claim → dxm_billingrecord (key `claim:<id>`): service date (date only), fees as numbers, claim
 * number and status (value map: Submitted, Paid, Denied, Pending). The policy billed is bound by its key
 * (carrier + policy number hashed, as insurance-policy.ts builds it) when that policy is planned.
 */
import { claimStatusOptions } from "../../solution/model/tables/billingrecord";
import type { PlannedRecord } from "../plan/types";
import { bindByKey, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { dateOnly, utcDateTime } from "./dates";
import { policyKey } from "./insurance-policy";
import type { MappedRow } from "./mapped-row";
import { bindPatient } from "./patient";
import { mapOption, parseMoney, text } from "./values";

export async function planBilling(row: MappedRow, ctx: ObjectContext): Promise<PlannedRecord> {
  const t = "dxm_billingrecord";
  const id = row.get("claimId");
  const key = sourceKey("claim", id);
  const serviceDate = dateOnly(row.get("serviceDate"), row.dateOrder);
  const policy = await policyKey(row.get("carrier"), row.get("policyNumber"));
  const created = utcDateTime(row.get("createdDate"), row.dateOrder, ctx.timeZone);
  const payload = compact({
    dxm_name: [`Billing ${id}`, serviceDate].filter(Boolean).join(" · ").slice(0, 200),
    [row.column("serviceDate", t, "dxm_servicedate")]: serviceDate,
    [row.column("totalFee", t, "dxm_totalfee")]: parseMoney(row.get("totalFee")),
    [row.column("insurancePaid", t, "dxm_insurancepayment")]: parseMoney(row.get("insurancePaid")),
    [row.column("patientPortion", t, "dxm_patientresponsibility")]: parseMoney(row.get("patientPortion")),
    [row.column("claimNumber", t, "dxm_claimnumber")]: text(row.get("claimNumber")),
    [row.column("claimStatus", t, "dxm_claimstatus")]: mapOption(row.get("claimStatus"), row.valueMap("claimStatus"), claimStatusOptions),
    // createdon takes the original date as on the standard tables; dxm_sourcecreatedon keeps it where createdon cannot.
    overriddencreatedon: created,
    dxm_sourcecreatedon: created,
    "dxm_patientid@odata.bind": bindPatient(row.get("patientId")),
    "dxm_insurancepolicyid@odata.bind": policy && ctx.hasPolicy(policy) ? bindByKey("dxm_insurancepolicy", policy) : undefined,
    dxm_sourcekey: key,
  });
  return plannedRecord(row, "billing", t, key, payload);
}
