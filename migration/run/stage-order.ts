import { objectSpec } from "../model/objects";
import type { PlanStage } from "../plan/types";

/** Tables whose records no other record binds to: connections only link a patient to a practice location. */
const LINK_TABLES = new Set(["connection"]);

/** The stage creates records that later stages may bind to (not an update, not a link). */
const bindable = (stage: PlanStage) => stage.operation !== "update" && !LINK_TABLES.has(stage.table);

/**
 * For each stage of the plan (in dependency order), the earlier stages it must wait for: the stages that
 * create the records it binds to (those of the objects it depends on; not their update stages or links,
 * which create nothing to bind to), the earlier stages writing the same table, and the earlier stages of
 * its own object (a later one builds on them) unless the object's stages are independent. Every other
 * stage may load at the same time, so a stage starts as soon as what it needs has landed.
 */
export function stageDependencies(stages: PlanStage[]): Map<PlanStage, PlanStage[]> {
  const out = new Map<PlanStage, PlanStage[]>();
  stages.forEach((stage, i) => {
    const spec = objectSpec(stage.object);
    const needs = new Set(spec.dependsOn);
    out.set(stage, stages.slice(0, i).filter((earlier) =>
      (needs.has(earlier.object) && bindable(earlier)) ||
      earlier.table === stage.table ||
      (earlier.object === stage.object && !spec.independentStages),
    ));
  });
  return out;
}

/**
 * Runs `load` on every stage as soon as the stages it depends on have finished, all at once otherwise
 * (the load shares the run's request places, so running stages side by side does not multiply requests);
 * `awaited` tells it whether later stages wait for this one.
 * A stage whose dependency failed does not start. Resolves once every stage has settled; rejects with the
 * first failure in plan order.
 */
export async function loadInOrder(stages: PlanStage[], load: (stage: PlanStage, awaited: boolean) => Promise<void>): Promise<void> {
  const dependencies = stageDependencies(stages);
  const awaited = new Set([...dependencies.values()].flat());
  const running = new Map<PlanStage, Promise<void>>();
  for (const stage of stages) {
    const before = dependencies.get(stage)!.map((d) => running.get(d)!);
    running.set(stage, Promise.all(before).then(() => load(stage, awaited.has(stage))));
  }
  const outcomes = await Promise.allSettled(running.values());
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === "rejected");
  if (failed) throw failed.reason;
}
