import type { Day } from "../formats";
import type { Location, Organization, Provider } from "../organization";
import type { Rng } from "../prng";

/** A row as the generator builds it: values by the object's field ids (and custom headers for patients). */
export type RowValues = Record<string, string>;

/** Running id counters, one per object: ids are sequential like a PM system's. */
export interface IdCounters {
  patient: number;
  coverage: number;
  appointment: number;
  procedure: number;
  claim: number;
  plan: number;
  note: number;
  task: number;
  comm: number;
  attachment: number;
}

export interface GenerateContext {
  rng: Rng;
  seed: number;
  org: Organization;
  ids: IdCounters;
  /** How many referring dentists patients are referred by (grows with the patient count). */
  referringPool: number;
}

/** A family's shared insurance: one policy, one coverage row per covered member. */
export interface Policy {
  carrier: string;
  policyNumber: string;
  groupNumber: string;
  subscriberId: number;
  preventive: number;
  basic: number;
  major: number;
  effective: Day;
  end: Day | null;
}

export interface Patient {
  patientId: number;
  firstName: string;
  middleName: string;
  lastName: string;
  gender: "M" | "F";
  birthDay: Day;
  relationship: "Self" | "Spouse" | "Child";
  location: Location;
  otherLocations: Location[];
  provider: Provider;
  email: string;
  createdDay: Day;
  recallMonths: number;
  /** The policy the patient's claims bill: their primary coverage's (set by insuranceRows). */
  policy: Policy | null;
  /** The patient's coverage rows, primary first (set by insuranceRows); claims name the first. */
  coverages: { coverageId: number; policy: Policy }[];
  /** The household's head: the responsible party for every member (themselves for the head). */
  guarantorId: number;
  homePhone: string;
}

/** A visit the patient had (or has booked): other objects hang off completed visits. */
export interface Visit {
  appointmentId: number;
  day: Day;
  start: number;
  end: number;
  provider: Provider;
  location: Location;
  status: "Completed" | "No-Show" | "Cancelled" | "Scheduled";
  procedures: { procedureId: number; code: string; fee: number; category: "preventive" | "basic" | "major" }[];
}
