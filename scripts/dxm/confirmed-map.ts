import { readFile } from "node:fs/promises";
import { InvalidArgumentError } from "commander";
import { MapValidationError, confirmMap, parseMapDocument, proposeMapping } from "../../migration/mapping";
import { proposedDateOrder } from "../../migration/mapping/propose";
import type { ConfirmedMap, FileProposal, MapEdits, Proposal } from "../../migration/mapping/types";
import type { ExportSet, Inventory } from "../../migration/source/types";
import type { DateOrder } from "../../migration/time";
import type { DataverseClientApi } from "../../dataverse/types";
import { isValidTimeZone } from "../../migration/time";
import { learnedFromOrg } from "./learned";

/** The date orders chosen with `--date-order`: one for every file its values leave undecided, and per file. */
export interface DateOrderChoices {
  undecided?: DateOrder;
  files: Record<string, DateOrder>;
}

export interface MapOptions {
  /** A confirmed map file (exported by Migration Studio or `dxm propose`). */
  map?: string;
  /** Confirm the proposal as it is. */
  yes?: boolean;
  /** Practice time zone when confirming the proposal. */
  timeZone?: string;
  /** `--date-order DMY` and `--date-order FILE=DMY`, repeatable. */
  dateOrder?: DateOrderChoices;
}

/** A command line the admin must correct (exit code 2, nothing done). */
export class UsageError extends Error {}

/**
 * The practice's time zone for a map confirmed here. Dental-Exec writes local times with no zone, so the zone
 * is the admin's statement, never this machine's guess: a server in UTC would shift every appointment by hours.
 */
export function practiceTimeZone(given: string | undefined): string {
  if (!given) throw new UsageError("The export does not say the practice's time zone: pass --time-zone <IANA zone> (for example --time-zone America/Chicago). Nothing was done.");
  if (!isValidTimeZone(given)) throw new UsageError(`--time-zone ${given} is not an IANA time zone (for example America/Chicago, Europe/London). Nothing was done.`);
  return given;
}

/** The `--date-order` option of the commands that confirm a map. */
export const DATE_ORDER_OPTION = ["--date-order <[file=]order>", "how a file writes its dates when its values do not decide it: DMY (DD/MM/YYYY) or MDY (MM/DD/YYYY); FILE=DMY for one file, DMY alone for every undecided file (repeatable)"] as const;

/** Parses one `--date-order` value into the choices so far. */
export function collectDateOrder(value: string, previous: DateOrderChoices = { files: {} }): DateOrderChoices {
  const m = /^(?:(.+)=)?(DMY|MDY)$/i.exec(value.trim());
  if (!m) throw new InvalidArgumentError("use DMY or MDY, or FILE=DMY for one file (e.g. --date-order patients.csv=DMY).");
  const order = m[2].toUpperCase() as DateOrder;
  return m[1] ? { ...previous, files: { ...previous.files, [m[1]]: order } } : { ...previous, undecided: order };
}

/** The choices as map edits: the named files, and every file the reader could not decide when one order is given for all. */
export function dateOrderEdits(choices: DateOrderChoices | undefined, inventory: Inventory): MapEdits {
  if (!choices) return {};
  const names = new Set(inventory.files.map((f) => f.name));
  const unknown = Object.keys(choices.files).filter((f) => !names.has(f));
  if (unknown.length > 0) throw new UsageError(`--date-order names ${unknown.join(", ")}, which the export folder does not hold (files: ${[...names].join(", ")})`);
  const files: NonNullable<MapEdits["files"]> = {};
  for (const f of inventory.files) {
    const order = choices.files[f.name] ?? (choices.undecided && f.readable && proposedDateOrder(f).dateOrder === null ? choices.undecided : undefined);
    if (order) files[f.name] = { dateOrder: order };
  }
  return { files };
}

/** A file's date order in words, for the proposal as printed: the order found with its evidence, or the choice it needs. */
export function describeDateOrder(f: Pick<FileProposal, "dateOrder" | "dateOrderEvidence">): string {
  if (f.dateOrder === null) return `dates: NEEDS YOUR CHOICE, DMY (DD/MM/YYYY) or MDY (MM/DD/YYYY): ${f.dateOrderEvidence}`;
  return `dates: ${f.dateOrder} (${f.dateOrderEvidence})`;
}

