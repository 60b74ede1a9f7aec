/**
 * The organization a fresh emulator starts with: settings, a business unit, the calling user (WhoAmI),
 * system users with `internalemailaddress` (one disabled), a team, US Dollar, and the connection roles the
 * migration uses (replaced by the solution's own when its customizations.xml ships them). Replaceable with a
 * JSON file of the same shape (`--seed FILE.json`).
 */
export interface SeedData {
  organization: { organizationid: string; name: string; maxuploadfilesize: number };
  /** systemuserid WhoAmI answers with and every write is attributed to. */
  callerId: string;
  /** Records per table logical name, in insertion order; lookups through `nav@odata.bind`. */
  records: Record<string, Record<string, unknown>[]>;
}

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

const bu = { "businessunitid@odata.bind": `businessunits(${SEED_IDS.businessUnit})` };

export const defaultSeed: SeedData = {
  organization: { organizationid: SEED_IDS.organization, name: "Emulated Dental Group", maxuploadfilesize: 5 * 1024 * 1024 },
  callerId: SEED_IDS.caller,
  records: {
    transactioncurrency: [{ transactioncurrencyid: SEED_IDS.currency, currencyname: "US Dollar", isocurrencycode: "USD", currencysymbol: "$", exchangerate: 1, currencyprecision: 2 }],
    businessunit: [{ businessunitid: SEED_IDS.businessUnit, name: "Emulated Dental Group" }],
    systemuser: [
      { systemuserid: SEED_IDS.caller, firstname: "Migration", lastname: "Administrator", internalemailaddress: "admin@dental.example", domainname: "admin@dental.example", isdisabled: false, ...bu },
      { systemuserid: "00000000-0000-0000-0000-0000000000c2", firstname: "Dana", lastname: "Whitfield", internalemailaddress: "dana.whitfield@dental.example", domainname: "dana.whitfield@dental.example", isdisabled: false, ...bu },
      { systemuserid: "00000000-0000-0000-0000-0000000000c3", firstname: "Luis", lastname: "Ortega", internalemailaddress: "luis.ortega@dental.example", domainname: "luis.ortega@dental.example", isdisabled: false, ...bu },
      { systemuserid: "00000000-0000-0000-0000-0000000000c4", firstname: "Priya", lastname: "Raman", internalemailaddress: "priya.raman@dental.example", domainname: "priya.raman@dental.example", isdisabled: false, ...bu },
      { systemuserid: "00000000-0000-0000-0000-0000000000c5", firstname: "Owen", lastname: "Marsh", internalemailaddress: "owen.marsh@dental.example", domainname: "owen.marsh@dental.example", isdisabled: true, ...bu },
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
};
