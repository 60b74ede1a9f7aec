import { defaultSeed, type SeedData } from "../../emulator";
import type { DynamicsUser } from "../../scripts/generate";

/**
 * The emulator's default organization with the export set's Dynamics users added (the generator writes
 * them to dynamics-users.json so that providers resolve to owners). Ids are derived from the position,
 * so two emulators seeded from the same file agree on every user id (dumps compare across runs).
 */
export function seedWithUsers(users: DynamicsUser[]): SeedData {
  const bu = defaultSeed.records.businessunit[0].businessunitid as string;
  const known = new Set(defaultSeed.records.systemuser.map((u) => String(u.internalemailaddress).toLowerCase()));
  const added = users
    .filter((u) => !known.has(u.internalemailaddress.toLowerCase()))
    .map((u, i) => ({
      systemuserid: `00000000-0000-0000-0000-${(0x1000 + i).toString(16).padStart(12, "0")}`,
      ...u,
      domainname: u.internalemailaddress,
      "businessunitid@odata.bind": `businessunits(${bu})`,
    }));
  return { ...defaultSeed, records: { ...defaultSeed.records, systemuser: [...defaultSeed.records.systemuser, ...added] } };
}

/** The owner of records whose provider has no enabled user: the export set's first enabled user (the administrator). */
export function fallbackOwner(users: DynamicsUser[]): string {
  const admin = users.find((u) => !u.isdisabled);
  if (!admin) throw new Error("dynamics-users.json has no enabled user");
  return admin.internalemailaddress;
}