/** How an admin decides an undecided date order from the command line. */
export const DATE_ORDER_HINT =
  "Choose how the export writes its dates: --date-order DMY (day first) or --date-order MDY (month first) for every file its values leave undecided, or --date-order FILE=DMY for one file; or set \"dateOrder\": \"DMY\" (or \"MDY\") for the file in the map file. See docs/run-a-migration.md.";

/**
 * The confirmed map a command works with: the file given, or the proposal confirmed as it is with `--yes`.
 * Without either, the proposal for the admin to review (nothing may move before a map is confirmed).
 */
async function confirmedMap(options: MapOptions, exports: ExportSet, client: DataverseClientApi): Promise<{ map: ConfirmedMap } | { proposal: Proposal }> {
  const me = () => client.whoAmI();
  const meta = (userId: string, zoneInDocument?: string) => ({ confirmedBy: `dxm:${userId}`, timeZone: practiceTimeZone(options.timeZone ?? zoneInDocument) });
  const edits = dateOrderEdits(options.dateOrder, exports.inventory);
  if (options.map) {
    const text = await readFile(options.map, "utf8");
    const { UserId } = await me();
    return { map: parseMapDocument(text, (zone) => meta(UserId, zone), edits) };
  }
  // The proposal follows what admins confirmed before in this org (read from its runs, nowhere else).
  const proposal = proposeMapping(exports.inventory, { learned: await learnedFromOrg(client) });
  if (!options.yes) return { proposal };
  return { map: confirmMap(proposal, edits, meta((await me()).UserId)) };
}

/**
 * The confirmed map, or, without `--map` or `--yes`, the proposal printed for review with `refusal` on
 * stderr and exit code 2 (undefined: the command stops there).
 */
export async function confirmedMapOrProposal(options: MapOptions, exports: ExportSet, client: DataverseClientApi, refusal: string): Promise<ConfirmedMap | undefined> {
  let confirmed: Awaited<ReturnType<typeof confirmedMap>>;
  try {
    confirmed = await confirmedMap(options, exports, client);
  } catch (error) {
    // An undecided date order is the admin's choice to make, not a failure: say which files and how.
    if (!(error instanceof MapValidationError) || !error.problems.some((p) => p.code === "date-order")) throw error;
    process.stderr.write(`${error.problems.map((p) => `BLOCKING ${p.message}`).join("\n")}\nNothing done: ${DATE_ORDER_HINT}\n`);
    process.exitCode = 2;
    return undefined;
  }
  if ("map" in confirmed) return confirmed.map;
  process.stdout.write(describeProposal(confirmed.proposal));
  process.stderr.write(`${refusal}\n`);
  process.exitCode = 2;
  return undefined;
}

/** Where a column's proposal came from when an admin of this org chose it before. */
export const learnedWords = (learned: NonNullable<FileProposal["columns"][number]["learned"]>): string => `confirmed by an admin on ${learned.confirmedAt.slice(0, 10)}`;

/** The proposal in words: files, objects and where each column lands, with confidence. No cell values. */
export function describeProposal(proposal: Proposal): string {
  const lines: string[] = [];
  for (const f of proposal.files) {
    lines.push(`${f.file} → ${f.object ?? "(not migrated)"} (${Math.round(f.confidence * 100)}%)`);
    if (f.object) lines.push(`    ${describeDateOrder(f)}`);
    for (const c of f.columns) {
      const learned = c.learned ? `  (${learnedWords(c.learned)})` : "";
      lines.push(`    ${c.source.padEnd(30)} → ${c.target ?? "(not migrated)"} ${Math.round(c.confidence * 100)}%${learned}${c.flags?.length ? `  [${c.flags.join("; ")}]` : ""}`);
    }
  }
  for (const w of proposal.warnings) lines.push(`warning: ${w}`);
  return `${lines.join("\n")}\n`;
}
