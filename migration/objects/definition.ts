/**
 * Workflow, reminder-sequence and billing-rule definitions → no records: one markdown document, the rebuild
 * reference, for the team that rebuilds them natively (Power Automate flows, sequences, business rules).
 * load/ attaches it to the run as a note. It also lists the treating providers with their credentials,
 * specialty and NPI and the Dynamics user each matched, since systemuser is not the migration's to write,
 * and calls out the patients with a drug-interaction alert.
 */
import type { MappedRow } from "./mapped-row";
import type { ProviderFacts } from "./provider";
import { parseYesNo } from "./values";

export interface DefinitionFacts {
  file: string;
  id: string;
  name: string;
  trigger: string;
  steps: string;
  active?: boolean;
}

export function definitionFacts(row: MappedRow): DefinitionFacts {
  return {
    file: row.file,
    id: row.get("definitionId"),
    name: row.get("name"),
    trigger: row.get("trigger"),
    steps: row.get("steps"),
    active: parseYesNo(row.get("active")),
  };
}

const sectionTitle = (file: string) => {
  const base = file.replace(/^.*\//, "").replace(/\.csv$/i, "").toLowerCase();
  if (base.startsWith("workflow")) return "Workflows";
  if (base.startsWith("reminder")) return "Reminder sequences";
  if (base.startsWith("billing")) return "Billing rules";
  return base.replace(/[_-]+/g, " ").replace(/^./, (c) => c.toUpperCase());
};

/** Markdown table cell: pipes escaped, line breaks kept as <br>. */
const cell = (s: string | undefined) => (s ?? "").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");

export function rebuildReference(
  definitions: DefinitionFacts[],
  providers: ProviderFacts[],
  generatedFor: string,
  drugInteractionFlags = 0,
): { fileName: string; markdown: string } {
  const lines: string[] = [
    "# Dental-Exec rebuild reference",
    "",
    `Run ${generatedFor}. Dental-Exec automations do not migrate as data: rebuild each one natively (Power Automate,`,
    "sequences, business rules) from the definitions below. Inactive definitions are listed for completeness.",
    "",
  ];
  const byFile = new Map<string, DefinitionFacts[]>();
  for (const d of definitions) byFile.set(d.file, [...(byFile.get(d.file) ?? []), d]);
  for (const [file, defs] of byFile) {
    lines.push(`## ${sectionTitle(file)} (${defs.length}, from ${file})`, "", "| Id | Name | Trigger | Steps | Active |", "|---|---|---|---|---|");
    for (const d of defs) lines.push(`| ${cell(d.id)} | ${cell(d.name)} | ${cell(d.trigger)} | ${cell(d.steps)} | ${d.active === undefined ? "" : d.active ? "Yes" : "No"} |`);
    lines.push("");
  }
  if (byFile.size === 0) lines.push("No workflow, reminder-sequence or billing-rule definitions were exported.", "");
  lines.push(
    `## Treating providers (${providers.length})`,
    "",
    "Providers are Dynamics users; their Dental-Exec credentials and specialty are kept here.",
    "",
    "| Provider id | Name | Credentials | Specialty | NPI | Dynamics user |",
    "|---|---|---|---|---|---|",
  );
  for (const p of providers) {
    const user = p.userId ? p.userId : p.unmatched === "disabled-user" ? "disabled user: unmatched" : "no user: unmatched";
    lines.push(`| ${cell(p.providerId)} | ${cell(p.name)} | ${cell(p.credentials)} | ${cell(p.specialty)} | ${cell(p.npi)} | ${user} |`);
  }
  lines.push(
    "",
    "## Drug-interaction alerts",
    "",
    `${drugInteractionFlags} patient(s) carry Dental-Exec's drug-interaction alert, kept as Drug Interaction Flag on the contact.`,
    "Dynamics 365 does no drug-interaction checking: agree with the clinical team how these patients are flagged in daily work",
    "(a view, a form notification or a business rule).",
    "",
  );
  return { fileName: "dental-exec-rebuild-reference.md", markdown: lines.join("\n") };
}
