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
  phonecall: "00000000-0000-0000-0000-0000000000b5",
  missingContact: "00000000-0000-0000-0000-0000000000b3",
  partyContact: "00000000-0000-0000-0000-0000000000b4",
};

/** A DELETE of a run row that does not exist: Dataverse answers 404 and rolls back the change set that holds it. */
function failingOperation(): BatchOperation {
  return { method: "DELETE", url: `${RUN_ENTITY_SET}(${PROBE_IDS.missingRun})` };
}

/** The deliberate failure failed (404), nothing before it did: everything before it was accepted, then rolled back. */
const acceptedThenRolledBack = (results: (BatchOperationResult | undefined)[]) =>
  results.length > 1 && results.slice(0, -1).every((r) => r?.rolledBack) && results[results.length - 1]?.status === 404;

/** A 404 is the deliberate failure (a record or table that does not exist): the request itself was accepted. */
const failedOnPurpose = (result: BatchOperationResult | undefined) => result?.status === 404;

/** The operation failed on purpose itself (404), or was accepted and rolled back by the change set's deliberate failure. */
const acceptedOrFailedOnPurpose = (own: BatchOperationResult | undefined, last: BatchOperationResult | undefined) =>
  (own?.status === 404 && !own.rolledBack) || (own?.rolledBack === true && last?.status === 404 && !last.rolledBack);

const bulk = (entitySet: string, logicalName: string, message: BulkMessage, targets: Record<string, unknown>[]): BatchOperation => ({
  method: "POST", url: bulkActionPath(entitySet, message), body: bulkPayload(logicalName, targets),
});

/** The activity tables whose records carry parties (deep-inserted `<table>_activity_parties`). */
export const PARTY_TABLES = ["email", "phonecall"] as const;
type PartyTable = (typeof PARTY_TABLES)[number];

/** Two activities for CreateMultiple: the first with a party, the second bound to a contact that does not exist (so the request fails, all or nothing). */
function activitiesWithParty(table: PartyTable, party: Record<string, unknown>): BatchOperation {
  return bulk(`${table}s`, table, "CreateMultiple", [
    { activityid: PROBE_IDS[table], subject: "dxm probe", [`${table}_activity_parties`]: [{ participationtypemask: 2, ...party }] },
    { subject: "dxm probe", [`regardingobjectid_contact_${table}@odata.bind`]: `contacts(${PROBE_IDS.missingContact})` },
  ]);
}

/** Where each question's operations are in the probe's request, flattened (change sets in order, then the GET). */
export interface ProbeLayout {
  /** The CreateMultiple, then the deliberate failure after it. */
  bulkInChangeSet: number[];
  /** Per activity table: its CreateMultiple with a party, and the deliberate failure ending its change set. */
  parties: Record<PartyTable, { own: number; last: number }>;
  column: number;
  inFilter: number;
}

export interface Probe {
  changeSets: BatchOperation[][];
  gets: BatchOperation[];
  layout: ProbeLayout;
}

/**
 * The probe's operations, sent along with the org read (one `$batch`, continue on error), in a way that leaves
 * nothing behind: each change set ends in a deliberately failing operation or fails on purpose, so Dataverse
 * rolls back whatever it did:
 * 1. a CreateMultiple of one contact, then a DELETE of a run row that does not exist;
 * 2. for emails, then phone calls: a contact, then a CreateMultiple of two activities (the first with that
 *    contact as its party, the second bound to a contact that does not exist), then the failing DELETE;
 * 3. a column created on a table that does not exist;
 * and a GET with 100 ids in one `In` filter. The layout says where each answer comes back.
 */
export function probeOperations(): Probe {
  const changeSets: BatchOperation[][] = [];
  let next = 0;
  /** Adds a change set; returns where each of its operations is in the flattened request. */
  const add = (set: BatchOperation[]): number[] => {
    changeSets.push(set.map((op, i) => ({ ...op, contentId: `p${next + i + 1}` })));
    const at = set.map((_, i) => next + i);
    next += set.length;
    return at;
  };
  const bulkInChangeSet = add([bulk("contacts", "contact", "CreateMultiple", [{ contactid: PROBE_IDS.contact, lastname: "dxm probe" }]), failingOperation()]);
  const parties = Object.fromEntries(PARTY_TABLES.map((table) => {
    const [, own, last] = add([
      { method: "POST", url: "contacts", body: { contactid: PROBE_IDS.partyContact, lastname: "dxm probe" } },
      activitiesWithParty(table, { "partyid_contact@odata.bind": `contacts(${PROBE_IDS.partyContact})` }),
      failingOperation(),
    ]);
    return [table, { own, last }];
  })) as ProbeLayout["parties"];
  const [column] = add([createColumnOperation({ table: "dxm_probenotable", logicalName: "dxm_probe", displayName: "Probe", type: "string", maxLength: 10 }, {})]);
  const ids = Array.from({ length: 100 }, (_, i) => `00000000-0000-0000-0000-${String(i + 1).padStart(12, "0")}`);
  return {
    changeSets,
    gets: [{ method: "GET", url: withQuery("contacts", queryString({ select: ["contactid"], filter: inFilter("contactid", ids) })) }],
    layout: { bulkInChangeSet, parties, column, inFilter: next },
  };
}

/**
 * What the probe's results say. Parties in CreateMultiple can only be told from a change set when the org
 * takes bulk messages in change sets; otherwise one more request per activity table that takes
 * CreateMultiple asks outside a change set (the same two activities, the caller as the party: it fails
 * whatever the answer). Tables without CreateMultiple never send parties in a bulk message: not asked.
 */
export async function settleOrgSupport(
  client: DataverseClientApi,
  results: BatchOperationResult[],
  layout: ProbeLayout,
  input: { userId: string; bulkCreate: (table: PartyTable) => boolean },
  signal?: AbortSignal,
): Promise<OrgSupport> {
  const at = (index: number) => results.find((r) => r.index === index);
  const support: OrgSupport = {
    bulkInChangeSet: acceptedThenRolledBack(layout.bulkInChangeSet.map(at)),
    partiesInBulk: true,
    metadataInChangeSet: failedOnPurpose(at(layout.column)),
    inFilterOf100: at(layout.inFilter)?.status === 200,
  };
  for (const table of PARTY_TABLES) {
    if (!input.bulkCreate(table)) continue;
    let accepted: boolean;
    if (support.bulkInChangeSet) accepted = acceptedOrFailedOnPurpose(at(layout.parties[table].own), at(layout.parties[table].last));
    else {
      try {
        await client.createMultiple(`${table}s`, table, activitiesWithParty(table, { "partyid_systemuser@odata.bind": `systemusers(${input.userId})` }).body!.Targets as Record<string, unknown>[], { signal });
        // Accepted all the same (an org that ignores the unbound reference): the probe activity must go again.
        await client.delete(`${table}s`, PROBE_IDS[table]).catch(() => undefined);
        accepted = true;
      } catch (error) {
        accepted = (error as { status?: number }).status === 404;
      }
    }
    support.partiesInBulk &&= accepted;
  }
  return support;
}

/** The support a run row records (report.orgSupport), if it holds it. */
export function orgSupportOf(report: unknown): OrgSupport | undefined {
  const support = (report as { orgSupport?: OrgSupport } | undefined)?.orgSupport;
  return support && typeof support === "object" ? { ...ASSUMED_SUPPORT, ...support } : undefined;
}
