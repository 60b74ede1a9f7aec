/**
 * Mapping benchmark: accuracy of the proposal over the labelled header variants (test/fixtures/mapping),
 * and the time to propose for 200 columns over 10,000 sampled rows. Run: `npx tsx bench/mapping.ts`.
 * Prints figures; asserts nothing (speed belongs here, not in tests).
 */
import { performance } from "node:perf_hooks";
import type { FileProposal, Proposal } from "../migration/mapping/types";
import { findRelationships, proposeMapping } from "../migration/mapping";
import { objectSpec } from "../migration/model/objects";
import { ColumnProfiler } from "../migration/source/column-profiler";
import { inventoryOf, labelledSet, rowSourceOf, synthesise, type SyntheticFile } from "../test/fixtures/mapping/build";
import { headerVariants, type VariantFile } from "../test/fixtures/mapping/header-variants";
import { holdoutVariants, holdoutVariants2 } from "../test/fixtures/mapping/header-variants-holdout";
import { holdoutVariants3 } from "../test/fixtures/mapping/header-variants-holdout3";

interface Score {
  files: number;
  filesRight: number;
  columns: number;
  columnsRight: number;
  /** Wrong proposals (wrong field, or custom / do-not-migrate of a column that has a home) at confidence ≥ 0.8. */
  confidentlyWrong: number;
  misses: string[];
}

/** From this confidence up a proposal reads as sure to the admin: it must be right. */
const HIGH = 0.8;

/** A column is right when it maps to its labelled field; an unlabelled one when it becomes a custom column (objects that take them) or do-not-migrate. */
export function scoreProposal(proposal: Proposal, variants: VariantFile[]): Score {
  const score: Score = { files: 0, filesRight: 0, columns: 0, columnsRight: 0, confidentlyWrong: 0, misses: [] };
  for (const variant of variants) {
    const file = proposal.files.find((f) => f.file === variant.file) as FileProposal;
    score.files++;
    if (file.object === variant.object) score.filesRight++;
    else score.misses.push(`${variant.file}: object ${file.object} (expected ${variant.object})`);
    const custom = objectSpec(variant.object).acceptsCustomFields;
    for (const column of variant.columns) {
      const got = file.columns.find((c) => c.source === column.header);
      score.columns++;
      const right = column.field !== null ? got?.field === column.field : custom ? got?.target?.startsWith("custom:") && got.field === null : got?.target === null;
      if (right) score.columnsRight++;
      else {
        const sure = (got?.confidence ?? 0) >= HIGH;
        if (sure) score.confidentlyWrong++;
        score.misses.push(`${variant.file} '${column.header}': ${got?.field ?? got?.target ?? "null"} at ${(got?.confidence ?? 0).toFixed(2)}${sure ? " (CONFIDENTLY WRONG)" : ""} [${got?.evidence ?? ""}] (expected ${column.field ?? (custom ? "custom" : "null")})`);
      }
    }
  }
  return score;
}

const pct = (a: number, b: number): string => `${((100 * a) / b).toFixed(1)}%`;

async function accuracy(variants: VariantFile[], title: string): Promise<void> {
  const set = labelledSet(variants);
  const plain = scoreProposal(proposeMapping(inventoryOf(set)), variants);
  const relationships = await findRelationships(rowSourceOf(set));
  const linked = scoreProposal(proposeMapping(inventoryOf(set), { relationships }), variants);
  for (const [name, s] of [["headers and values", plain], ["with relationships", linked]] as const) {
    console.log(`${title} accuracy (${name}): files ${s.filesRight}/${s.files} = ${pct(s.filesRight, s.files)}; columns ${s.columnsRight}/${s.columns} = ${pct(s.columnsRight, s.columns)}; wrong at confidence ≥ ${HIGH}: ${s.confidentlyWrong}`);
  }
  for (const miss of linked.misses) console.log(`  miss: ${miss}`);
}

/** 200 columns over 10,000 rows: the labelled layouts cycled until 200 columns, 10,000 rows shared among the files. */
function largeSet(): SyntheticFile[] {
  const files: SyntheticFile[] = [];
  let columns = 0;
  for (let i = 0; columns < 200; i++) {
    const v = headerVariants[i % headerVariants.length];
    const take = Math.min(v.columns.length, 200 - columns);
    const variant = { ...v, file: `${i}-${v.file}`, columns: v.columns.slice(0, take) };
    files.push(synthesise(variant, 5000 + i, 1));
    columns += take;
  }
  const perFile = Math.ceil(10000 / files.length);
  return files.map((f, i) => synthesise(f.variant, 5000 + i, perFile));
}

async function speed(): Promise<void> {
  const set = largeSet();
  const columns = set.reduce((n, f) => n + f.info.headers.length, 0);
  const rows = set.reduce((n, f) => n + f.rows.length, 0);
  const inventory = inventoryOf(set);
  proposeMapping(inventory); // warm-up: JIT and module initialisation
  const runs = 5;
  const times: number[] = [];
  const relTimes: number[] = [];
  const profileTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const tp = performance.now();
    for (const f of set) {
      for (const header of f.info.headers) {
        const profiler = new ColumnProfiler(header);
        for (const row of f.rows) profiler.add(row.values[header]);
        profiler.result();
      }
    }
    profileTimes.push(performance.now() - tp);
    const t0 = performance.now();
    const relationships = await findRelationships(rowSourceOf(set));
    const t1 = performance.now();
    proposeMapping(inventory, { relationships });
    const t2 = performance.now();
    relTimes.push(t1 - t0);
    times.push(t2 - t1);
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`speed: ${columns} columns in ${set.length} files over ${rows.toLocaleString("en-US")} rows (median of ${runs}):`);
  console.log(`  findRelationships ${median(relTimes).toFixed(0)} ms; proposeMapping ${median(times).toFixed(0)} ms; together ${(median(relTimes) + median(times)).toFixed(0)} ms (target < 2,000 ms)`);
  console.log(`  (the reader's column profiling of the same rows, before proposing: ${median(profileTimes).toFixed(0)} ms)`);
}

async function main(): Promise<void> {
  await accuracy(headerVariants, "labelled set");
  await accuracy(holdoutVariants, "holdout set");
  await accuracy(holdoutVariants2, "second holdout set");
  await accuracy(holdoutVariants3, "third holdout set (issue 18)");
  await speed();
}

void main();
