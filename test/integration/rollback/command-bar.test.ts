/**
 * The Rollback command of the Migration Run form: xrm-mock stands in for the form and Xrm's dialogs,
 * the emulator for the data.
 */
import { XrmMockGenerator } from "xrm-mock";
import { isFinishEnabled, isRollbackEnabled, runFinishCommand, runRollbackCommand } from "../../../webresources/rollback/command";
import { readLedger, readRunRecord, runStatusValue } from "../../../migration/ledger";
import { comparable, seedExisting, startOrg, writeRun, type Org } from "./ledger-fixture";

function formFor(runId: string, status: Parameters<typeof runStatusValue>[0]) {
  XrmMockGenerator.initialise({ entity: { entityName: "dxm_migrationrun", id: `{${runId.toUpperCase()}}` } });
  XrmMockGenerator.Attribute.createOptionSet("dxm_status", runStatusValue(status));
  const formContext = XrmMockGenerator.getFormContext() as unknown as Xrm.FormContext;
  const refresh = jest.fn(() => Promise.resolve());
  (formContext.data as unknown as { refresh: typeof refresh }).refresh = refresh;
  return { formContext, refresh, xrm: (globalThis as unknown as { Xrm: Xrm.XrmStatic }).Xrm };
}

function dialogs(xrm: Xrm.XrmStatic, answers: boolean[]) {
  const confirms: string[] = [];
  const alerts: string[] = [];
  const progress: string[] = [];
  jest.spyOn(xrm.Navigation, "openConfirmDialog").mockImplementation((strings) => {
    confirms.push(strings.text);
    return Promise.resolve({ confirmed: answers.shift() ?? false }) as unknown as Xrm.Async.PromiseLike<Xrm.Navigation.ConfirmResult>;
  });
  jest.spyOn(xrm.Navigation, "openAlertDialog").mockImplementation((strings) => {
    alerts.push(strings.text);
    return Promise.resolve() as unknown as Xrm.Async.PromiseLike<unknown>;
  });
  const error = jest.spyOn(xrm.Navigation, "openErrorDialog").mockImplementation(() => Promise.resolve() as unknown as Xrm.Async.PromiseLike<unknown>);
  jest.spyOn(xrm.Utility, "showProgressIndicator").mockImplementation((message: string) => { progress.push(message); });
  jest.spyOn(xrm.Utility, "closeProgressIndicator").mockImplementation(() => undefined);
  return { confirms, alerts, progress, error };
}

