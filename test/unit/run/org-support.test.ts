import type { BatchOperationResult, DataverseClientApi } from "../../../dataverse/types";
import { orgSupportOf, probeOperations, settleOrgSupport } from "../../../migration/run/org-support";

const ok = (index: number, status = 204): BatchOperationResult => ({ index, status });
const failed = (index: number, status: number, rolledBack = false): BatchOperationResult => ({ index, status, error: { status, code: status === 404 ? "0x80040217" : "0x0", message: "m", retriable: false }, ...(rolledBack ? { rolledBack } : {}) });

/** Results of the probe on an org that says yes: every change set fails only at its deliberate failure. */
function yes(): BatchOperationResult[] {
  return [
    failed(0, 404, true), failed(1, 404),
    failed(2, 404, true), failed(3, 404), failed(4, 404, true),
    failed(5, 404, true), failed(6, 404), failed(7, 404, true),
    failed(8, 404),
    ok(9, 200),
  ];
}

const { layout } = probeOperations();
const noClient = { createMultiple: () => Promise.reject(new Error("not expected")) } as unknown as DataverseClientApi;

describe("the probe of what the org supports", () => {
  it("is one change set per question, each ending in or being a deliberate failure, and a GET of 100 ids", () => {
    const probe = probeOperations();
    expect(probe.changeSets.map((set) => set.map((op) => `${op.method} ${op.url.split("?")[0]}`))).toEqual([
      ["POST contacts/Microsoft.Dynamics.CRM.CreateMultiple", "DELETE dxm_migrationruns(00000000-0000-0000-0000-00000000d0e5)"],
      ["POST contacts", "POST emails/Microsoft.Dynamics.CRM.CreateMultiple", "DELETE dxm_migrationruns(00000000-0000-0000-0000-00000000d0e5)"],
      ["POST contacts", "POST phonecalls/Microsoft.Dynamics.CRM.CreateMultiple", "DELETE dxm_migrationruns(00000000-0000-0000-0000-00000000d0e5)"],
      ["POST EntityDefinitions(LogicalName='dxm_probenotable')/Attributes"],
    ]);
    expect(decodeURIComponent(probe.gets[0].url).match(/'[0-9a-f-]{36}'/g)).toHaveLength(100);
  });

  it("reads yes from deliberate failures, and no from anything else", async () => {
    expect(await settleOrgSupport(noClient, yes(), layout, { userId: "u", bulkCreate: () => true })).toEqual({ bulkInChangeSet: true, partiesInBulk: true, metadataInChangeSet: true, inFilterOf100: true });
    const refused = yes();
    refused[3] = failed(3, 400);
    refused[8] = failed(8, 400);
    refused[9] = failed(9, 414);
    expect(await settleOrgSupport(noClient, refused, layout, { userId: "u", bulkCreate: (t) => t === "email" })).toEqual({ bulkInChangeSet: true, partiesInBulk: false, metadataInChangeSet: false, inFilterOf100: false });
    // A table without CreateMultiple never sends parties in a bulk message: its answer does not count.
    expect((await settleOrgSupport(noClient, refused, layout, { userId: "u", bulkCreate: (t) => t === "phonecall" })).partiesInBulk).toBe(true);
  });

  it("asks about parties outside a change set when bulk messages are refused inside one", async () => {
    const results = yes();
    results[0] = failed(0, 400);
    results[1] = failed(1, 400, true);
    const asked: string[] = [];
    const client = {
      createMultiple: (set: string) => {
        asked.push(set);
        return Promise.reject(Object.assign(new Error("no"), { status: set === "emails" ? 404 : 400 }));
      },
    } as unknown as DataverseClientApi;
    expect(await settleOrgSupport(client, results, layout, { userId: "u", bulkCreate: () => true })).toMatchObject({ bulkInChangeSet: false, partiesInBulk: false });
    expect(asked).toEqual(["emails", "phonecalls"]);
  });

  it("is read back from a run row's report, unknown keys filled with what the engine assumes", () => {
    expect(orgSupportOf({ orgSupport: { bulkInChangeSet: false } })).toEqual({ bulkInChangeSet: false, partiesInBulk: true, metadataInChangeSet: true, inFilterOf100: true });
    expect(orgSupportOf({ options: {} })).toBeUndefined();
  });
});
