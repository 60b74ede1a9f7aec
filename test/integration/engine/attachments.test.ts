import type { RunningEmulator } from "../../../emulator";
import { loadStage } from "../../../migration/load/load-stage";
import { LedgerWriter } from "../../../migration/ledger/writer";
import { readLedger } from "../../../migration/ledger/codec";
import { createRunRecord } from "../../../migration/ledger/run-record";
import type { PlannedRecord, PlanStage } from "../../../migration/plan/types";
import type { SourceFile } from "../../../migration/source/types";
import { clientFor, emulator } from "./harness";

jest.setTimeout(60_000);

function bytes(size: number, seed: number): Uint8Array {
  return Uint8Array.from({ length: size }, (_, i) => (i * 7 + seed) % 251);
}

function fileOf(name: string, data: Uint8Array): SourceFile {
  return { name, size: data.length, slice: (start, end) => ({ arrayBuffer: async () => data.slice(start, end).buffer }) };
}

function note(n: number, file: string, size: number): PlannedRecord {
  return {
    object: "clinicalNote", table: "annotation", entitySet: "annotations", sourceKey: `note:${n}`, file: "clinical_notes.csv", line: n + 1,
    payload: { subject: `Note ${n}`, notetext: "x" }, contentHash: `h${n}`, attachment: { file, size, mimeType: "application/pdf" },
  };
}

describe("note attachments", () => {
  let emu: RunningEmulator;
  beforeAll(async () => (emu = await emulator({ bulk: true })));
  afterAll(async () => emu?.close());

  it("sends small files inline and files above 4 MB through the block upload messages, bytes intact", async () => {
    const client = await clientFor(emu);
    const small = bytes(300_000, 1);
    const large = bytes(4 * 1024 * 1024 + 123_457, 2);
    const files = new Map([["attachments/small.pdf", fileOf("attachments/small.pdf", small)], ["attachments/large.pdf", fileOf("attachments/large.pdf", large)]]);
    const records = [note(1, "attachments/small.pdf", small.length), note(2, "attachments/large.pdf", large.length)];
    const stage: PlanStage = { object: "clinicalNote", table: "annotation", entitySet: "annotations", operation: "create", count: 2, records: async function* () { yield* records; } };
    const runId = await createRunRecord(client, { name: "attachments", mode: "full", map: { version: 1, confirmedAt: new Date().toISOString(), confirmedBy: "t", timeZone: "UTC", files: [] } });
    const ledger = new LedgerWriter(client, runId, 1);
    const before = client.counters.requests;
    const result = await loadStage(client, stage, {
      runId, organizationId: "00000000-0000-0000-0000-0000000000cc", metadata: new Map(), runLedger: new Map(), lineage: new Map(), tablesWithForeignRecords: new Set(), resuming: false,
      attachments: { file: (name) => files.get(name) },
    }, ledger);
    await ledger.flush();
    expect(result.failures).toEqual([]);
    expect(result.progress.created).toBe(2);
    // Bulk support asked once, the look-up of the notes' derived ids, the inline note, Initialize + 2 UploadBlock
    // + Commit for the large one, the ledger row.
    expect(client.counters.requests - before).toBe(8);

    const notes = await client.retrieveAll<{ subject: string; filename: string; documentbody: string }>("annotations", { select: ["subject", "filename", "documentbody"] });
    const bySubject = new Map(notes.map((n) => [n.subject, n]));
    expect(Buffer.from(bySubject.get("Note 1")!.documentbody, "base64").equals(Buffer.from(small))).toBe(true);
    expect(bySubject.get("Note 2")!.filename).toBe("large.pdf");
    expect(Buffer.from(bySubject.get("Note 2")!.documentbody, "base64").equals(Buffer.from(large))).toBe(true);
    const ledgered = (await readLedger(client, runId)).flatMap((b) => b.records.map((r) => r[1]));
    expect(ledgered.sort()).toEqual(["note:1", "note:2"]);
  });
});