describe("the Rollback command", () => {
  let org: Org;
  beforeEach(async () => {
    org = await startOrg();
  });
  afterEach(() => org.close());

  it("is enabled only when the run's status allows a rollback", () => {
    const id = "7f1c4a52-0000-4000-8000-000000000001";
    expect(isRollbackEnabled(formFor(id, "Completed").formContext)).toBe(true);
    expect(isRollbackEnabled(formFor(id, "Rollback incomplete").formContext)).toBe(true);
    expect(isRollbackEnabled(formFor(id, "Running").formContext)).toBe(false);
    expect(isRollbackEnabled(formFor(id, "Rolled back").formContext)).toBe(false);
    expect(isRollbackEnabled(formFor(id, "Map confirmed").formContext)).toBe(false);
  });

  it("confirms what it will delete and restore, shows progress, rolls back and refreshes the form", async () => {
    const existing = await seedExisting(org.client);
    const before = comparable(await org.dump());
    const { runId } = await writeRun(org.client, existing);
    const { formContext, refresh, xrm } = formFor(runId, "Completed");
    const seen = dialogs(xrm, [true]);

    const result = await runRollbackCommand(formContext, { xrm, client: org.client });

    expect(seen.confirms[0]).toContain("contact: delete 3, restore 1");
    expect(seen.confirms[0]).toContain("dxm_treatmenthistory: delete 2");
    expect(seen.progress.some((m) => /Deleting created records \(\w+\): \d+ of \d+/.test(m))).toBe(true);
    expect(result?.complete).toBe(true);
    expect(seen.alerts[0]).toMatch(/^Rolled back: 8 record\(s\) deleted, 1 restored/);
    expect(refresh).toHaveBeenCalled();
    expect(seen.error).not.toHaveBeenCalled();
    expect(comparable(await org.dump())).toEqual(before);
  });

  it("changes nothing when the admin cancels", async () => {
    const existing = await seedExisting(org.client);
    const { runId } = await writeRun(org.client, existing);
    const during = comparable(await org.dump());
    const { formContext, xrm } = formFor(runId, "Completed");
    dialogs(xrm, [false]);
    expect(await runRollbackCommand(formContext, { xrm, client: org.client })).toBeUndefined();
    expect(comparable(await org.dump())).toEqual(during);
  });

  it("offers to force records edited after the run, and shows errors instead of throwing", async () => {
    const existing = await seedExisting(org.client);
    const { runId, created } = await writeRun(org.client, existing);
    const edited = created.find((c) => c.table === "contact")!;
    await new Promise((r) => setTimeout(r, 1100));
    await org.client.update("contacts", edited.id, { jobtitle: "Edited later" });
    const { formContext, xrm } = formFor(runId, "Completed");
    const seen = dialogs(xrm, [true, true]);
    const result = await runRollbackCommand(formContext, { xrm, client: org.client });
    expect(seen.confirms[1]).toMatch(/1 record\(s\) were edited after the run/);
    expect(seen.confirms[1]).toContain("patient:2");
    expect(result?.complete).toBe(true);

    const missing = formFor("7f1c4a52-0000-4000-8000-00000000dead", "Completed");
    const failed = dialogs(missing.xrm, [true]);
    expect(await runRollbackCommand(missing.formContext, { xrm: missing.xrm, client: org.client })).toBeUndefined();
    expect(failed.error).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringMatching(/was not found/) }));
  });

  it("Finish run is enabled on a completed run only; it confirms, finishes the run, purges its before-images, and a rollback is refused after it", async () => {
    const id = "7f1c4a52-0000-4000-8000-000000000001";
    expect(isFinishEnabled(formFor(id, "Completed").formContext)).toBe(true);
    expect(isFinishEnabled(formFor(id, "Completed with errors").formContext)).toBe(true);
    expect(isFinishEnabled(formFor(id, "Running").formContext)).toBe(false);
    expect(isFinishEnabled(formFor(id, "Rolled back").formContext)).toBe(false);
    expect(isFinishEnabled(formFor(id, "Finished").formContext)).toBe(false);
    expect(isRollbackEnabled(formFor(id, "Finished").formContext)).toBe(false);

    const existing = await seedExisting(org.client);
    const { runId } = await writeRun(org.client, existing);
    expect((await readLedger(org.client, runId)).some((b) => Object.keys(b.beforeImages).length > 0)).toBe(true);

    // Cancelled: nothing changes.
    const cancelled = formFor(runId, "Completed");
    const no = dialogs(cancelled.xrm, [false]);
    expect(await runFinishCommand(cancelled.formContext, { xrm: cancelled.xrm, client: org.client })).toBeUndefined();
    expect(no.confirms[0]).toMatch(/can no longer be rolled back/);
    expect((await readRunRecord(org.client, runId))?.status).toBe("Completed");

    const { formContext, refresh, xrm } = formFor(runId, "Completed");
    const seen = dialogs(xrm, [true]);
    const result = await runFinishCommand(formContext, { xrm, client: org.client });
    expect(result).toEqual({ runId, purged: 1 });
    expect(seen.alerts[0]).toMatch(/^Finished: before-images purged from 1 ledger row\(s\)/);
    expect(refresh).toHaveBeenCalled();
    expect(seen.error).not.toHaveBeenCalled();
    expect((await readRunRecord(org.client, runId))?.status).toBe("Finished");
    expect((await readLedger(org.client, runId)).filter((b) => Object.keys(b.beforeImages).length > 0)).toEqual([]);

    const after = formFor(runId, "Finished");
    const refused = dialogs(after.xrm, [true]);
    const during = comparable(await org.dump());
    expect(await runRollbackCommand(after.formContext, { xrm: after.xrm, client: org.client })).toBeUndefined();
    expect(refused.alerts[0]).toMatch(/The run was finished: its rollback window is closed/);
    expect(comparable(await org.dump())).toEqual(during);
  });
});
