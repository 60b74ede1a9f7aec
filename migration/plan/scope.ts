/**
 * Which rows a run covers. Full and delta runs: every valid row. Sample runs: N patients chosen
 * deterministically (the smallest hashes of their ids, so the same export gives the same sample whatever the
 * row order) with everything that belongs to them: their locations, their referring providers, the policies
 * covering them and those policies' subscribers and their guarantors (who join the sample, with their own
 * rows), and all their child rows (coverages among them).
 */
import type { ConfirmedMap } from "../mapping/types";
import { hash64 } from "../objects/hash";
import { patientLocations } from "../objects/patient";
import { mappedRows } from "./files";
import type { PlanIndex } from "./index-pass";
import type { ExportRows } from "./types";

export interface Scope {
  sampled: boolean;
  patient(id: string): boolean;
  location(id: string): boolean;
  referrer(key: string): boolean;
  policy(key: string): boolean;
}

export const fullScope: Scope = { sampled: false, patient: () => true, location: () => true, referrer: () => true, policy: () => true };

/** The first `size` patient ids in hash order. */
export function choosePatients(ids: Iterable<string>, size: number): string[] {
  return [...ids]
    .map((id) => ({ id, h: hash64(id) }))
    .sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, Math.max(0, size))
    .map((p) => p.id);
}

export async function sampleScope(exports: ExportRows, map: ConfirmedMap, index: PlanIndex, size: number): Promise<Scope> {
  const patients = new Set(choosePatients(index.patients.values(), size));
  const policies = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const patient of [...patients]) {
      const guarantor = index.guarantors.get(patient);
      if (guarantor && index.patients.has(guarantor) && !patients.has(guarantor)) {
        patients.add(guarantor);
        changed = true;
      }
    }
    for (const link of index.coverage) {
      if (!patients.has(link.patientId)) continue;
      policies.add(link.policyKey);
      const subscriber = link.subscriberId;
      if (subscriber && index.patients.has(subscriber) && !patients.has(subscriber)) {
        patients.add(subscriber);
        changed = true;
      }
    }
  }
  const locations = new Set<string>();
  const referrers = new Set<string>();
  for await (const row of mappedRows(exports, map, "patient")) {
    if (!patients.has(row.get("patientId")) || index.excluded.has(row.file, row.line)) continue;
    for (const l of patientLocations(row)) locations.add(l);
    const r = index.referrers.keyOf(row);
    if (r) referrers.add(r);
  }
  return {
    sampled: true,
    patient: (id) => patients.has(id),
    location: (id) => locations.has(id),
    referrer: (key) => referrers.has(key),
    policy: (key) => policies.has(key),
  };
}
