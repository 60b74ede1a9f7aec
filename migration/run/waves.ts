import { objectSpec } from "../model/objects";
import type { PlanStage } from "../plan/types";

/**
 * Groups the plan's stages (in dependency order) into waves whose stages can load side by side: a stage
 * joins the current wave unless the wave already holds its own object (a later stage of the same object
 * builds on the earlier one) or an object it depends on. The child tables, notes and activities, which
 * all depend only on patients, providers and policies, end up together; accounts, patients and policies
 * keep their order.
 */
export function stageWaves(stages: PlanStage[]): PlanStage[][] {
  const waves: PlanStage[][] = [];
  let wave: PlanStage[] = [];
  for (const stage of stages) {
    const needs = new Set([stage.object, ...objectSpec(stage.object).dependsOn]);
    const blocked = wave.some((s) => needs.has(s.object) || s.table === stage.table);
    if (blocked) {
      waves.push(wave);
      wave = [];
    }
    wave.push(stage);
  }
  if (wave.length > 0) waves.push(wave);
  return waves;
}
