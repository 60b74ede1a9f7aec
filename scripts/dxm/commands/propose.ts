import type { Command } from "commander";
import { findRelationships, proposeMapping } from "../../../migration/mapping";
import { proposedChoice } from "../../../migration/mapping/confirm";
import type { LearnedChoice, Proposal, ProposedChoice } from "../../../migration/mapping/types";
import { readExports } from "../../../migration/source";
import { describeDateOrder } from "../confirmed-map";
import { connect } from "../connect";
import { learnedFromOrg } from "../learned";
import { nodeFiles } from "../node-files";
import { practiceTimeZone } from "../confirmed-map";

/**
 * The `--json` document: `{ files: [{ file, object, confidence, evidence, columns: [{ source, target, confidence, evidence, ... }], dateOrder, dateOrderEvidence }] }`.
 * `dateOrder` is null where the admin must choose: set it to "DMY" or "MDY" before `dxm migrate --map`.
 */
export interface ProposalJson {
  files: {
    file: string;
    object: string | null;
    confidence: number;
    evidence: string;
    columns: {
      source: string; target: string | null; confidence: number; evidence: string; field: string | null;
      valueMap?: Record<string, number | boolean>; custom?: Proposal["files"][number]["columns"][number]["custom"]; flags?: string[];
      /** What dxm proposed (edit target and field, not this): the confirmed map keeps it, so the org learns your corrections. */
      proposed: ProposedChoice;
    }[];
    dateOrder: Proposal["files"][number]["dateOrder"];
    dateOrderEvidence: string;
  }[];
  relationships: Proposal["relationships"];
  warnings: string[];
  /** The practice's time zone, when given with --time-zone: `dxm migrate --map` then confirms the map in it. */
  timeZone?: string;
}

/** The proposal in the documented JSON shape (the contract keys first; field, value map, custom column and flags added). */
export function proposalJson(proposal: Proposal): ProposalJson {
  return {
    files: proposal.files.map((f) => ({
      file: f.file,
      object: f.object,
      confidence: f.confidence,
      evidence: f.evidence,
      columns: f.columns.map((c) => ({
        source: c.source, target: c.target, confidence: c.confidence, evidence: c.evidence, field: c.field,
        ...(c.valueMap ? { valueMap: c.valueMap } : {}),
        // A proposed custom column's definition: `dxm migrate --map` confirms the document as it stands.
        ...(c.custom ? { custom: c.custom } : {}),
        ...(c.flags ? { flags: c.flags } : {}),
        proposed: proposedChoice(c, c.learned),
      })),
      // null: the admin chooses "DMY" or "MDY" here (or with `dxm migrate --date-order`) before migrating.
      dateOrder: f.dateOrder,
      dateOrderEvidence: f.dateOrderEvidence,
    })),
    relationships: proposal.relationships,
    warnings: proposal.warnings,
  };
}

const cut = (text: string, width: number): string => (text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width));

/** A readable table per file: source column, target, confidence, evidence (cut to the terminal's width). */
export function proposalTable(proposal: Proposal, width = 160): string {
  const out: string[] = [];
  for (const f of proposal.files) {
    out.push(`${f.file} → ${f.object ?? "unknown object"} (${f.confidence.toFixed(2)})`);
    out.push(`  ${f.evidence}`);
    if (f.object) out.push(`  ${describeDateOrder(f)}`);
    const sourceWidth = Math.min(28, Math.max(6, ...f.columns.map((c) => c.source.length)));
    const targetOf = (c: Proposal["files"][number]["columns"][number]): string => c.target ?? (c.field ? `(field ${c.field}, no column of its own)` : "(do not migrate)");
    const targetWidth = Math.min(48, Math.max(6, ...f.columns.map((c) => targetOf(c).length)));
    const evidenceWidth = Math.max(20, width - sourceWidth - targetWidth - 14);
    for (const c of f.columns) {
      const flags = c.flags?.length ? ` [${c.flags.join("; ")}]` : "";
      out.push(`  ${cut(c.source, sourceWidth)}  ${cut(targetOf(c), targetWidth)}  ${c.confidence.toFixed(2)}  ${cut(c.evidence + flags, evidenceWidth).trimEnd()}`);
    }
    out.push("");
  }
  if (proposal.relationships.length > 0) {
    out.push("relationships (value containment):");
    for (const r of proposal.relationships) out.push(`  ${r.from.file} '${r.from.column}' → ${r.to.file} '${r.to.column}' (${(r.containment * 100).toFixed(1)}%)`);
    out.push("");
  }
  if (proposal.warnings.length > 0) {
    out.push("warnings:");
    for (const w of proposal.warnings) out.push(`  ${w}`);
  }
  return `${out.join("\n")}\n`;
}

/**
 * Reads the exports in `dir`, finds relationships by value containment, and proposes the map, following the
 * choices admins confirmed before in the org they were read from (`learned`), if any.
 */
export async function proposeFromFolder(dir: string, options: { relationships?: boolean; learned?: readonly LearnedChoice[] } = {}): Promise<Proposal> {
  const exportSet = await readExports(await nodeFiles(dir));
  const relationships = options.relationships === false ? [] : await findRelationships(exportSet);
  return proposeMapping(exportSet.inventory, { relationships, learned: options.learned });
}

export function register(program: Command): void {
  program
    .command("propose")
    .description("Propose the map of a folder of Dental-Exec exports: the object of each file and the target of each column, with confidence and evidence. Nothing leaves the machine; with --target, what admins confirmed before in that org is read from it (nothing is written).")
    .argument("<dir>", "folder that holds the Dental-Exec CSV exports")
    .option("--json", "print the proposal as JSON")
    .option("--no-relationships", "skip value containment across files (faster; id columns are then matched by header and values only)")
    .option("--time-zone <iana>", "with --json: the practice's time zone, written into the document so `dxm migrate --map` confirms it in that zone")
    .option("--target <url>", "org URL (or emulator URL) whose admins' earlier confirmed choices the proposal follows (read from its runs; nothing is written)")
    .action(async (dir: string, opts: { json?: boolean; relationships: boolean; timeZone?: string; target?: string }) => {
      const timeZone = opts.timeZone === undefined ? undefined : practiceTimeZone(opts.timeZone);
      const learned = opts.target ? await learnedFromOrg(await connect(opts.target)) : undefined;
      const proposal = await proposeFromFolder(dir, { relationships: opts.relationships, learned });
      if (opts.target) {
        const taken = proposal.files.reduce((n, f) => n + f.columns.filter((c) => c.learned).length, 0);
        process.stderr.write(`${new URL(opts.target).origin}: ${learned?.length ?? 0} choice(s) its admins confirmed before; ${taken} column(s) here take one\n`);
      }
      process.stdout.write(opts.json ? `${JSON.stringify({ ...proposalJson(proposal), ...(timeZone ? { timeZone } : {}) }, null, 2)}\n` : proposalTable(proposal, process.stdout.columns || 160));
    });
}
