/**
 * BulkDelete as Microsoft Learn documents it ("Delete data in bulk", BulkDeleteFailure, BulkDeleteOptions): an
 * asynchronous job polled through asyncoperations, deleting only records created before it starts, not rolled
 * back when a record fails (the failure is a bulkdeletefailure row), running delete plug-ins, and about twice as
 * fast when the deleted records skip the recycle bin.
 */
import { emulator, idFrom } from "./helpers";

jest.setTimeout(60_000);

const cost = { requestLatencyMs: 0, operationLatencyMs: 0, bulkOperationLatencyMs: 0, executionMsPerOperation: 0, bulkDeleteMsPerRecord: 40, recycleBinFactor: 2 };
type Em = Awaited<ReturnType<typeof emulator>>;

const byNames = (names: string[], extra: object[] = []) => ({
  EntityName: "contact",
  Criteria: { FilterOperator: "And", Conditions: [{ AttributeName: "lastname", Operator: "In", Values: names.map((Value) => ({ Value, Type: "System.String" })) }, ...extra] },
});

async function submit(em: Em, query: object, options?: object): Promise<string> {
  const job = await em.call("POST", "BulkDelete", { JobName: "test", SendEmailNotification: false, ToRecipients: [], CCRecipients: [], RecurrencePattern: "", QuerySet: [query], ...(options ? { Options: options } : {}) });
  expect(job.status).toBe(200);
  return job.body.JobId;
}

async function until(em: Em, jobId: string, state: number): Promise<{ statecode: number; statuscode: number }> {
  for (let i = 0; i < 1000; i++) {
    const status = (await em.call("GET", `asyncoperations(${jobId})?$select=statecode,statuscode`)).body;
    if (status.statecode >= state) return status;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("job did not get there");
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
const contactsNamed = async (em: Em, prefix: string) => (await em.call("GET", `contacts?$select=lastname&$filter=${encodeURIComponent(`startswith(lastname,'${prefix}')`)}`)).body.value.length;

describe("BulkDelete in the emulator", () => {
  it("skipping the recycle bin is about twice as fast; only records created before the job started go", async () => {
    const em = await emulator({ costModel: cost });
    try {
      for (const name of [...names("r", 20), ...names("f", 20)]) await em.call("POST", "contacts", { lastname: name });
      let started = Date.now();
      const recoverable = await submit(em, byNames(names("r", 20)));
      // Created while the job runs (after it started): not part of it.
      await until(em, recoverable, 2);
      await em.call("POST", "contacts", { lastname: "r0" });
      expect((await until(em, recoverable, 3)).statuscode).toBe(30);
      const slow = Date.now() - started;
      expect(await contactsNamed(em, "r")).toBe(1);

      started = Date.now();
      const fast = await submit(em, byNames(names("f", 20)), { "@odata.type": "Microsoft.Dynamics.CRM.BulkDeleteOptions", CanRecoverDeletedRecords: false });
      await until(em, fast, 3);
      const quick = Date.now() - started;
      expect(await contactsNamed(em, "f")).toBe(0);
      // 200 ms pick-up, then 20 × 80 ms against 20 × 40 ms.
      expect(slow).toBeGreaterThan(1600);
      expect(quick).toBeLessThan(slow * 0.75);
    } finally {
      await em.close();
    }
  });

  it("runs delete plug-ins: a refused record is a BulkDeleteFailure, the others stay deleted; a modifiedon condition spares a later edit", async () => {
    const em = await emulator();
    try {
      const ids: string[] = [];
      for (const name of names("p", 4)) ids.push(idFrom(await em.call("POST", "contacts", { lastname: name })));
      const cutoff = new Date().toISOString();
      await new Promise((r) => setTimeout(r, 1100));
      expect((await em.call("PATCH", `contacts(${ids[3]})`, { firstname: "edited" })).status).toBe(204);
      await fetch(`${em.url}/_admin/plugins`, { method: "POST", body: JSON.stringify({ refuseDelete: [ids[0]] }) });
      const job = await submit(em, byNames(names("p", 4), [{ AttributeName: "modifiedon", Operator: "LessEqual", Values: [{ Value: cutoff, Type: "System.DateTime" }] }]));
      // A job with failures still completes: it does not roll back what it deleted.
      expect((await until(em, job, 3)).statuscode).toBe(30);
      const left = (await em.call("GET", "contacts?$select=contactid&$filter=startswith(lastname,'p')")).body.value.map((c: { contactid: string }) => c.contactid).sort();
      expect(left).toEqual([ids[0], ids[3]].sort());
      const failures = (await em.call("GET", `bulkdeletefailures?$select=_regardingobjectid_value,errornumber,errordescription&$filter=_asyncoperationid_value eq ${job}`)).body.value;
      expect(failures).toEqual([expect.objectContaining({ _regardingobjectid_value: ids[0], errornumber: -2147220891, errordescription: expect.stringContaining("plug-in") })]);
      const operation = (await em.call("GET", `bulkdeleteoperations?$select=successcount,failurecount&$filter=_asyncoperationid_value eq ${job}`)).body.value[0];
      expect(operation).toMatchObject({ successcount: 2, failurecount: 1 });
    } finally {
      await em.close();
    }
  });
});
