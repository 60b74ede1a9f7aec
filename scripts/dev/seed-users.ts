import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultSeed, SEED_IDS } from "../../emulator";
import type { SeedData } from "../../emulator";
import { listSamples } from "./assets";

interface SampleUser {
  firstname: string;
  lastname: string;
  internalemailaddress: string;
  isdisabled: boolean;
}

/** A stable id per seeded sample user, so a kept emulator data file and a new start agree. */
const userId = (index: number) => `00000000-0000-0000-0001-${index.toString(16).padStart(12, "0")}`;

/**
 * The emulator's default organization plus the Dynamics users each sample export set names in its
 * `dynamics-users.json` (the generator writes it: the providers' users, one disabled), so provider → user
 * matching in pre-flight finds them as it would in a real org.
 */
export function seedWithSampleUsers(samplesDir: string): SeedData {
  const known = new Set((defaultSeed.records.systemuser ?? []).map((u) => String(u.internalemailaddress).toLowerCase()));
  const users: Record<string, unknown>[] = [];
  for (const sample of listSamples(samplesDir)) {
    const file = join(samplesDir, sample.name, "dynamics-users.json");
    if (!existsSync(file)) continue;
    for (const user of JSON.parse(readFileSync(file, "utf8")) as SampleUser[]) {
      const email = user.internalemailaddress.toLowerCase();
      if (known.has(email)) continue;
      known.add(email);
      users.push({
        systemuserid: userId(users.length + 1),
        firstname: user.firstname,
        lastname: user.lastname,
        internalemailaddress: user.internalemailaddress,
        domainname: user.internalemailaddress,
        isdisabled: user.isdisabled,
        "businessunitid@odata.bind": `businessunits(${SEED_IDS.businessUnit})`,
      });
    }
  }
  return { ...defaultSeed, records: { ...defaultSeed.records, systemuser: [...(defaultSeed.records.systemuser ?? []), ...users] } };
}
