import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunningEmulator } from "../../../emulator";
import { readRunRecord } from "../../../migration/ledger";
import type { ProposalJson } from "../../../scripts/dxm/commands/propose";
import { dxm } from "./dxm-cli";
import { FALLBACK_OWNER, clientFor, emulator, exportsOf, type Exports } from "./harness";

jest.setTimeout(180_000);

type JsonColumn = ProposalJson["files"][number]["columns"][number];

const columnOf = (doc: ProposalJson, file: string, source: string): JsonColumn =>
  doc.files.find((f) => f.file === file)!.columns.find((c) => c.source === source)!;

/** `dxm propose --json` against an org: the document, and what it says on stderr about the org's earlier choices. */
async function proposeIn(emu: RunningEmulator, dir: string): Promise<{ doc: ProposalJson; stderr: string }> {
  const result = await dxm(["propose", dir, "--json", "--target", emu.url]);
  expect(result.code).toBe(0);
  return { doc: JSON.parse(result.stdout) as ProposalJson, stderr: result.stderr };
}

describe("the proposal learns from an admin's corrections, in their org only", () => {
  let exports: Exports;
  let orgA: RunningEmulator;
  let orgB: RunningEmulator;

  beforeAll(async () => {
    exports = await exportsOf(8);
    [orgA, orgB] = await Promise.all([emulator({ bulk: true }), emulator({ bulk: true })]);
  });
  afterAll(async () => {
    await Promise.all([orgA?.close(), orgB?.close()]);
    exports?.cleanup();
  });

  it("an admin's correction confirmed in a run against org A is org A's next proposal, with its evidence; org B proposes as before", async () => {
    // 1. The first proposal in org A: nothing learned yet.
    const first = await proposeIn(orgA, exports.dir);
    expect(first.stderr).toMatch(/: 0 choice\(s\) its admins confirmed before; 0 column\(s\) here take one/);
    expect(columnOf(first.doc, "patients.csv", "Home Phone")).toMatchObject({ field: "homePhone", target: "contact.telephone2" });
    expect(columnOf(first.doc, "patients.csv", "Cell Phone")).toMatchObject({ field: "cellPhone", target: "contact.mobilephone" });
    expect(columnOf(first.doc, "patients.csv", "Custom: Emergency Contact").target).toMatch(/^custom:contact\./);

    // 2. The admin corrects it (this practice's report writer swaps home and cell; the emergency contact stays
    //    behind) and migrates with the edited document as the confirmed map.
    const edit: Record<string, Partial<JsonColumn>> = {
      "Home Phone": { field: "cellPhone", target: "contact.mobilephone" },
      "Cell Phone": { field: "homePhone", target: "contact.telephone2" },
      "Custom: Emergency Contact": { field: null, target: null, custom: undefined },
    };
    const edited: ProposalJson = {
      ...first.doc,
      files: first.doc.files.map((f) => (f.file !== "patients.csv" ? f : { ...f, columns: f.columns.map((c) => ({ ...c, ...edit[c.source] })) })),
    };
    const mapFile = join(exports.dir, "map.json");
    writeFileSync(mapFile, JSON.stringify(edited));
    const migrated = await dxm([
      "migrate", exports.dir, "--target", orgA.url, "--map", mapFile, "--time-zone", "America/Chicago", "--date-order", "MDY",
      "--fallback-owner", FALLBACK_OWNER, "--skip-errored",
    ]);
    expect({ code: migrated.code, status: migrated.stderr.match(/status: .*/)?.[0] }).toEqual({ code: 0, status: expect.stringMatching(/^status: Completed/) });
    const run = await readRunRecord(await clientFor(orgA), migrated.stdout.trim());
    const stored = run!.map!.files.find((f) => f.file === "patients.csv")!.columns;
    // The run row's map says what was proposed and what the admin chose: a correction is known as one.
    expect(stored.find((c) => c.source === "Home Phone")).toMatchObject({ field: "cellPhone", proposed: { field: "homePhone", target: "contact.telephone2" } });
    const confirmedOn = run!.map!.confirmedAt.slice(0, 10);

    // 3. The next proposal in org A takes the admin's choices, saying so.
    const next = await proposeIn(orgA, exports.dir);
    expect(next.stderr).toMatch(/: 3 choice\(s\) its admins confirmed before; 3 column\(s\) here take one/);
    for (const [source, choice] of Object.entries(edit)) {
      const column = columnOf(next.doc, "patients.csv", source);
      expect(column).toMatchObject({ field: choice.field, target: choice.target });
      expect(column.confidence).toBeGreaterThanOrEqual(0.95);
      expect(column.evidence).toMatch(new RegExp(`^confirmed by an admin on ${confirmedOn} \\(proposed then: `));
    }
    // Columns the admin left as proposed are proposed on their own evidence, as before.
    expect(columnOf(next.doc, "patients.csv", "Work Phone")).toEqual(columnOf(first.doc, "patients.csv", "Work Phone"));
    // dxm migrate without --map or --yes shows the same proposal for review, naming the earlier confirmation.
    const review = await dxm(["migrate", exports.dir, "--target", orgA.url]);
    expect(review.code).toBe(2);
    expect(review.stdout).toMatch(new RegExp(`Home Phone\\s+→ contact\\.mobilephone 97%  \\(confirmed by an admin on ${confirmedOn}\\)`));

    // 4. Org B never saw the correction: its proposal is the engine's own.
    const other = await proposeIn(orgB, exports.dir);
    expect(other.stderr).toMatch(/: 0 choice\(s\) its admins confirmed before; 0 column\(s\) here take one/);
    expect(other.doc.files).toEqual(first.doc.files);
  });
});
