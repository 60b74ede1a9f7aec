import type { DataverseClientApi } from "../../dataverse/types";
import { readLearnedChoices } from "../../migration/ledger/learned-choices";
import type { LearnedChoice } from "../../migration/mapping/types";

/**
 * The choices admins confirmed before in the org, for the proposal to follow. Reading them failing (an org
 * without the solution yet, a user who may not read runs) costs only that: a note on stderr, and the proposal
 * goes without them, so the command still says what it was asked (the pre-flight, for one, names what is missing).
 */
export async function learnedFromOrg(client: DataverseClientApi, write: (text: string) => void = (t) => process.stderr.write(t)): Promise<LearnedChoice[]> {
  try {
    return await readLearnedChoices(client);
  } catch (error) {
    write(`note: the choices admins confirmed before in this org could not be read (${error instanceof Error ? error.message : String(error)}): the proposal does not follow them.\n`);
    return [];
  }
}
