/**
 * Insurance coverage row → dxm_coverage (key `coverage:<Coverage ID>`): the patient covered by the policy
 * (carrier + policy number, bound by its hashed key as insurance-policy.ts builds it), the order (primary,
 * secondary, tertiary: value map), the relationship to the subscriber (value map), the coverage's own
 * effective and end dates (date only). Every coverage row lands: a patient with two plans has two. Named
 * "Guardian · Secondary" (carrier and order: no patient data in a record name).
 */
import { coverageOrderOptions } from "../../solution/model/tables/coverage";
import { subscriberRelationshipOptions } from "../../solution/model/tables/insurancepolicy";
import type { PlannedRecord } from "../plan/types";
import { bindByKey, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { dateOnly } from "./dates";
import type { MappedRow } from "./mapped-row";
import { patientChildRecord, type PatientChild } from "./patient-child";
import { mapOption } from "./values";

export const coverageChild: PatientChild = { object: "insurance", table: "dxm_coverage", keyPrefix: "coverage", idField: "coverageId" };

/** `coverage:<Coverage ID>`: the key a billing record binds its coverage by. */
export const coverageKey = (coverageId: string) => sourceKey(coverageChild.keyPrefix, coverageId);

/** The coverage of a row whose policy (`policy:<hash>`) is planned. */
export function planPatientCoverage(row: MappedRow, policy: string, ctx: ObjectContext): PlannedRecord {
  const t = coverageChild.table;
  const order = mapOption(row.get("coverageOrder"), row.valueMap("coverageOrder"), coverageOrderOptions);
  const relationship = mapOption(row.get("relationship"), row.valueMap("relationship"), subscriberRelationshipOptions);
  const orderLabel = coverageOrderOptions.find((o) => o.value === order)?.label;
  return patientChildRecord(coverageChild, row, ctx, {
    dxm_name: [row.get("carrier"), orderLabel].filter(Boolean).join(" · ").slice(0, 200),
    "dxm_insurancepolicyid@odata.bind": bindByKey("dxm_insurancepolicy", policy),
    [row.column("coverageOrder", t, "dxm_coverageorder")]: order,
    dxm_subscriberrelationship: relationship,
    dxm_effectivedate: dateOnly(row.get("effectiveDate"), row.dateOrder),
    dxm_enddate: dateOnly(row.get("endDate"), row.dateOrder),
  });
}
