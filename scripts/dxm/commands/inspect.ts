import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { objectSpec, objectSpecs } from "../../../migration/model";
import type { ObjectKind } from "../../../migration/model/types";
import { compareControlTotals, readExports } from "../../../migration/source";
import type { ColumnProfile, ControlTotal, ExpectedTotals, Inventory, SourceProblem } from "../../../migration/source/types";
import { nodeFiles } from "../node-files";

/** Types whose most frequent values are codes, not patient data: their top values may be shown. */
const CODE_TYPES = new Set(["status", "yn", "gender", "state", "cdt", "tooth", "surface", "percent"]);
/** Objects whose rows describe a person: none of their columns' values is shown, whatever they look like. */
const PERSON_OBJECTS = new Set<ObjectKind>(["patient", "provider"]);

/**
 * Whether a column's most frequent values may be shown: only a column the reference layout names as a code
 * (appointment status, CDT code, claim status…) in a file that does not describe people, and whose values
 * read as such codes. What values look like is not enough: a small practice's cities, last names and middle
 * initials read as a status or a tooth, and they are patient data.
 */
function holdsCodes(p: ColumnProfile, object: ObjectKind | null): boolean {
  if (!object || PERSON_OBJECTS.has(object)) return false;
  const field = objectSpec(object).fields.find((f) => f.header.toLowerCase() === p.name.trim().toLowerCase());
  return field !== undefined && CODE_TYPES.has(field.type) && CODE_TYPES.has(p.types[0]?.type ?? "");
}

/**
 * A profile without patient data: examples and min/max are dropped, and top values too except for the
 * code columns of files that do not describe people. Only counts, shares and formats remain.
 */
export function shareableProfile(p: ColumnProfile, object: ObjectKind | null): Omit<ColumnProfile, "examples" | "min" | "max"> & { examples?: never } {
  const { examples: _examples, min: _min, max: _max, topValues, ...facts } = p;
  return { ...facts, topValues: holdsCodes(p, object) ? topValues : [] };
}

function parseExpected(value: string, previous: ExpectedTotals = {}): ExpectedTotals {
  const kinds = new Set<string>(objectSpecs.map((s) => s.kind));
  const out: ExpectedTotals = { ...previous };
  for (const part of value.split(",").filter(Boolean)) {
    const [kind, count] = part.split("=");
    if (!kinds.has(kind) || !/^\d+$/.test(count ?? "")) throw new InvalidArgumentError(`use object=count, e.g. patient=1200 (objects: ${[...kinds].join(", ")}).`);
    out[kind as ObjectKind] = Number(count);
  }
  return out;
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;
const kb = (bytes: number): string => (bytes >= 1048576 ? `${(bytes / 1048576).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
const delimiterName = (d: string): string => ({ ",": "comma", "\t": "tab", ";": "semicolon", "|": "pipe" })[d] ?? JSON.stringify(d);
const problemLine = (p: SourceProblem): string => `    ${p.severity === "error" ? "ERROR" : "warn "} ${p.code}: ${p.message}`;

function printInventory(inventory: Inventory, totals: ControlTotal[]): string {
  const out: string[] = [];
  for (const f of inventory.files) {
    out.push(`${f.name}  ${kb(f.size)}  ${f.readable ? `${f.encoding}, ${delimiterName(f.delimiter)}, ${f.rows.toLocaleString("en-US")} rows${f.refusedRows ? ` (${f.refusedRows.toLocaleString("en-US")} refused: see the errors below)` : ""}, object: ${f.object ?? "unknown"}` : "NOT READABLE"}`);
    for (const p of f.profiles) {
      const types = p.types.slice(0, 3).map((t) => `${t.type} ${pct(t.share)}${t.detail && t.detail !== t.type ? ` (${t.detail})` : ""}`).join(", ");
      out.push(`    ${p.name.padEnd(30)} ${types || "-"} | empty ${pct(p.nullRate)} | distinct ${p.distinctEstimated ? "~" : ""}${p.distinct.toLocaleString("en-US")}${p.unique ? " unique" : ""} | length ${p.minLength}-${p.maxLength}`);
    }
    if (f.dateOrder) out.push(`    dates: ${f.dateOrder.order ?? (f.dateOrder.ambiguous || f.dateOrder.conflict ? "UNDECIDED (dxm propose asks)" : "nothing to decide")}; ${f.dateOrder.evidence}`);
    for (const p of f.problems) out.push(problemLine(p));
  }
  const attachmentBytes = inventory.attachments.reduce((n, a) => n + a.size, 0);
  const other = inventory.other ?? [];
  const notRead = other.length > 6 ? `${other.slice(0, 5).map((o) => o.name).join(", ")} and ${other.length - 5} more` : other.map((o) => o.name).join(", ");
  out.push(`attachments: ${inventory.attachments.length} files, ${kb(attachmentBytes)}${other.length ? `; not read: ${notRead}` : ""}`);
  for (const p of inventory.problems) out.push(problemLine(p));
  if (totals.length) {
    out.push("control totals:");
    for (const t of totals) out.push(`    ${t.object.padEnd(16)} expected ${String(t.expected).padStart(9)}  found ${String(t.found).padStart(9)}  ${t.matches ? "match" : `GAP ${t.found - t.expected}`}`);
  }
  return `${out.join("\n")}\n`;
}

export function register(program: Command): void {
  program
    .command("inspect")
    .description("Read a folder of Dental-Exec exports: files, encodings, rows, the object each holds, column profiles and problems (no patient data is printed)")
    .argument("<dir>", "folder holding the exported CSV files (and attachments/)")
    .option("--json", "print the inventory as JSON (profiles without examples or values, but for the code columns of files that do not describe people)")
    .option("--expect <counts>", "control totals from Dental-Exec's reports, e.g. patient=1200,appointment=5400", parseExpected)
    .action(async (dir: string, opts: { json?: boolean; expect?: ExpectedTotals }) => {
      // Piped into `head`: stop quietly when the reader goes away.
      process.stdout.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "EPIPE") process.exit(0);
      });
      const files = await nodeFiles(dir);
      const tty = process.stderr.isTTY && !opts.json;
      const set = await readExports(files, {
        onProgress: tty ? (p) => process.stderr.write(`\r${p.file} ${Math.round((100 * p.bytesRead) / Math.max(1, p.bytesTotal))}%   `) : undefined,
      });
      if (tty) process.stderr.write("\r\x1b[K");
      const { inventory } = set;
      const totals = opts.expect ? compareControlTotals(inventory, opts.expect) : [];
      if (opts.json) {
        const shareable = { ...inventory, files: inventory.files.map((f) => ({ ...f, profiles: f.profiles.map((p) => shareableProfile(p, f.object)) })) };
        process.stdout.write(`${JSON.stringify({ inventory: shareable, controlTotals: totals }, null, 2)}\n`);
      } else {
        process.stdout.write(printInventory(inventory, totals));
      }
      const errors = [...inventory.problems, ...inventory.files.flatMap((f) => f.problems)].some((p) => p.severity === "error");
      if (errors || totals.some((t) => !t.matches)) process.exitCode = 1;
    });
}
