/**
 * What `--seed FILE.json` may hold: a whole seed (organization, callerId, records per table, the shape of
 * `defaultSeed`), or the list of Dynamics users `dxm generate` writes (`dynamics-users.json`), which joins the
 * default organization so the generated providers match users as they would in a real org.
 */
import { defaultSeed, SEED_IDS, seededObjectId, type SeedData } from "./default-seed";
import { ROLE_NAMES } from "../security/default-roles";

/** One user of `dynamics-users.json`. */
export interface SeedUser {
  firstname?: string;
  lastname?: string;
  internalemailaddress: string;
  isdisabled?: boolean;
}

/** A stable id per listed user, so a kept data file and a new start agree. */
const userId = (index: number) => `00000000-0000-0000-0001-${index.toString(16).padStart(12, "0")}`;

const isSeedUser = (value: unknown): value is SeedUser =>
  typeof value === "object" && value !== null && typeof (value as SeedUser).internalemailaddress === "string";

const isSeedData = (value: unknown): value is SeedData => {
  const v = value as SeedData;
  return typeof value === "object" && value !== null && typeof v.callerId === "string" && typeof v.organization === "object" && v.organization !== null
    && typeof v.records === "object" && v.records !== null;
};

/** The default organization plus the listed users (a user whose email is already seeded is not added twice). */
export function seedWithUsers(users: SeedUser[]): SeedData {
  const seeded = defaultSeed.records.systemuser ?? [];
  const known = new Set(seeded.map((u) => String(u.internalemailaddress).toLowerCase()));
  const added: Record<string, unknown>[] = [];
  for (const user of users) {
    const email = user.internalemailaddress.trim();
    if (known.has(email.toLowerCase())) continue;
    known.add(email.toLowerCase());
    added.push({
      systemuserid: userId(added.length + 1),
      firstname: user.firstname,
      lastname: user.lastname,
      internalemailaddress: email,
      domainname: email,
      isdisabled: user.isdisabled === true,
      azureactivedirectoryobjectid: seededObjectId(userId(added.length + 1)),
      "businessunitid@odata.bind": `businessunits(${SEED_IDS.businessUnit})`,
    });
  }
  const userRoles = { ...defaultSeed.userRoles, ...Object.fromEntries(added.map((u) => [String(u.systemuserid), [ROLE_NAMES.salesperson]])) };
  return { ...defaultSeed, records: { ...defaultSeed.records, systemuser: [...seeded, ...added] }, userRoles };
}

/** The seed a parsed `--seed` file describes; an error that says what the file should hold otherwise. */
export function seedFromJson(json: unknown): SeedData {
  if (Array.isArray(json)) {
    const bad = json.findIndex((u) => !isSeedUser(u));
    if (bad >= 0) throw new Error(`Seed file: user ${bad + 1} has no internalemailaddress`);
    return seedWithUsers(json as SeedUser[]);
  }
  if (isSeedData(json)) return json;
  throw new Error("Seed file: expected a seed ({ organization, callerId, records }) or a list of users with internalemailaddress (dynamics-users.json from dxm generate)");
}
