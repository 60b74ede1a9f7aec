/**
 * The organization a fresh emulator starts with: settings, a business unit, the calling user (WhoAmI),
 * system users with `internalemailaddress` (one disabled), a team, US Dollar, and the connection roles the
 * migration uses (replaced by the solution's own when its customizations.xml ships them). Replaceable with a
 * JSON file of the same shape (`--seed FILE.json`).
 */
export interface SeedData {
  organization: { organizationid: string; name: string; maxuploadfilesize: number };
  /** systemuserid of the default caller: a request without a token runs as this user (WhoAmI, createdby…). */
  callerId: string;
  /** Records per table logical name, in insertion order; lookups through `nav@odata.bind`. */
  records: Record<string, Record<string, unknown>[]>;
  /** Security roles (besides those the solution ships). Default: System Administrator and Salesperson (`DEFAULT_ROLES`). */
  roles?: SeedRole[];
  /**
   * systemuserid → names of the roles the user holds. Default: the caller holds System Administrator and every
   * other seeded user Salesperson.
   */
  userRoles?: Record<string, string[]>;
}

import { DEFAULT_ROLES, ROLE_NAMES } from "../security/default-roles";
import type { SeedRole } from "../security/roles";

export const SEED_IDS = {
  organization: "00000000-0000-0000-0000-0000000000a1",
  businessUnit: "00000000-0000-0000-0000-0000000000b1",
  caller: "00000000-0000-0000-0000-0000000000c1",
  currency: "00000000-0000-0000-0000-0000000000d1",
  team: "00000000-0000-0000-0000-0000000000e1",
  patientRole: "00000000-0000-0000-0000-0000000000f1",
  practiceRole: "00000000-0000-0000-0000-0000000000f2",
  defaultPublisher: "d21aab71-79e7-11dd-8874-00188b01e34f",
  defaultSolution: "fd140aaf-4df4-11dd-bd17-0019b9312238",
} as const;

/** The Microsoft Entra object id of a seeded user (what a token's `oid` claim names): `aad00000-…` + the user id's tail. */
export const seededObjectId = (systemuserid: string): string => `aad00000${systemuserid.slice(8)}`;

const user = (systemuserid: string, firstname: string, lastname: string, email: string, isdisabled = false) => ({
  systemuserid, firstname, lastname, internalemailaddress: email, domainname: email, isdisabled,
  azureactivedirectoryobjectid: seededObjectId(systemuserid), "businessunitid@odata.bind": `businessunits(${SEED_IDS.businessUnit})`,
});

const bu = { "businessunitid@odata.bind": `businessunits(${SEED_IDS.businessUnit})` };

export const defaultSeed: SeedData = {
  organization: { organizationid: SEED_IDS.organization, name: "Emulated Dental Group", maxuploadfilesize: 5 * 1024 * 1024 },
  callerId: SEED_IDS.caller,
  records: {
    transactioncurrency: [{ transactioncurrencyid: SEED_IDS.currency, currencyname: "US Dollar", isocurrencycode: "USD", currencysymbol: "$", exchangerate: 1, currencyprecision: 2 }],
    businessunit: [{ businessunitid: SEED_IDS.businessUnit, name: "Emulated Dental Group" }],
    systemuser: [
      user(SEED_IDS.caller, "Migration", "Administrator", "admin@dental.example"),
      user("00000000-0000-0000-0000-0000000000c2", "Dana", "Whitfield", "dana.whitfield@dental.example"),
      user("00000000-0000-0000-0000-0000000000c3", "Luis", "Ortega", "luis.ortega@dental.example"),
      user("00000000-0000-0000-0000-0000000000c4", "Priya", "Raman", "priya.raman@dental.example"),
      user("00000000-0000-0000-0000-0000000000c5", "Owen", "Marsh", "owen.marsh@dental.example", true),
    ],
    team: [{ teamid: SEED_IDS.team, name: "Front Desk", teamtype: 0, ...bu }],
    // Every org has its default publisher and its Default solution, under the same fixed ids in every org.
    publisher: [{ publisherid: SEED_IDS.defaultPublisher, uniquename: "DefaultPublisheremulateddentalgroup", friendlyname: "Default Publisher for Emulated Dental Group", customizationprefix: "new", customizationoptionvalueprefix: 10000 }],
    solution: [{ solutionid: SEED_IDS.defaultSolution, uniquename: "Default", friendlyname: "Default Solution", version: "1.0", ismanaged: false, "publisherid@odata.bind": `publishers(${SEED_IDS.defaultPublisher})` }],
    connectionrole: [
      { connectionroleid: SEED_IDS.patientRole, name: "Patient", category: 1, description: "A patient seen at a practice location." },
      { connectionroleid: SEED_IDS.practiceRole, name: "Practice location", category: 1, description: "A practice location where the patient is seen." },
    ],
  },
  roles: DEFAULT_ROLES,
  // Dana: a salesperson only. Luis: also the solution's migration role (when the solution is imported), so he
  // may migrate but not bypass custom business logic, which only System Administrator may here.
  userRoles: {
    [SEED_IDS.caller]: [ROLE_NAMES.systemAdministrator],
    "00000000-0000-0000-0000-0000000000c2": [ROLE_NAMES.salesperson],
    "00000000-0000-0000-0000-0000000000c3": [ROLE_NAMES.salesperson, ROLE_NAMES.migrationAdministrator],
    "00000000-0000-0000-0000-0000000000c4": [ROLE_NAMES.salesperson],
    "00000000-0000-0000-0000-0000000000c5": [ROLE_NAMES.salesperson],
  },
};

/** The seed's roles and assignments, with the defaults for a seed file that names none. */
export function seedSecurity(seed: SeedData): { roles: SeedRole[]; userRoles: Record<string, string[]> } {
  const roles = seed.roles ?? DEFAULT_ROLES;
  if (seed.userRoles) return { roles, userRoles: seed.userRoles };
  const userRoles: Record<string, string[]> = {};
  for (const u of seed.records.systemuser ?? []) {
    const id = String(u.systemuserid ?? "");
    if (id) userRoles[id] = [id.toLowerCase() === seed.callerId.toLowerCase() ? ROLE_NAMES.systemAdministrator : ROLE_NAMES.salesperson];
  }
  userRoles[seed.callerId] = [ROLE_NAMES.systemAdministrator];
  return { roles, userRoles };
}
