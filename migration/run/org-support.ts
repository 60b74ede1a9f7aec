import type { BatchOperation, BatchOperationResult, BulkMessage, DataverseClientApi } from "../../dataverse/types";
import { bulkActionPath, bulkPayload } from "../../dataverse/operations/bulk";
import { createColumnOperation } from "../../dataverse/operations/metadata";
import { inFilter, queryString, withQuery } from "../../dataverse/odata/query";
import { RUN_ENTITY_SET } from "../ledger/codec";
import type { OrgSupport } from "../load/types";

export type { OrgSupport } from "../load/types";

/** What a run assumes when it does not ask (a resume of a run recorded before probing, a test double). */
export const ASSUMED_SUPPORT: OrgSupport = { bulkInChangeSet: true, partiesInBulk: true, metadataInChangeSet: true, inFilterOf100: true };

/** Ids no record has: the probe's deliberately failing operations address them, its probe records use them. */
const PROBE_IDS = {
  missingRun: "00000000-0000-0000-0000-00000000d0e5",
  contact: "00000000-0000-0000-0000-0000000000b1",
  email: "00000000-0000-0000-0000-0000000000b2",
  missingContact: "00000000-0000-0000-0000-0000000000b3",
};

/** A DELETE of a run row that does not exist: Dataverse answers 404 and rolls back the change set that holds it. */
function failingOperation(contentId: string): BatchOperation {
  return { method: "DELETE", url: `${RUN_ENTITY_SET}(${PROBE_IDS.missingRun})`, contentId };
}

/** The deliberate failure failed (404), nothing before it did: everything before it was accepted, then rolled back. */
const acceptedThenRolledBack = (results: BatchOperationResult[]) => results.length > 1 && results.slice(0, -1).every((r) => r.rolledBack) && results[results.length - 1].status === 404;

/** A 404 is the deliberate failure (a record or table that does not exist): the request itself was accepted. */
const failedOnPurpose = (result: BatchOperationResult | undefined) => result?.status === 404;

/**
 * Asks the org, in a way that leaves nothing behind:
 * - one `$batch` (continue on error) whose change sets each end in a deliberately failing operation (or fail
 *   themselves on purpose), so Dataverse rolls back whatever they did: a CreateMultiple of one contact; a
 *   column created on a table that does not exist; and a GET with 100 ids in an `In` filter;
 * - one CreateMultiple of two emails, the first with a party, the second bound to a contact that does not
 *   exist: all or nothing, so it fails whatever the answer, and the error says which.
 * `userId` is the caller (the probe email's party); `partyTable` the activity table with parties that takes
 * CreateMultiple (none: the question does not arise).
 */
export async function probeOrgSupport(client: DataverseClientApi, input: { userId: string; partyTable?: { entitySet: string; logicalName: string; parties: string; primaryId: string } }, signal?: AbortSignal): Promise<OrgSupport> {
  const bulk = (entitySet: string, logicalName: string, message: BulkMessage, targets: Record<string, unknown>[]): BatchOperation => ({
    method: "POST", url: bulkActionPath(entitySet, message), body: bulkPayload(logicalName, targets),
  });
  const ids = Array.from({ length: 100 }, (_, i) => `00000000-0000-0000-0000-${String(i + 1).padStart(12, "0")}`);
  const results = await client.executeBatch({
    continueOnError: true,
    changeSets: [
      [{ ...bulk("contacts", "contact", "CreateMultiple", [{ contactid: PROBE_IDS.contact, lastname: "dxm probe" }]), contentId: "1" }, failingOperation("2")],
      [{ ...createColumnOperation({ table: "dxm_probenotable", logicalName: "dxm_probe", displayName: "Probe", type: "string", maxLength: 10 }, {}), contentId: "3" }],
    ],
    gets: [{ method: "GET", url: withQuery("contacts", queryString({ select: ["contactid"], filter: inFilter("contactid", ids) })) }],
  }, { signal });
  const support: OrgSupport = {
    bulkInChangeSet: acceptedThenRolledBack(results.slice(0, 2)),
    metadataInChangeSet: failedOnPurpose(results[2]),
    inFilterOf100: results[3]?.status === 200,
    partiesInBulk: true,
  };
  const table = input.partyTable;
  if (table) {
    const withParty = { [table.primaryId]: PROBE_IDS.email, subject: "dxm probe", [table.parties]: [{ participationtypemask: 1, "partyid_systemuser@odata.bind": `systemusers(${input.userId})` }] };
    const unbound = { subject: "dxm probe", [`regardingobjectid_contact_${table.logicalName}@odata.bind`]: `contacts(${PROBE_IDS.missingContact})` };
    try {
      await client.createMultiple(table.entitySet, table.logicalName, [withParty, unbound], { signal });
      // Accepted all the same (an org that ignores the unbound reference): the probe email must go again.
      await client.delete(table.entitySet, PROBE_IDS.email).catch(() => undefined);
    } catch (error) {
      support.partiesInBulk = (error as { status?: number }).status === 404;
    }
  }
  return support;
}

/** The support a run row records (report.orgSupport), if it holds it. */
export function orgSupportOf(report: unknown): OrgSupport | undefined {
  const support = (report as { orgSupport?: OrgSupport } | undefined)?.orgSupport;
  return support && typeof support === "object" ? { ...ASSUMED_SUPPORT, ...support } : undefined;
}
