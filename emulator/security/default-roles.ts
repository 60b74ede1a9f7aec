import type { PrivilegeDepth } from "../schema/types";
import type { SeedRole } from "./roles";

export const ROLE_NAMES = {
  systemAdministrator: "System Administrator",
  salesperson: "Salesperson",
  /** The role the solution ships (solution/components/security.ts), installed with it. */
  migrationAdministrator: "Dental-Exec Migration Administrator",
} as const;

const p = (name: string, depth: PrivilegeDepth) => ({ name, depth });
const records = (stem: string, accesses: string[]) =>
  accesses.map((a) => p(`prv${a}${stem}`, a === "Read" || a === "AppendTo" ? "Local" : "Basic"));
const all = ["Create", "Read", "Write", "Delete", "Append", "AppendTo", "Assign", "Share"];

/**
 * The roles a fresh emulator has. System Administrator holds every privilege of the org (all tables, custom
 * ones included, and the others, prvBypassCustomBusinessLogic among them). Salesperson is a restricted role
 * chosen here (not Microsoft's definition of it): its own contacts, accounts, activities, notes and connections,
 * and reading the org's users, settings and metadata; no custom table, no prvOverrideCreatedOnCreatedBy, no
 * bulk delete, no bypass.
 */
export const DEFAULT_ROLES: SeedRole[] = [
  { roleid: "00000000-0000-0000-0000-000000000101", name: ROLE_NAMES.systemAdministrator, privileges: "all" },
  {
    roleid: "00000000-0000-0000-0000-000000000102",
    name: ROLE_NAMES.salesperson,
    privileges: [
      ...["Contact", "Account", "Activity", "Note"].flatMap((stem) => records(stem, all)),
      ...records("Connection", ["Create", "Read", "Write", "Delete", "Append", "AppendTo"]),
      ...["User", "Team", "BusinessUnit", "Organization", "ConnectionRole", "TransactionCurrency", "SdkMessage", "SdkMessageFilter",
        "Solution", "Publisher", "SolutionComponent"].map((stem) => p(`prvRead${stem}`, "Global")),
      p("prvReadAsyncOperation", "Basic"),
      p("prvReadEntity", "Global"), p("prvReadAttribute", "Global"), p("prvReadRelationship", "Global"),
    ],
  },
];
