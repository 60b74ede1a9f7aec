/**
 * Treating provider → systemuser. Providers are not written: each is matched to an enabled Dynamics user by
 * email (internalemailaddress, case-insensitive); that user owns the provider's patients and records and is
 * the provider lookup on treatment history, appointments and plans. A disabled user counts as unmatched.
 * Unmatched providers are listed before the run; their records go to the fallback owner when one is chosen.
 *
 * Credentials, specialty and NPI have no column on systemuser that the solution may write (users are the
 * org's, not the migration's), so they are kept in the rebuild reference (definition.ts) beside the match.
 */
import type { OrgContext, PlanReport } from "../plan/types";
import { sourceKey } from "./bind";
import type { MappedRow } from "./mapped-row";

export interface ProviderFacts {
  providerId: string;
  /** First / last name, credentials, specialty, NPI: staff facts for the rebuild reference, never patient data. */
  name: string;
  credentials?: string;
  specialty?: string;
  npi?: string;
  email?: string;
  userId?: string;
  unmatched?: PlanReport["unmatchedProviders"][number]["reason"];
}

export const providerKey = (providerId: string) => sourceKey("provider", providerId);

/** What a providers.csv row says of its provider (the Dynamics user is matched later, by `matchUser`). */
export function providerFacts(row: MappedRow): ProviderFacts {
  const email = row.get("email").toLowerCase();
  return {
    providerId: row.get("providerId"),
    name: [row.get("firstName"), row.get("lastName")].filter(Boolean).join(" "),
    credentials: row.get("credentials") || undefined,
    specialty: row.get("specialty") || undefined,
    npi: row.get("npi") || undefined,
    email: email || undefined,
  };
}

/** The provider with its enabled Dynamics user (same email, case-insensitive), or why it has none. */
export function matchUser(facts: ProviderFacts, users: OrgContext["users"]): ProviderFacts {
  const candidates = facts.email ? users.filter((u) => u.email.trim().toLowerCase() === facts.email) : [];
  const enabled = candidates.find((u) => !u.disabled);
  return enabled ? { ...facts, userId: enabled.id } : { ...facts, unmatched: candidates.length > 0 ? "disabled-user" : "no-user" };
}
