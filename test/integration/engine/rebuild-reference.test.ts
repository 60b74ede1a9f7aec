import { migrate } from "../../../migration/run/migrate";
import { rollback } from "../../../migration/rollback";
import { updateRunRecord } from "../../../migration/ledger";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "./harness";
import type { RunningEmulator } from "../../../emulator";
import type { DataverseClientApi, Entity } from "../../../dataverse/types";

jest.setTimeout(120_000);

describe("the rebuild-reference document", () => {
  let emu: RunningEmulator;
  let client: DataverseClientApi;
  let exports: Exports;
  beforeAll(async () => {
    exports = await exportsOf(8);
    emu = await emulator({ bulk: true });
    client = await clientFor(emu);
  });
  afterAll(async () => {
    await emu.close();
    exports.cleanup();
  });

  const notesOn = (runId: string) => client.retrieveAll<Entity>("annotations", { select: ["annotationid", "filename", "mimetype", "documentbody", "objecttypecode"], filter: `_objectid_value eq ${runId}` });

  it("is attached to the run as a note, once even when the run is resumed, and leaves with the rollback", async () => {
    const input = { exports: exports.set, map: exports.map, mode: "full" as const, fallbackOwnerEmail: FALLBACK_OWNER, skipErroredRows: true };
    const { runId } = await migrate(input, client);
    const [note, ...others] = await notesOn(runId);
    expect(others).toEqual([]);
    expect(note).toMatchObject({ filename: "dental-exec-rebuild-reference.md", mimetype: "text/markdown", objecttypecode: "dxm_migrationrun" });
    const markdown = new TextDecoder().decode(Uint8Array.from(atob(String(note.documentbody)), (c) => c.charCodeAt(0)));
    expect(markdown).toMatch(/## Workflows/);
    expect(markdown).toMatch(/## Reminder sequences/);
    expect(markdown).toMatch(/## Billing rules/);

    await updateRunRecord(client, runId, { status: "Failed" }); // as a crashed run reads back
    await migrate({ ...input, runId }, client);
    expect(await notesOn(runId)).toHaveLength(1);

    const undone = await rollback(runId, client);
    expect(undone.complete).toBe(true);
    expect(await notesOn(runId)).toEqual([]);
  });
});
