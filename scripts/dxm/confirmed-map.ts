import { readFile } from "node:fs/promises";
import { confirmMap, parseMapDocument, proposeMapping } from "../../migration/mapping";
import type { ConfirmedMap, Proposal } from "../../migration/mapping/types";
import type { ExportSet } from "../../migration/source/types";
import type { DataverseClientApi } from "../../dataverse/types";
import { isValidTimeZone } from "../../migration/time";

export interface MapOptions {
  /** A confirmed map file (exported by Migration Studio or `dxm propose`). */
  map?: string;
  /** Confirm the proposal as it is. */
  yes?: boolean;
  /** Practice time zone when confirming the proposal. */
  timeZone?: string;
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

/**
 * The confirmed map a command works with: the file given, or the proposal confirmed as it is with `--yes`.
 * Without either, the proposal for the admin to review (nothing may move before a map is confirmed).
 */
async function confirmedMap(options: MapOptions, exports: ExportSet, client: DataverseClientApi): Promise<{ map: ConfirmedMap } | { proposal: Proposal }> {
  const me = () => client.whoAmI();
  const meta = (userId: string, zoneInDocument?: string) => ({ confirmedBy: `dxm:${userId}`, timeZone: practiceTimeZone(options.timeZone ?? zoneInDocument) });
  if (options.map) {
    const text = await readFile(options.map, "utf8");
    const { UserId } = await me();
    return { map: parseMapDocument(text, (zone) => meta(UserId, zone)) };
  }
  const proposal = proposeMapping(exports.inventory);
  if (!options.yes) return { proposal };
  return { map: confirmMap(proposal, {}, meta((await me()).UserId)) };
}

/**
 * The confirmed map, or, without `--map` or `--yes`, the proposal printed for review with `refusal` on
 * stderr and exit code 2 (undefined: the command stops there).
 */
export async function confirmedMapOrProposal(options: MapOptions, exports: ExportSet, client: DataverseClientApi, refusal: string): Promise<ConfirmedMap | undefined> {
  const confirmed = await confirmedMap(options, exports, client);
  if ("map" in confirmed) return confirmed.map;
  process.stdout.write(describeProposal(confirmed.proposal));
  process.stderr.write(`${refusal}\n`);
  process.exitCode = 2;
  return undefined;
}

/** The proposal in words: files, objects and where each column lands, with confidence. No cell values. */
export function describeProposal(proposal: Proposal): string {
  const lines: string[] = [];
  for (const f of proposal.files) {
    lines.push(`${f.file} → ${f.object ?? "(not migrated)"} (${Math.round(f.confidence * 100)}%)`);
    for (const c of f.columns) lines.push(`    ${c.source.padEnd(30)} → ${c.target ?? "(not migrated)"} ${Math.round(c.confidence * 100)}%${c.flags?.length ? `  [${c.flags.join("; ")}]` : ""}`);
  }
  for (const w of proposal.warnings) lines.push(`warning: ${w}`);
  return `${lines.join("\n")}\n`;
}
