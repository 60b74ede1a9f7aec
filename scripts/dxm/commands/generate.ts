import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { generateExports } from "../../generate";
import type { DateStyle } from "../../generate/formats";

const integer = (name: string, min: number) => (value: string): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new InvalidArgumentError(`${name} must be a whole number of at least ${min}.`);
  return n;
};
const rate = (value: string): number => {
  const n = Number(value);
  if (!(n >= 0 && n <= 1)) throw new InvalidArgumentError("the rate is a share of rows between 0 and 1, e.g. 0.05.");
  return n;
};

const dateStyle = (value: string): DateStyle => {
  if (value !== "MDY" && value !== "DMY") throw new InvalidArgumentError("use MDY (MM/DD/YYYY) or DMY (DD/MM/YYYY).");
  return value;
};

export function register(program: Command): void {
  program
    .command("generate")
    .description("Write a realistic Dental-Exec export set (one CSV per object, attachments/, dynamics-users.json) from a seed")
    .requiredOption("--out <dir>", "folder to write the export set to")
    .option("--patients <n>", "number of patients", integer("--patients", 1), 50)
    .option("--seed <s>", "seed: the same seed gives the same bytes", integer("--seed", 0), 42)
    .option("--dirty <rate>", "share of rows (0-1) to damage with realistic defects; writes defects.json", rate)
    .option("--date-order <order>", "MDY writes dates MM/DD/YYYY (default), DMY writes them DD/MM/YYYY", dateStyle, "MDY" as DateStyle)
    .option("--no-attachments", "name attachments in clinical_notes.csv but do not write the files (benchmarks)")
    .action(async (opts: { out: string; patients: number; seed: number; dirty?: number; attachments: boolean; dateOrder: DateStyle }) => {
      const summary = await generateExports({
        out: opts.out, patients: opts.patients, seed: opts.seed, dirty: opts.dirty, attachments: opts.attachments, dateStyle: opts.dateOrder,
        onProgress: (n) => { if (process.stderr.isTTY) process.stderr.write(`\r${n.toLocaleString("en-US")} patients`); },
      });
      if (process.stderr.isTTY) process.stderr.write("\n");
      for (const f of summary.files) process.stdout.write(`${f.name.padEnd(26)} ${f.rows.toLocaleString("en-US").padStart(12)} rows\n`);
      process.stdout.write(`attachments/${opts.attachments ? "" : " (not written)"}`.padEnd(27) + `${summary.attachments.toLocaleString("en-US").padStart(12)} files, ${(summary.attachmentBytes / 1048576).toFixed(1)} MB (${summary.largeAttachments} above 5 MB)\n`);
      process.stdout.write(`dynamics-users.json        ${String(summary.users).padStart(12)} users\n`);
      if (opts.dirty) process.stdout.write(`defects.json               ${summary.defects.toLocaleString("en-US").padStart(12)} defects\n`);
    });
}
