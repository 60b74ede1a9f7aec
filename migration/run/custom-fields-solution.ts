import type { BatchOperation, DataverseClientApi } from "../../dataverse/types";
import { odataString } from "../../dataverse/odata/literals";
import { solutionModel } from "../../solution/model";

/**
 * The unmanaged solution of the org's own that holds the columns created for the practice's custom fields.
 * Columns created without a solution belong to none (only to the org's Default solution): they would outlive
 * an uninstall of Dental-Exec Migration with nothing to say where they came from. In this solution they are
 * listed, exportable, and removable together (docs/install.md, Uninstall, says how).
 */
export const CUSTOM_FIELDS_SOLUTION = {
  uniqueName: "DentalExecCustomFields",
  friendlyName: "Dental-Exec custom fields",
  description: "Columns Dental-Exec Migration created for the practice's custom fields. Unmanaged: delete the columns, then this solution, to remove them.",
  version: "1.0.0.0",
} as const;

/** The header that makes a metadata write add its component to a solution. */
export const SOLUTION_HEADER = "MSCRM.SolutionUniqueName";

/**
 * The columns are named with the `dxm` prefix, so the solution's publisher is ours: the one the managed
 * solution installs (found by its unique name), or, in an org that lacks it, one created with the same prefixes.
 */
const { publisher } = solutionModel;

/** What the org holds of the two: read with the org (`solutionStateGets`), before any column is created. */
export interface SolutionState {
  /** The org read could not say (e.g. a read privilege missing): found out again before columns are created. */
  unread?: true;
  solutionId?: string;
  managed?: boolean;
  publisherId?: string;
}

const solutionQuery = `solutions?$select=solutionid,ismanaged&$filter=${encodeURIComponent(`uniquename eq ${odataString(CUSTOM_FIELDS_SOLUTION.uniqueName)}`)}&$top=1`;
const publisherQuery = `publishers?$select=publisherid&$filter=${encodeURIComponent(`uniquename eq ${odataString(publisher.uniqueName)}`)}&$top=1`;

/** The GETs that read the solution and the publisher, in the order `solutionStateFrom` reads their bodies. */
export function solutionStateGets(): BatchOperation[] {
  return [{ method: "GET", url: solutionQuery }, { method: "GET", url: publisherQuery }];
}

const first = (body: unknown) => ((body as { value?: Record<string, unknown>[] } | undefined)?.value ?? [])[0];

export function solutionStateFrom(solutionBody: unknown, publisherBody: unknown): SolutionState {
  const solution = first(solutionBody);
  const found = first(publisherBody);
  return {
    ...(solution ? { solutionId: String(solution.solutionid), managed: solution.ismanaged === true } : {}),
    ...(found ? { publisherId: String(found.publisherid) } : {}),
  };
}

export async function readSolutionState(client: DataverseClientApi): Promise<SolutionState> {
  const [solution, found] = await Promise.all([client.retrieveMultiple("solutions", { select: ["solutionid", "ismanaged"], filter: `uniquename eq ${odataString(CUSTOM_FIELDS_SOLUTION.uniqueName)}`, top: 1 }),
    client.retrieveMultiple("publishers", { select: ["publisherid"], filter: `uniquename eq ${odataString(publisher.uniqueName)}`, top: 1 })]);
  return solutionStateFrom(solution, found);
}

function refuseManaged(state: SolutionState): void {
  if (state.managed) throw new Error(`The solution ${CUSTOM_FIELDS_SOLUTION.uniqueName} in this org is managed: the columns for the practice's custom fields cannot be added to it.`);
}

const publisherBody = () => ({
  uniquename: publisher.uniqueName, friendlyname: publisher.displayName, customizationprefix: publisher.prefix,
  customizationoptionvalueprefix: publisher.optionValuePrefix, description: "Publisher of the Dental-Exec → Dynamics 365 migration solution.",
});
const solutionBody = (publisherBind: string) => ({
  uniquename: CUSTOM_FIELDS_SOLUTION.uniqueName, friendlyname: CUSTOM_FIELDS_SOLUTION.friendlyName, description: CUSTOM_FIELDS_SOLUTION.description,
  version: CUSTOM_FIELDS_SOLUTION.version, "publisherid@odata.bind": publisherBind,
});

/**
 * The change set that creates what is missing (the publisher, then the solution bound to it), to go first in
 * the request that creates the columns; empty when both are there.
 */
export function solutionChangeSet(state: SolutionState): BatchOperation[] {
  refuseManaged(state);
  if (state.solutionId) return [];
  if (state.publisherId) return [{ method: "POST", url: "solutions", body: solutionBody(`/publishers(${state.publisherId})`) }];
  return [
    { method: "POST", url: "publishers", body: publisherBody(), contentId: "publisher" },
    { method: "POST", url: "solutions", body: solutionBody("$publisher") },
  ];
}

/**
 * The same one step at a time, for when that request failed: each create is not idempotent, so after an error
 * the org is read again (another run may have created it, or the answer was lost after it landed).
 */
export async function ensureCustomFieldsSolution(client: DataverseClientApi): Promise<string> {
  let state = await readSolutionState(client);
  refuseManaged(state);
  if (state.solutionId) return CUSTOM_FIELDS_SOLUTION.uniqueName;
  if (!state.publisherId) {
    try {
      await client.create("publishers", publisherBody());
    } catch (error) {
      if (!(await readSolutionState(client)).publisherId) throw error;
    }
    state = await readSolutionState(client);
  }
  try {
    await client.create("solutions", solutionBody(`/publishers(${state.publisherId})`));
  } catch (error) {
    if (!(await readSolutionState(client)).solutionId) throw error;
  }
  return CUSTOM_FIELDS_SOLUTION.uniqueName;
}
