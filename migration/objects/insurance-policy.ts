/**
 * Insurance → dxm_insurancepolicy, one per carrier + policy number. Dental-Exec writes one coverage row per
 * covered patient; rows with the same carrier and policy number are one policy. A policy number is patient
 * data, so the key is `policy:<hash>` (16 hex digits of SHA-256 over the normalised carrier and number), never
 * the number itself. The subscriber (a patient) is bound by key; every covered patient then points at the
 * policy, with its relationship to the subscriber, through the "contact coverage" update of its contact
 * (after the policies exist). That lookup is the patient's first coverage row's policy (the primary one, as
 * exports list it), for views and forms; every coverage row, the second and third included, lands as a
 * dxm_coverage of its own (coverage.ts).
 */
import { subscriberRelationshipOptions } from "../../solution/model/tables/insurancepolicy";
import type { PlannedRecord } from "../plan/types";
import { bindByKey, compact, plannedRecord, sourceKey } from "./bind";
import type { ObjectContext } from "./context";
import { dateOnly, utcDateTime } from "./dates";
import { hash64, opaqueKey } from "./hash";
import type { MappedRow } from "./mapped-row";
import { bindPatient, patientKey } from "./patient";
import { mapOption, parsePercent, text } from "./values";

const normaliseCarrier = (s: string) => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, " ").trim();
const normalisePolicyNumber = (s: string) => s.trim().toUpperCase().replace(/[\s-]+/g, "");

/**
 * Planning asks for the same policy's key on every coverage and billing row, several passes over; Web Crypto
 * is async and costly per call, so keys are remembered, indexed by a 64-bit hash of the input (the plain
 * policy number is not kept).
 */
const keyMemo = new Map<string, string>();

/** `policy:<16 hex>` for a carrier and policy number; undefined when either is missing. */
export async function policyKey(carrier: string, policyNumber: string): Promise<string | undefined> {
  if (!carrier.trim() || !policyNumber.trim()) return undefined;
  const input = `${normaliseCarrier(carrier)}|${normalisePolicyNumber(policyNumber)}`;
  const memo = hash64(input);
  let key = keyMemo.get(memo);
  if (key === undefined) {
    key = sourceKey("policy", await opaqueKey(input));
    if (keyMemo.size >= 500_000) keyMemo.clear();
    keyMemo.set(memo, key);
  }
  return key;
}

/** The patient id of a coverage row's subscriber: the Subscriber ID, else the patient when the relationship is Self or blank. */
export function subscriberOf(row: MappedRow): string | undefined {
  const subscriber = row.get("subscriberId");
  if (subscriber) return subscriber;
  const relationship = row.get("relationship").toLowerCase();
  return !relationship || relationship === "self" ? row.get("patientId") || undefined : undefined;
}

export function planPolicy(row: MappedRow, key: string, ctx: Pick<ObjectContext, "hasPatient" | "timeZone">): PlannedRecord {
  const t = "dxm_insurancepolicy";
  const carrier = row.get("carrier");
  const subscriber = subscriberOf(row);
  const created = utcDateTime(row.get("createdDate"), row.dateOrder, ctx.timeZone);
  const payload = compact({
    dxm_name: `${carrier} policy`.slice(0, 200),
    [row.column("carrier", t, "dxm_carrier")]: text(carrier),
    [row.column("policyNumber", t, "dxm_policynumber")]: text(row.get("policyNumber")),
    [row.column("groupNumber", t, "dxm_groupnumber")]: text(row.get("groupNumber")),
    "dxm_subscriberid@odata.bind": subscriber && ctx.hasPatient(subscriber) ? bindPatient(subscriber) : undefined,
    dxm_coveragepreventive: parsePercent(row.get("preventivePct")),
    dxm_coveragebasic: parsePercent(row.get("basicPct")),
    dxm_coveragemajor: parsePercent(row.get("majorPct")),
    dxm_effectivedate: dateOnly(row.get("effectiveDate"), row.dateOrder),
    dxm_enddate: dateOnly(row.get("endDate"), row.dateOrder),
    // createdon takes the original date as on the standard tables; dxm_sourcecreatedon keeps it where createdon cannot.
    overriddencreatedon: created,
    dxm_sourcecreatedon: created,
    dxm_sourcekey: key,
  });
  return plannedRecord(row, "insurance", t, key, payload);
}

/** Hash key of the coverage update, distinct from the patient record's own. */
export const coverageHashKey = (patientId: string) => `coverage-of:${patientKey(patientId)}`;

/** The "contact coverage" update: the covered patient's contact points at its policy, with the relationship. */
export function planCoverage(row: MappedRow, key: string): PlannedRecord {
  const id = row.get("patientId");
  const relationship = row.get("relationship");
  const payload = compact({
    "dxm_insurancepolicyid@odata.bind": bindByKey("dxm_insurancepolicy", key),
    dxm_subscriberrelationship: relationship ? mapOption(relationship, row.valueMap("relationship"), subscriberRelationshipOptions) : undefined,
  });
  return plannedRecord(row, "insurance", "contact", patientKey(id), payload, { hashKey: coverageHashKey(id) });
}
