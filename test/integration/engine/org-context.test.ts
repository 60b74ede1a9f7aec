import { defaultSeed, startEmulator, type RunningEmulator } from "../../../emulator";
import { connect } from "../../../scripts/dxm/connect";
import { fetchOrgContext } from "../../../migration/run/org-context";

describe("reading the org in one $batch", () => {
  let emu: RunningEmulator;
  afterEach(async () => emu?.close());

  it("learns per table and message which tables take the bulk messages, from one query per message", async () => {
    emu = await startEmulator({ port: 0, seed: defaultSeed, bulkTables: ["contact", "dxm_appointment"] });
    const client = await connect(emu.url);
    const before = emu.stats().requests;
    const org = await fetchOrgContext(client, { runId: "00000000-0000-0000-0000-0000000000aa", tables: ["contact", "annotation", "dxm_appointment"], probe: true });
    expect(emu.stats().requests - before).toBe(1);
    const all = { CreateMultiple: true, UpsertMultiple: true, UpdateMultiple: true };
    const none = { CreateMultiple: false, UpsertMultiple: false, UpdateMultiple: false };
    expect(Object.fromEntries(org.bulkSupport)).toEqual({ contact: all, annotation: none, dxm_appointment: all });
    expect(Object.keys(org.context.metadata).sort()).toEqual(["annotation", "contact", "dxm_appointment"]);
  });
});
